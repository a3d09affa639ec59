package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.retrocut.analysis.spark.CheckCommandRunner;
import io.retrocut.events.HlcUnit;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Executes every notebook in {@code notebooks/} with {@code jupyter nbconvert --execute} on a sample's events and
 * check output, and asserts its figures were saved. A missing jupyter fails the test (install
 * {@code notebooks/requirements.txt}); only {@code RETROCUT_SKIP_NOTEBOOKS=1} skips it. {@code RETROCUT_PYTHON} names
 * the Python to use (default {@code python3}).
 */
class NotebooksTest {
    private static final Path NOTEBOOKS = Path.of("../notebooks");
    private static final Path SAMPLES = Path.of("../sample-data");
    private static SparkSession spark;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("RETROCUT_SKIP_NOTEBOOKS")), "RETROCUT_SKIP_NOTEBOOKS=1");
        Run version = run(List.of(python(), "-m", "jupyter", "nbconvert", "--version"), temp, List.of());
        if (version.exitCode() != 0) {
            fail("jupyter nbconvert is not available to " + python() + " (install it: pip install -r notebooks/requirements.txt,"
                    + " or set RETROCUT_SKIP_NOTEBOOKS=1 to skip):\n" + version.output());
        }
        spark = SparkSession.builder().master("local[2]").appName("retrocut-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "violations.ipynb, nat, violation-timeline.png state-around-violation.png",
        "raft-leaders.ipynb, raft-prevote, raft-leader-changes.png",
        "zookeeper-staleness.ipynb, zookeeper, zookeeper-staleness.png"
    })
    void notebookRunsAndSavesItsFigures(String notebook, String sample, String figures) throws Exception {
        Path work = temp.resolve(notebook.replace(".ipynb", ""));
        Path events = work.resolve("events");
        Path check = work.resolve("check");
        Path figuresDir = work.resolve("figures");
        Ingest.run(new IngestOptions(List.of(SAMPLES.resolve(sample).resolve("logs")), events, HlcUnit.MS, true, false,
                IngestOptions.DEFAULT_MAX_LINE_BYTES), IngestProgress.NONE);
        CheckCommandRunner.run(spark, new CheckCommandRunner.Request(events.toString(), SAMPLES.resolve(sample).resolve("invariants.yaml"),
                null, null, null, 0, check.toString(), false));

        Run executed = run(List.of(python(), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=300", "--output-dir", work.resolve("executed").toString(),
                NOTEBOOKS.resolve(notebook).toString()), NOTEBOOKS, List.of(
                "RETROCUT_EVENTS=" + events.toAbsolutePath(), "RETROCUT_CHECK=" + check.toAbsolutePath(),
                "RETROCUT_FIGURES=" + figuresDir.toAbsolutePath()));
        assertThat(executed.exitCode()).as("nbconvert of %s:%n%s", notebook, executed.output()).isZero();
        for (String figure : figures.split(" ")) {
            Path png = figuresDir.resolve(figure);
            assertThat(png).as("%s saves %s", notebook, figure).exists();
            assertThat(Files.size(png)).isGreaterThan(5_000);
        }
    }

    private static String python() {
        String python = System.getenv("RETROCUT_PYTHON");
        return python == null || python.isBlank() ? "python3" : python;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Path directory, List<String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Path log = Files.createTempFile(temp, "process", ".log");
        builder.redirectOutput(log.toFile());
        for (String variable : environment) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Run(124, "timed out after 10 minutes: " + String.join(" ", command));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
