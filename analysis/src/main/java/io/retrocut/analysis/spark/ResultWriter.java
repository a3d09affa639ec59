package io.retrocut.analysis.spark;

import io.retrocut.analysis.report.CheckReports;
import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.report.InvariantResult;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.io.IOException;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a check result for notebooks ({@code check -o OUT_DIR}): {@code intervals/}, {@code witness_nodes/} and
 * {@code witness_events/} as Parquet, and {@code check.json} (the {@code --json} document). The directory appears
 * atomically: it is written beside the target and renamed at the end.
 */
public final class ResultWriter {
    static final StructType INTERVALS = new StructType()
            .add("invariant", "string", false).add("key", "string", false)
            .add("start_l", "long", false).add("start_c", "int", false).add("start_time", "timestamp", false)
            .add("end_l", "long", true).add("end_c", "int", true).add("end_time", "timestamp", true)
            .add("duration_ms", "long", false).add("cuts", "long", false).add("certainty", "string", true);
    static final StructType WITNESS_NODES = new StructType()
            .add("invariant", "string", false).add("key", "string", false)
            .add("start_l", "long", false).add("start_c", "int", false)
            .add("node", "string", false).add("variable", "string", false).add("value", "string", true);
    static final StructType WITNESS_EVENTS = new StructType()
            .add("invariant", "string", false).add("key", "string", false)
            .add("start_l", "long", false).add("start_c", "int", false)
            .add("node", "string", false).add("hlc_l", "long", false).add("hlc_c", "int", false)
            .add("type", "string", true).add("file", "string", false).add("line", "long", false).add("extra", "string", true);

    private ResultWriter() {
    }

    /** Refuses an existing output before any work is done, rather than after the sweep. */
    public static void refuseExisting(Configuration hadoop, String output, boolean overwrite) {
        try {
            Path target = new Path(output);
            if (!overwrite && target.getFileSystem(hadoop).exists(target)) {
                throw UserException.usage("output " + output + " already exists; pass --overwrite to replace it");
            }
        } catch (IOException e) {
            throw UserException.usage("cannot check output " + output + ": " + e.getMessage());
        }
    }

    public static void write(SparkSession spark, CheckResult result, HlcUnit unit, String output, boolean overwrite) {
        Path target = new Path(output);
        refuseExisting(spark.sparkContext().hadoopConfiguration(), output, overwrite);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
            try {
                writeTables(spark, result, unit, temporary.toString());
                try (Writer json = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(temporary, "check.json")),
                        StandardCharsets.UTF_8), 1 << 16)) {
                    CheckReports.writeJson(result, json);
                    json.write('\n');
                }
                if (fs.exists(target)) {
                    fs.delete(target, true);
                }
                if (!fs.rename(temporary, target)) {
                    throw new IOException("cannot rename " + temporary + " to " + target);
                }
            } finally {
                if (fs.exists(temporary)) {
                    fs.delete(temporary, true);
                }
            }
        } catch (IOException e) {
            throw UserException.badInput("cannot write results to " + output + ": " + e.getMessage());
        }
    }

    private static void writeTables(SparkSession spark, CheckResult result, HlcUnit unit, String directory) {
        List<Row> intervals = new ArrayList<>();
        List<Row> nodes = new ArrayList<>();
        List<Row> events = new ArrayList<>();
        for (InvariantResult invariant : result.invariants()) {
            for (ViolationInterval interval : invariant.intervals()) {
                String name = invariant.name();
                long startL = interval.start().l();
                int startC = interval.start().c();
                boolean open = interval.end() == null;
                intervals.add(RowFactory.create(name, interval.key(), startL, startC, timestamp(unit, startL),
                        open ? null : interval.end().l(), open ? null : interval.end().c(),
                        open ? null : timestamp(unit, interval.end().l()), interval.durationMs(), interval.cuts(),
                        result.certainty(interval)));
                for (Witness.Node node : interval.witness().nodes()) {
                    for (Map.Entry<String, Object> value : node.values().entrySet()) {
                        nodes.add(RowFactory.create(name, interval.key(), startL, startC, node.node(), value.getKey(),
                                String.valueOf(value.getValue())));
                    }
                }
                for (Witness.Event event : interval.witness().events()) {
                    events.add(RowFactory.create(name, interval.key(), startL, startC, event.node(), event.hlc().l(),
                            event.hlc().c(), event.type(), event.file(), event.line(), event.extra()));
                }
            }
        }
        spark.createDataFrame(intervals, INTERVALS).coalesce(1).write().parquet(directory + "/intervals");
        spark.createDataFrame(nodes, WITNESS_NODES).coalesce(1).write().parquet(directory + "/witness_nodes");
        spark.createDataFrame(events, WITNESS_EVENTS).coalesce(1).write().parquet(directory + "/witness_events");
    }

    private static Timestamp timestamp(HlcUnit unit, long l) {
        long micros = unit.toMicros(l);
        Timestamp timestamp = new Timestamp(Math.floorDiv(micros, 1_000L));
        timestamp.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000);
        return timestamp;
    }
}
