package io.retrocut.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar ({@code cli/target/retrocut-app.jar}) under {@code spark-submit} on a real Spark standalone
 * cluster (a master and two one-core workers on 127.0.0.1, separate JVMs started from the Maven jars, Spark
 * provided by the cluster, not by the jar): {@code check --json} prints byte for byte what the embedded Spark
 * prints, with the same exit code, and still does when an executor is killed in the middle of the sweep.
 *
 * <p>Runs under maven-failsafe after {@code package}; the pom passes the jar, Spark's class path and Spark's JVM
 * flags as system properties.
 */
class SparkClusterIT {
    private static final Path SAMPLE = Path.of("../sample-data/raft").toAbsolutePath().normalize();
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration JOB = Duration.ofMinutes(6);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StandaloneCluster cluster;
    private static Path applicationJar;

    @TempDir
    Path temp;

    @BeforeAll
    static void startCluster() throws IOException {
        applicationJar = Path.of(property("retrocut.applicationJar"));
        List<Path> sparkJars = Arrays.stream(Files.readString(Path.of(property("retrocut.sparkClasspath"))).trim().split(":"))
                .map(Path::of).toList();
        List<String> jvmFlags = Arrays.asList(property("retrocut.sparkJvmFlags").trim().split("\\s+"));
        long start = System.nanoTime();
        cluster = StandaloneCluster.start(sparkJars, jvmFlags, 2, STARTUP);
        System.err.printf("SparkClusterIT: master and 2 workers up in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void applicationJarLeavesSparkScalaAndHadoopToTheCluster() throws IOException {
        try (JarFile jar = new JarFile(applicationJar.toFile())) {
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("io/retrocut/cli/Main.class", "picocli/CommandLine.class",
                    "io/retrocut/shaded/jackson/dataformat/yaml/YAMLFactory.class", "sample-data/raft/invariants.yaml");
            assertThat(names).noneMatch(name -> name.startsWith("org/apache/spark/") || name.startsWith("scala/")
                    || name.startsWith("org/apache/hadoop/") || name.startsWith("org/apache/parquet/")
                    || name.startsWith("com/fasterxml/jackson/") || name.startsWith("org/yaml/") || name.startsWith("org/slf4j/")
                    || name.equals("log4j2.properties"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.retrocut.cli.Main");
            assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path")).isNull();
        }
    }

    @Test
    void bundledExampleGivesTheLocalResultByteForByte() throws Exception {
        Path events = ingest(SAMPLE.resolve("logs"));
        List<String> check = List.of("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "--json");

        Cli.Result local = local(check);
        assertThat(local.exitCode()).as(local.err()).isEqualTo(1);

        StandaloneCluster.Submission submission = cluster.submit(applicationJar, check, JOB, null);
        assertThat(submission.exitCode()).as(() -> "spark-submit exit code\n" + describe(submission)).isEqualTo(local.exitCode());
        assertSameBytes(submission, local.out().getBytes(UTF_8));
        List<JsonNode> tasks = taskEnds(submission);
        assertThat(tasks).as("tasks in the event log").isNotEmpty();
        assertThat(tasks).allSatisfy(task -> assertThat(task.at("/Task End Reason/Reason").asText()).isEqualTo("Success"));
        assertThat(tasks).as("every task ran on an executor of the cluster, none in the driver")
                .noneMatch(task -> task.at("/Task Info/Executor ID").asText().equals("driver"));
    }

    @Test
    void killedExecutorMidSweepChangesNothing() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("logs"));
        RandomRaft.write(logs, new Random(11), 6, 4, 10_000);
        Path events = ingest(logs);
        // Two passes (slice deltas, then the sweep), so the recovery covers the broadcast slice starts as well.
        List<String> check = List.of("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "--json",
                "--time-slices", "3");

        Cli.Result local = local(check);
        assertThat(local.exitCode()).as(local.err()).isEqualTo(1);

        AtomicReference<String> killed = new AtomicReference<>();
        StandaloneCluster.Submission submission = cluster.submit(applicationJar, check, JOB, driver -> {
            killed.set(killAnExecutorMidSweep(driver, 2));
        });
        assertThat(submission.exitCode()).as(() -> "spark-submit exit code\n" + describe(submission)).isEqualTo(local.exitCode());
        assertSameBytes(submission, local.out().getBytes(UTF_8));
        List<JsonNode> lost = taskEnds(submission).stream()
                .filter(task -> task.at("/Task End Reason/Reason").asText().equals("ExecutorLostFailure"))
                .toList();
        assertThat(lost).as(() -> "tasks lost with executor " + killed.get() + "\n" + describe(submission)).isNotEmpty();
        assertThat(lost).allSatisfy(task -> assertThat(task.at("/Task Info/Executor ID").asText()).isEqualTo(killed.get()));
    }

    /**
     * Waits until the sweep is under way and kills the JVM of an executor running one of its tasks ({@code SIGKILL},
     * as a crash would). Returns its executor id.
     *
     * <p>"The sweep" is seen through the driver's REST API: with {@code --time-slices} the job has two passes over
     * the shuffled, sorted events, each a Spark job started from {@code CheckJob} that reads a shuffle (slice deltas,
     * then the sweep); the executor dies in the second, while it sweeps a partition it read from the shuffle, so the
     * shuffle output it held is lost with it and has to be recomputed as well.
     */
    private static String killAnExecutorMidSweep(StandaloneCluster.Driver driver, int pass) throws InterruptedException {
        long deadline = System.nanoTime() + JOB.toNanos();
        Map<Long, String> passes = new TreeMap<>();
        while (driver.isAlive() && System.nanoTime() < deadline) {
            for (JsonNode job : driver.api("jobs").orElse(JSON.createArrayNode())) {
                if (job.path("name").asText().contains("CheckJob") && job.path("stageIds").size() > 1) {
                    passes.put(job.path("jobId").asLong(), job.path("name").asText());
                }
            }
            if (passes.size() >= pass) {
                long jobId = List.copyOf(passes.keySet()).get(pass - 1);
                Optional<JsonNode> job = driver.api("jobs/" + jobId);
                if (job.isPresent() && job.get().path("status").asText().equals("RUNNING") && job.get().path("numActiveTasks").asInt() > 0) {
                    for (JsonNode executor : driver.api("executors").orElse(JSON.createArrayNode())) {
                        String id = executor.path("id").asText();
                        if (!id.equals("driver") && executor.path("activeTasks").asInt() > 0) {
                            Optional<ProcessHandle> process = cluster.executorProcess(id);
                            if (process.isPresent()) {
                                process.get().destroyForcibly();
                                process.get().onExit().join();
                                return id;
                            }
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the check job ended before an executor could be killed in pass " + pass + " of its sweep (jobs from "
                + "CheckJob that read a shuffle: " + passes + ")\n" + driver.diagnostics());
    }

    private Path ingest(Path logs) {
        Path events = temp.resolve("events");
        Cli.Result ingest = Cli.run("ingest", logs.toString(), "-o", events.toString(), "-q");
        assertThat(ingest.exitCode()).as(ingest.err()).isEqualTo(0);
        return events;
    }

    /** What {@code ./retrocut} prints: the same command in-process, on the embedded Spark. */
    private static Cli.Result local(List<String> check) {
        List<String> args = new ArrayList<>(check);
        args.addAll(List.of("--master", "local[2]"));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<JsonNode> taskEnds(StandaloneCluster.Submission submission) throws IOException {
        assertThat(submission.eventLog()).as("the event log of the submission").isNotNull();
        List<JsonNode> tasks = new ArrayList<>();
        for (String line : Files.readAllLines(submission.eventLog(), UTF_8)) {
            JsonNode event = JSON.readTree(line);
            if (event.path("Event").asText().equals("SparkListenerTaskEnd")) {
                tasks.add(event);
            }
        }
        return tasks;
    }

    /** The cluster's stdout is the local run's, byte for byte; a mismatch shows where, not megabytes of JSON. */
    private static void assertSameBytes(StandaloneCluster.Submission submission, byte[] local) {
        byte[] remote = submission.stdout();
        int at = Arrays.mismatch(remote, local);
        if (at >= 0) {
            throw new AssertionError(String.format("spark-submit's stdout (%d bytes) differs from the local run's (%d bytes) at byte %d:%n"
                    + "  cluster: …%s…%n  local:   …%s…%n%s", remote.length, local.length, at, excerpt(remote, at), excerpt(local, at),
                    describe(submission)));
        }
    }

    private static String excerpt(byte[] bytes, int at) {
        int from = Math.max(0, at - 120);
        return new String(bytes, from, Math.min(bytes.length, at + 120) - from, UTF_8);
    }

    private static String describe(StandaloneCluster.Submission submission) {
        List<String> lines = submission.stderr().lines().toList();
        return "--- spark-submit stderr (tail) ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()))
                + "\n" + cluster.diagnostics();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by the cli pom's failsafe configuration)", name).isNotBlank();
        return value;
    }
}
