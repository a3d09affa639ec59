package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.analysis.report.ClockReport;
import io.retrocut.analysis.report.ClockReports;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retrocut clocks on a dump whose n2 clock runs 10 ms behind n1's, ingested for real. */
class ClocksJobTest {
    private static SparkSession spark;
    @TempDir
    static Path temp;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void reportsSkewReceivesBeforeSendsAndRegressions() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("logs"));
        Files.write(logs.resolve("n1.jsonl"), List.of(
                "{\"node\":\"n1\",\"ts\":\"2025-11-22T08:26:40.100Z\",\"type\":\"Send\",\"send\":\"m1\"}",
                "{\"node\":\"n1\",\"ts\":\"2025-11-22T08:26:40.200Z\",\"type\":\"Recv\",\"recv\":\"m2\"}",
                "{\"node\":\"n1\",\"ts\":\"2025-11-22T08:26:40.300Z\",\"type\":\"Recv\",\"recv\":\"m9\"}"));
        Files.write(logs.resolve("n2.jsonl"), List.of(
                "{\"node\":\"n2\",\"ts\":\"2025-11-22T08:26:40.090Z\",\"type\":\"Recv\",\"recv\":\"m1\"}",
                "{\"node\":\"n2\",\"ts\":\"2025-11-22T08:26:40.150Z\",\"type\":\"Send\",\"send\":\"m2\"}",
                "{\"node\":\"n2\",\"hlc\":{\"l\":1763800000001,\"c\":0},\"type\":\"Late\"}"));
        Path events = temp.resolve("events");
        Ingest.run(IngestOptions.of(List.of(logs), events), IngestProgress.NONE);

        ClockReport report = ClocksJob.run(spark, events.toString());
        assertThat(report.messages()).isEqualTo(2);
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.suggestedMaxSkewMs()).isEqualTo(10);
        assertThat(report.nodes()).containsExactly(
                new ClockReport.NodeClock("n1", 3, 2, 0L, 0, 1, 0L, 0, 0),
                new ClockReport.NodeClock("n2", 2, 1, 10L, 1, 0, 10L, 1, 1));
        assertThat(ClockReports.json(report)).isEqualTo("{\"messages\":2,\"matched\":2,\"suggested_max_skew_ms\":10,\"nodes\":["
                + "{\"node\":\"n1\",\"events\":3,\"received\":2,\"observed_skew_ms\":0,\"received_before_sent\":0,\"receives_without_send\":1,"
                + "\"hlc_ahead_of_clock_ms\":0,\"max_logical_counter\":0,\"hlc_regressions\":0},"
                + "{\"node\":\"n2\",\"events\":2,\"received\":1,\"observed_skew_ms\":10,\"received_before_sent\":1,\"receives_without_send\":0,"
                + "\"hlc_ahead_of_clock_ms\":10,\"max_logical_counter\":1,\"hlc_regressions\":1}]}");
    }
}
