package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Durations;
import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.invariants.InvariantsFile;
import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.analysis.time.TimeArgument;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code retrocut check} does, in order: read the invariants file (no Spark yet, so its structural mistakes
 * are reported in a moment), start Spark, open the events and read the time window, compile every check against the
 * events' variables (SQL mistakes reported before any data is read) while the parts' starting cuts are folded, sweep,
 * and optionally write the result for notebooks.
 */
public final class CheckCommandRunner {
    /**
     * @param from inclusive lower bound of the cuts to check (SPEC §5 time forms), or null
     * @param to inclusive upper bound, or null
     * @param master Spark master URL, or null for the submission's or {@code local[*]}
     * @param timeSlices 0 = automatic time slicing of hot keys; n = slice every key into up to n slices
     * @param output directory for the Parquet result, or null
     */
    public record Request(String events, Path invariants, String from, String to, String master, int timeSlices, String output,
            boolean overwrite, String maxSkew) {
        public Request(String events, Path invariants, String from, String to, String master, int timeSlices, String output,
                boolean overwrite) {
            this(events, invariants, from, to, master, timeSlices, output, overwrite, null);
        }
    }

    public record Outcome(CheckResult result, HlcUnit unit) {
    }

    private CheckCommandRunner() {
    }

    public static Outcome run(Request request) {
        maxSkewMs(request);
        List<Invariant> invariants = InvariantsFile.load(request.invariants());
        if (request.output() != null) {
            ResultWriter.refuseExisting(new Configuration(), request.output(), request.overwrite());
        }
        SparkSession spark = Sessions.start("retrocut check", request.master());
        try {
            return run(spark, request, invariants);
        } finally {
            spark.stop();
        }
    }

    /** Runs on an existing session (tests share one per class). */
    public static Outcome run(SparkSession spark, Request request) {
        return run(spark, request, InvariantsFile.load(request.invariants()));
    }

    private static Long maxSkewMs(Request request) {
        if (request.maxSkew() == null) {
            return null;
        }
        try {
            return Durations.parseMillis(request.maxSkew());
        } catch (IllegalArgumentException e) {
            throw UserException.usage("bad --max-skew: " + e.getMessage());
        }
    }

    private static Outcome run(SparkSession spark, Request request, List<Invariant> invariants) {
        if (request.timeSlices() < 0) {
            throw UserException.usage("--time-slices must be 0 (automatic) or positive, got " + request.timeSlices());
        }
        EventsDataset events = EventsDataset.open(spark, request.events());
        Window window = new Window(
                request.from() == null ? null : TimeArgument.parse(request.from(), events.unit()).lower(),
                request.to() == null ? null : TimeArgument.parse(request.to(), events.unit()).upper());
        if (window.from() != null && window.to() != null && window.to().isBefore(window.from())) {
            throw UserException.usage("--to " + request.to() + " is before --from " + request.from());
        }
        // the parts' starting cuts are folded while the checks compile
        CheckJob.Prepared prepared = CheckJob.prepare(spark, events, new CheckJob.Options(window, request.timeSlices(), 0));
        CompiledChecks checks = CheckCompiler.compile(spark, request.invariants().toString(), invariants, events.variables());
        CheckResult result = CheckJob.run(spark, prepared, checks).withMaxSkew(maxSkewMs(request));
        if (request.output() != null) {
            ResultWriter.write(spark, result, events.unit(), request.output(), request.overwrite());
        }
        return new Outcome(result, events.unit());
    }
}
