package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.InvariantsFile;
import io.retrocut.analysis.report.ReplayStep;
import io.retrocut.analysis.report.Snapshot;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.analysis.time.TimeArgument;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** What {@code retrocut snapshot}, {@code replay} and {@code clocks} do: parse times in the dataset's unit, run the job. */
public final class ForensicsCommandRunner {
    public record SnapshotOutcome(Snapshot snapshot, HlcUnit unit) {
    }

    public record ReplayOutcome(List<ReplayStep> steps, HlcUnit unit) {
    }

    private ForensicsCommandRunner() {
    }

    public static SnapshotOutcome snapshot(String master, String events, String at, String key) {
        return withSpark("retrocut snapshot", master, spark -> snapshot(spark, events, at, key));
    }

    public static SnapshotOutcome snapshot(SparkSession spark, String events, String at, String key) {
        EventsDataset dataset = EventsDataset.open(spark, events);
        TimeArgument time = TimeArgument.parse(at, dataset.unit());
        return new SnapshotOutcome(ForensicsJob.snapshot(spark, dataset, time.upper(), key), dataset.unit());
    }

    /** @param invariants optional: with it, each step also lists the invariants whose verdict flipped */
    public static ReplayOutcome replay(String master, String events, String from, String to, String key, Path invariants) {
        if (invariants != null) {
            InvariantsFile.load(invariants);
        }
        return withSpark("retrocut replay", master, spark -> replay(spark, events, from, to, key, invariants));
    }

    public static ReplayOutcome replay(SparkSession spark, String events, String from, String to, String key, Path invariants) {
        EventsDataset dataset = EventsDataset.open(spark, events);
        Window window = new Window(TimeArgument.parse(from, dataset.unit()).lower(), TimeArgument.parse(to, dataset.unit()).upper());
        if (window.to().isBefore(window.from())) {
            throw UserException.usage("--to " + to + " is before --from " + from);
        }
        CompiledChecks checks = invariants == null ? null
                : CheckCompiler.compile(spark, invariants.toString(), InvariantsFile.load(invariants), dataset.variables());
        return new ReplayOutcome(ForensicsJob.replay(spark, dataset, window, key, checks), dataset.unit());
    }

    public static io.retrocut.analysis.report.ClockReport clocks(String master, String events) {
        return withSpark("retrocut clocks", master, spark -> ClocksJob.run(spark, events));
    }

    private static <T> T withSpark(String name, String master, Function<SparkSession, T> work) {
        SparkSession spark = Sessions.start(name, master);
        try {
            return work.apply(spark);
        } finally {
            spark.stop();
        }
    }
}
