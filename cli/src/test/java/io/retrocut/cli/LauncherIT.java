package io.retrocut.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code ./retrocut}) with its class-data archive in every state a user can leave it in: it
 * must use a good archive, and never fail or print anything extra because of a bad or missing one. Runs under
 * maven-failsafe after {@code package}, on a copy of the launcher next to the built jar; the training run itself
 * (half a minute) is left to the first real use.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("../retrocut").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath().normalize();
    private static final Path SAMPLE = Path.of("../sample-data/raft").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private Path root;
    private Path jar;
    private Path archive;
    private Path stamp;

    @BeforeEach
    void layOutACheckout() throws IOException {
        root = temp.toRealPath();
        Path target = Files.createDirectories(root.resolve("cli/target"));
        Files.copy(LAUNCHER, root.resolve("retrocut"));
        jar = target.resolve("retrocut.jar");
        Files.createSymbolicLink(jar, TARGET.resolve("retrocut.jar"));
        Files.createSymbolicLink(target.resolve("lib"), TARGET.resolve("lib"));
        archive = target.resolve("retrocut.jsa");
        stamp = target.resolve("retrocut.jsa.stamp");
    }

    @Test
    void usesAGoodArchive() throws Exception {
        record(archive);
        writeStamp(Files.size(archive));

        // "(top)": loaded from the dynamic archive on top of the JDK's own.
        Result result = launch(Map.of("RETROCUT_JAVA_OPTS", "-Xlog:class+load=info"), "--version");

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("io.retrocut.cli.Main source: shared objects file (top)");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void ignoresATruncatedArchive() throws Exception {
        // Mapped as is, a truncated archive crashes the JVM (SIGBUS); its size no longer matches the stamp.
        Path good = temp.resolve("good.jsa");
        record(good);
        writeStamp(Files.size(good));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertRunsCleanly(launch(Map.of(), "--version"));
    }

    @Test
    void ignoresACorruptArchiveSilently() throws Exception {
        Files.write(archive, new byte[64 * 1024]);
        writeStamp(64 * 1024);

        assertRunsCleanly(launch(Map.of(), "--version"));
    }

    @Test
    void runsWithoutAnArchiveWhenTheLastTrainingProducedNone() throws Exception {
        writeStamp(0);

        assertRunsCleanly(launch(Map.of(), "--version"));
        assertThat(archive).doesNotExist();
    }

    @Test
    void runsWithoutAnArchiveWhenTurnedOff() throws Exception {
        Result result = launch(Map.of("RETROCUT_CDS", "off"), "--version");

        assertRunsCleanly(result);
        assertThat(stamp).doesNotExist();
    }

    @Test
    void aHeapTooSmallForSparkIsAUsageErrorWithoutAStackTrace() throws Exception {
        Path events = temp.resolve("events");
        Result ingest = launch(Map.of("RETROCUT_CDS", "off"), "ingest", SAMPLE.resolve("logs").toString(), "-o", events.toString(), "-q");
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();

        Result check = launch(Map.of("RETROCUT_CDS", "off", "RETROCUT_JAVA_OPTS", "-Xmx256m"),
                "check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString());

        assertThat(check.err()).matches("retrocut: Spark needs a heap of at least 450 MB, and this JVM has \\d+ MB: raise -Xmx "
                + "\\(e\\.g\\. RETROCUT_JAVA_OPTS=-Xmx1g, or --driver-memory 1g with spark-submit\\)\\n");
        assertThat(check.out()).isEmpty();
        assertThat(check.exitCode()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void runningOutOfHeapSaysWhichKnobToTurnWithoutAStackTrace() throws Exception {
        // 16 MB lets the command start but not set up its Parquet writers
        Result ingest = launch(Map.of("RETROCUT_CDS", "off", "RETROCUT_JAVA_OPTS", "-Xmx16m"),
                "ingest", SAMPLE.resolve("logs").toString(), "-o", temp.resolve("events").toString(), "-q");

        assertThat(ingest.err()).matches("retrocut: out of memory: the Java heap \\(\\d+ MB\\) is too small for this input; raise it, "
                + "e\\.g\\. RETROCUT_JAVA_OPTS=-Xmx2g\\n");
        assertThat(ingest.exitCode()).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(temp.resolve("events")).doesNotExist();
    }

    @Test
    void givesAnIngestAFixedYoungGenerationUnlessTheHeapIsSizedByTheUser() throws Exception {
        Map<String, String> flags = Map.of("RETROCUT_CDS", "off", "RETROCUT_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Result ingest = launch(flags, "ingest", SAMPLE.resolve("logs").toString(), "-o", temp.resolve("events").toString(), "-q");

        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        long young = flag(ingest.out(), "NewSize");
        assertThat(flag(ingest.out(), "MaxNewSize")).isEqualTo(young);
        assertThat(young).isPositive().isLessThanOrEqualTo(450L << 20);

        Result sized = launch(Map.of("RETROCUT_CDS", "off", "RETROCUT_JAVA_OPTS", "-Xmx1g -XX:+PrintCommandLineFlags"),
                "ingest", SAMPLE.resolve("logs").toString(), "-o", temp.resolve("sized").toString(), "-q");
        assertThat(sized.exitCode()).as(sized.err()).isZero();
        assertThat(sized.out()).contains("-XX:MaxHeapSize=1073741824").doesNotContain("NewSize=");

        Result check = launch(flags, "check", temp.resolve("events").toString(), "-i", SAMPLE.resolve("invariants.yaml").toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
        assertThat(check.out()).doesNotContain("NewSize=");
    }

    @Test
    void writesUtf8UnderACLocale() throws Exception {
        // Java's default charset under LANG=C is ASCII: every non-ASCII character of a value became '?'
        Path logs = Files.createDirectories(temp.resolve("logs"));
        Files.writeString(logs.resolve("n1.jsonl"), "{\"node\":\"n1\",\"hlc\":{\"l\":1,\"c\":0},\"key\":\"k\",\"type\":\"Set\","
                + "\"set\":{\"leader\":\"n\u00e9\"}}\n{\"node\":\"n1\",\"hlc\":{\"l\":2,\"c\":0},\"key\":\"k\",\"set\":{\"leader\":\"n2\"}}\n");
        Path invariants = Files.writeString(temp.resolve("invariants.yaml"),
                "invariants:\n  - name: n2-leads\n    check: \"forall(nodes, n -> n.leader IS NULL OR n.leader = 'n2')\"\n");
        Map<String, String> locale = Map.of("LANG", "C", "LC_ALL", "C", "RETROCUT_CDS", "off");
        Path events = temp.resolve("events");
        assertThat(launch(locale, "ingest", logs.toString(), "-o", events.toString(), "-q").exitCode()).isZero();

        Result json = launch(locale, "check", events.toString(), "-i", invariants.toString(), "--json");
        Result text = launch(locale, "check", events.toString(), "-i", invariants.toString());

        assertThat(json.exitCode()).as(json.err()).isEqualTo(Main.EXIT_VIOLATIONS);
        assertThat(json.out()).contains("\"witness\":{\"nodes\":[{\"node\":\"n1\",\"leader\":\"n\u00e9\"}]").endsWith("]}\n");
        assertThat(text.out()).contains("n1 {leader=n\u00e9}");
    }

    @Test
    void ingestingTheSameLogsTwiceGivesTheSameBytes() throws Exception {
        // each run is a JVM of its own: the footers listed encodings and key-value metadata in orders that changed
        // between JVMs
        Map<String, String> environment = Map.of("RETROCUT_CDS", "off");
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        assertThat(launch(environment, "ingest", SAMPLE.toString(), "-o", first.toString(), "-q").exitCode()).isZero();
        assertThat(launch(environment, "ingest", SAMPLE.toString(), "-o", second.toString(), "-q").exitCode()).isZero();

        List<Path> files;
        try (var walk = Files.walk(first)) {
            files = walk.filter(Files::isRegularFile).map(first::relativize).sorted().toList();
        }
        assertThat(files).contains(Path.of("part-00000.parquet"), Path.of("_retrocut.json"));
        for (Path file : files) {
            assertThat(Files.readAllBytes(second.resolve(file))).as(file.toString())
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
        try (var walk = Files.walk(second)) {
            assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(files.size());
        }
    }

    /** The value of {@code -XX:name=} as {@code -XX:+PrintCommandLineFlags} printed it. */
    private static long flag(String printed, String name) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("-XX:" + name + "=(\\d+)\\b").matcher(printed);
        assertThat(value.find()).as("-XX:%s= in %s", name, printed).isTrue();
        return Long.parseLong(value.group(1));
    }

    private static void assertRunsCleanly(Result result) {
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).matches("retrocut [^\\n]*\\n");
        assertThat(result.exitCode()).isZero();
    }

    /** A real archive of this jar, from a short run (the launcher's training runs demo instead). */
    private void record(Path file) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:ArchiveClassesAtExit=" + file, "-Xlog:cds*=off", "-jar", jar.toString(), "--version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(file).isNotEmptyFile();
    }

    /** What the launcher writes after a training run: the JDK, the jar, the archive's size. */
    private void writeStamp(long size) throws IOException {
        Files.writeString(stamp, Path.of(java()).toRealPath() + "\n" + jar + "\n" + size + "\n");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Result launch(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("retrocut").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("RETROCUT_JAVA_OPTS");
        builder.environment().remove("RETROCUT_CDS");
        builder.environment().putAll(environment);
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("launcher finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exitCode, String out, String err) {
    }
}
