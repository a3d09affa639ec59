package io.retrocut.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 for integration tests, started from the Maven jars: a master and workers,
 * each a separate JVM, and {@code spark-submit} ({@code org.apache.spark.deploy.SparkSubmit}) as one more. Its
 * SPARK_HOME is a temporary directory whose {@code jars/} links Spark's runtime jars, which is where a worker finds
 * the class path for the executors it starts. Every port is a free one (web UIs too).
 *
 * <p>{@link #close()} stops every process this class started, by pid, executors (the workers' children) included:
 * {@code destroy}, then {@code destroyForcibly} after a grace period. A shutdown hook does the same if the test JVM
 * goes down first. Then the temporary directory is deleted. Not thread-safe; one test class drives it.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One JVM this cluster started, with where its output went. */
    record Daemon(String name, Process process, Path stdout, Path stderr) {
    }

    /** A finished {@code spark-submit}. */
    record Submission(int exitCode, byte[] stdout, String stderr, Path eventLog) {
        String out() {
            return new String(stdout, UTF_8);
        }
    }

    private final Path root;
    private final Path sparkHome;
    private final List<String> jvmFlags;
    private final String javaCommand;
    private final List<Daemon> daemons = new CopyOnWriteArrayList<>();
    private final List<Daemon> workers = new ArrayList<>();
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int masterPort;
    private int masterUiPort;
    private int submissions;
    private boolean closed;

    private StandaloneCluster(Path root, List<String> jvmFlags) {
        this.root = root;
        this.sparkHome = root.resolve("spark-home");
        this.jvmFlags = List.copyOf(jvmFlags);
        this.javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.shutdownHook = new Thread(this::stopAll, "stop-spark-standalone-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a master and {@code workerCount} workers of one core and 1 GiB each, and waits until the master sees
     * them all alive.
     *
     * @param sparkJars Spark's runtime jars (what a Spark distribution's {@code jars/} holds)
     * @param jvmFlags Spark's JVM module flags, for every JVM including executors
     */
    static StandaloneCluster start(List<Path> sparkJars, List<String> jvmFlags, int workerCount, Duration timeout) throws IOException {
        StandaloneCluster cluster = new StandaloneCluster(Files.createTempDirectory("retrocut-cluster-"), jvmFlags);
        try {
            cluster.linkJars(sparkJars);
            cluster.startMaster(timeout);
            for (int i = 0; i < workerCount; i++) {
                cluster.startWorker(i);
            }
            cluster.awaitWorkers(workerCount, timeout);
            return cluster;
        } catch (RuntimeException | IOException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://" + HOST + ":" + masterPort;
    }

    private void linkJars(List<Path> sparkJars) throws IOException {
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("conf"));
        int index = 0;
        for (Path jar : sparkJars) {
            // Numbered, as two artifacts may share a file name (classifiers); the class path is jars/*.
            Files.createSymbolicLink(jars.resolve(String.format("%03d-%s", index++, jar.getFileName())), jar.toAbsolutePath());
        }
    }

    private void startMaster(Duration timeout) throws IOException {
        masterPort = freePort();
        masterUiPort = freePort();
        Daemon master = launch("master", List.of("-Xmx512m"), "org.apache.spark.deploy.master.Master",
                List.of("--host", HOST, "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
        await("the master at " + masterUrl() + " to be ALIVE", timeout, List.of(master), () -> masterState()
                .filter(state -> "ALIVE".equals(state.path("status").asText())).isPresent());
    }

    private void startWorker(int index) throws IOException {
        Path workDirectory = Files.createDirectories(root.resolve("work-" + index));
        Daemon worker = launch("worker-" + index, List.of("-Xmx512m"), "org.apache.spark.deploy.worker.Worker",
                List.of("--host", HOST, "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                        "--cores", "1", "--memory", "1g", "--work-dir", workDirectory.toString(), masterUrl()));
        workers.add(worker);
    }

    private void awaitWorkers(int count, Duration timeout) {
        await(count + " worker(s) to register with the master", timeout, daemons, () -> masterState()
                .map(state -> state.path("aliveworkers").asInt() >= count).orElse(false));
    }

    /** The master's JSON status page, or empty while it does not answer. */
    Optional<JsonNode> masterState() {
        return getJson("http://" + HOST + ":" + masterUiPort + "/json/");
    }

    /**
     * Runs {@code spark-submit --master spark://… --deploy-mode client --class io.retrocut.cli.Main APP_JAR ARGS…}
     * and waits for it. The driver's UI is on (at a free port) so that {@code whileRunning} can watch the job
     * through its REST API, and the event log is kept (uncompressed) so that a test can see which executor ran and
     * lost which task.
     */
    Submission submit(Path applicationJar, List<String> args, Duration timeout, DriverWatcher whileRunning) throws IOException, InterruptedException {
        int number = submissions++;
        Path eventLogs = Files.createDirectories(root.resolve("event-logs-" + number));
        int uiPort = freePort();
        String flags = String.join(" ", jvmFlags);
        List<String> arguments = new ArrayList<>(List.of(
                "--master", masterUrl(), "--deploy-mode", "client", "--class", "io.retrocut.cli.Main",
                "--conf", "spark.driver.host=" + HOST, "--conf", "spark.driver.bindAddress=" + HOST,
                "--conf", "spark.driver.extraJavaOptions=" + flags, "--conf", "spark.executor.extraJavaOptions=" + flags,
                "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1",
                "--conf", "spark.ui.enabled=true", "--conf", "spark.ui.port=" + uiPort, "--conf", "spark.port.maxRetries=50",
                "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + eventLogs.toUri(),
                "--conf", "spark.eventLog.compress=false", "--conf", "spark.eventLog.rolling.enabled=false",
                applicationJar.toString()));
        arguments.addAll(args);
        long start = System.nanoTime();
        Daemon submit = launch("submit-" + number, List.of("-Xmx1g"), "org.apache.spark.deploy.SparkSubmit", arguments);
        try {
            if (whileRunning != null) {
                whileRunning.watch(new Driver(submit, uiPort));
            }
            if (!submit.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("spark-submit did not finish within " + timeout + "\n" + diagnostics());
            }
            int exitCode = submit.process().exitValue();
            System.err.printf("StandaloneCluster: spark-submit %s exited with %d after %.1f s%n", String.join(" ", args), exitCode,
                    (System.nanoTime() - start) / 1e9);
            try (Stream<Path> logs = Files.list(eventLogs)) {
                Path eventLog = logs.filter(Files::isRegularFile).findFirst().orElse(null);
                return new Submission(exitCode, Files.readAllBytes(submit.stdout()), Files.readString(submit.stderr()), eventLog);
            }
        } finally {
            stop(submit);
            daemons.remove(submit);
        }
    }

    /** Watches a running driver; called once, while the submission runs. */
    @FunctionalInterface
    interface DriverWatcher {
        void watch(Driver driver) throws IOException, InterruptedException;
    }

    /** A running {@code spark-submit} (the driver, in client mode) and its REST API. */
    final class Driver {
        private final Daemon daemon;
        private final int uiPort;

        private Driver(Daemon daemon, int uiPort) {
            this.daemon = daemon;
            this.uiPort = uiPort;
        }

        boolean isAlive() {
            return daemon.process().isAlive();
        }

        /** {@code /api/v1/applications/{id}/PATH} of the running application, or empty while there is none. */
        Optional<JsonNode> api(String path) {
            Optional<JsonNode> applications = getJson("http://" + HOST + ":" + uiPort + "/api/v1/applications");
            if (applications.isEmpty() || applications.get().size() == 0) {
                return Optional.empty();
            }
            String id = applications.get().get(0).path("id").asText();
            return getJson("http://" + HOST + ":" + uiPort + "/api/v1/applications/" + id + "/" + path);
        }

        String diagnostics() {
            return StandaloneCluster.this.diagnostics();
        }
    }

    /** The JVM of executor {@code executorId}: a child process of one of the workers. */
    Optional<ProcessHandle> executorProcess(String executorId) {
        return workers.stream().flatMap(worker -> worker.process().descendants())
                .filter(process -> isExecutor(process, executorId))
                .findFirst();
    }

    private static boolean isExecutor(ProcessHandle process, String executorId) {
        List<String> arguments = process.info().arguments().map(List::of).orElse(List.of());
        int at = arguments.indexOf("--executor-id");
        return arguments.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                && at >= 0 && at + 1 < arguments.size() && arguments.get(at + 1).equals(executorId);
    }

    private Daemon launch(String name, List<String> heap, String mainClass, List<String> arguments) throws IOException {
        Path logs = Files.createDirectories(root.resolve("logs"));
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(jvmFlags);
        command.addAll(heap);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        Map<String, String> environment = builder.environment();
        // Whatever Spark set-up the machine has must not leak in: this cluster is exactly the Maven jars.
        environment.keySet().removeIf(variable -> variable.startsWith("SPARK_") || variable.startsWith("PYSPARK_")
                || variable.startsWith("HADOOP_") || variable.equals("YARN_CONF_DIR"));
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_LOCAL_IP", HOST);
        environment.put("SPARK_LOCAL_DIRS", Files.createDirectories(root.resolve("local-" + name)).toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        Daemon daemon = new Daemon(name, builder.start(), logs.resolve(name + ".out"), logs.resolve(name + ".err"));
        daemons.add(daemon);
        return daemon;
    }

    private void await(String what, Duration timeout, List<Daemon> mustStayAlive, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            for (Daemon daemon : mustStayAlive) {
                if (!daemon.process().isAlive()) {
                    throw new AssertionError("while waiting for " + what + ", " + daemon.name() + " exited with code "
                            + daemon.process().exitValue() + "\n" + diagnostics());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + diagnostics());
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private Optional<JsonNode> getJson(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The tail of every process's stderr and of every executor's, for a failure message. */
    String diagnostics() {
        StringBuilder text = new StringBuilder("--- cluster at ").append(root).append(" ---\n");
        for (Daemon daemon : daemons) {
            text.append("--- ").append(daemon.name()).append(" (pid ").append(daemon.process().pid()).append(", ")
                    .append(daemon.process().isAlive() ? "running" : "exit code " + daemon.process().exitValue()).append(") stderr ---\n")
                    .append(tail(daemon.stderr(), 60));
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.getFileName().toString().equals("stderr") && file.toString().contains("/work-"))
                    .sorted()
                    .forEach(file -> text.append("--- executor ").append(root.relativize(file.getParent())).append(" stderr ---\n")
                            .append(tail(file, 40)));
        } catch (IOException | UncheckedIOException e) {
            text.append("(could not list executor logs: ").append(e).append(")\n");
        }
        return text.toString();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        deleteRecursively(root);
    }

    /** Submissions first, then workers (and their executors), then the master: by pid, never by name. */
    private synchronized void stopAll() {
        List<Daemon> reverse = new ArrayList<>(daemons);
        Collections.reverse(reverse);
        for (Daemon daemon : reverse) {
            stop(daemon);
        }
        daemons.clear();
    }

    private static void stop(Daemon daemon) {
        List<ProcessHandle> children = daemon.process().descendants().toList();
        daemon.process().destroy();
        children.forEach(ProcessHandle::destroy);
        awaitExit(daemon.process().toHandle());
        children.forEach(StandaloneCluster::awaitExit);
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // nothing more can be done about a process that survives SIGKILL
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            // walkFileTree does not follow links: the jars/ links go, the Maven jars they point to stay.
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
