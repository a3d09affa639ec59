package io.retrocut.simulate;

import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.spark.CheckCommandRunner;
import io.retrocut.events.HlcUnit;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Runs retrocut itself (ingest, then check on a shared session) on a simulated run's directory. */
final class Checked {
    private Checked() {
    }

    static SparkSession spark() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("retrocut-simulate-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    static CheckResult check(SparkSession spark, Path run) {
        Path events = run.resolve("events");
        Ingest.run(new IngestOptions(List.of(run.resolve("logs")), events, HlcUnit.MS, true, false, IngestOptions.DEFAULT_MAX_LINE_BYTES),
                IngestProgress.NONE);
        return CheckCommandRunner.run(spark, new CheckCommandRunner.Request(events.toString(), run.resolve("invariants.yaml"),
                null, null, null, 0, null, false)).result();
    }
}
