package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retrocut.analysis.report.CheckReports;
import io.retrocut.analysis.spark.CheckCommandRunner;
import io.retrocut.events.HlcUnit;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each simulated sample's {@code expected-check.json} is what {@code check --json} prints on its logs and invariants
 * (witness files relative to the sample folder), and agrees with the simulator's {@code ground-truth.json}. Run with
 * {@code -Dretrocut.regenerateSamples=true} to rewrite the expected results after changing a sample.
 */
class SampleDataTest {
    private static final Path SAMPLES = Path.of("../sample-data");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("retrocut-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"raft-prevote", "zookeeper", "nat"})
    void expectedCheckResultHolds(String sample) throws Exception {
        Path folder = SAMPLES.resolve(sample);
        Path events = temp.resolve(sample);
        Ingest.run(new IngestOptions(java.util.List.of(folder.resolve("logs")), events, HlcUnit.MS, true, false,
                IngestOptions.DEFAULT_MAX_LINE_BYTES), IngestProgress.NONE);
        CheckCommandRunner.Outcome outcome = CheckCommandRunner.run(spark, new CheckCommandRunner.Request(events.toString(),
                folder.resolve("invariants.yaml"), null, null, null, 0, null, false));
        JsonNode actual = relativeFiles(JSON.readTree(CheckReports.json(outcome.result())), folder.toString() + "/");
        Path expectedFile = folder.resolve("expected-check.json");
        if (Boolean.getBoolean("retrocut.regenerateSamples")) {
            Files.writeString(expectedFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        assertThat(actual).isEqualTo(JSON.readTree(expectedFile.toFile()));

        JsonNode truth = JSON.readTree(folder.resolve("ground-truth.json").toFile());
        assertThat(actual.get("cuts")).isEqualTo(truth.get("cuts"));
        for (int i = 0; i < truth.get("invariants").size(); i++) {
            JsonNode expectedInvariant = truth.get("invariants").get(i);
            JsonNode checkedInvariant = actual.get("invariants").get(i);
            assertThat(checkedInvariant.get("violating_cuts")).isEqualTo(expectedInvariant.get("violating_cuts"));
            assertThat(checkedInvariant.get("intervals")).hasSameSizeAs(expectedInvariant.get("intervals"));
            for (int j = 0; j < expectedInvariant.get("intervals").size(); j++) {
                ObjectNode checked = ((ObjectNode) checkedInvariant.get("intervals").get(j)).deepCopy();
                checked.remove("witness");
                assertThat(checked).isEqualTo(expectedInvariant.get("intervals").get(j));
            }
        }
    }

    /** Witness files as paths relative to the sample folder, whatever path the logs were ingested from. */
    private static JsonNode relativeFiles(JsonNode node, String prefix) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode file = object.get("file");
            if (file != null && file.isTextual() && file.asText().startsWith(prefix)) {
                object.put("file", file.asText().substring(prefix.length()));
            }
            object.forEach(child -> relativeFiles(child, prefix));
        } else if (node.isArray()) {
            node.forEach(child -> relativeFiles(child, prefix));
        }
        return node;
    }
}
