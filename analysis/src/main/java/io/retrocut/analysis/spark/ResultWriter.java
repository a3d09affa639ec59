package io.retrocut.analysis.spark;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import io.retrocut.analysis.report.CheckReports;
import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.report.InvariantResult;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a check result for notebooks ({@code check -o OUT_DIR}): {@code intervals/}, {@code witness_nodes/} and
 * {@code witness_events/} as Parquet, and {@code check.json} (the {@code --json} document). The directory appears
 * atomically: it is written beside the target and renamed at the end.
 */
public final class ResultWriter {
    static final MessageType INTERVALS = Types.buildMessage()
            .required(BINARY).as(stringType()).named("invariant").required(BINARY).as(stringType()).named("key")
            .required(INT64).named("start_l").required(INT32).named("start_c")
            .required(INT64).as(timestampType(true, TimeUnit.MICROS)).named("start_time")
            .optional(INT64).named("end_l").optional(INT32).named("end_c")
            .optional(INT64).as(timestampType(true, TimeUnit.MICROS)).named("end_time")
            .required(INT64).named("duration_ms").required(INT64).named("cuts")
            .optional(BINARY).as(stringType()).named("certainty")
            .named("intervals");
    static final MessageType WITNESS_NODES = Types.buildMessage()
            .required(BINARY).as(stringType()).named("invariant").required(BINARY).as(stringType()).named("key")
            .required(INT64).named("start_l").required(INT32).named("start_c")
            .required(BINARY).as(stringType()).named("node").required(BINARY).as(stringType()).named("variable")
            .optional(BINARY).as(stringType()).named("value")
            .named("witness_nodes");
    static final MessageType WITNESS_EVENTS = Types.buildMessage()
            .required(BINARY).as(stringType()).named("invariant").required(BINARY).as(stringType()).named("key")
            .required(INT64).named("start_l").required(INT32).named("start_c")
            .required(BINARY).as(stringType()).named("node").required(INT64).named("hlc_l").required(INT32).named("hlc_c")
            .optional(BINARY).as(stringType()).named("type").required(BINARY).as(stringType()).named("file")
            .required(INT64).named("line").optional(BINARY).as(stringType()).named("extra")
            .named("witness_events");

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
                writeTables(spark.sparkContext().hadoopConfiguration(), result, unit, temporary);
                try (OutputStream json = new BufferedOutputStream(fs.create(new Path(temporary, "check.json")), 1 << 16)) {
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

    /**
     * The three tables, one Parquet file each, written with parquet-mr row by row as the intervals are read (a
     * result's intervals may be far more than the driver's memory holds as rows).
     */
    private static void writeTables(Configuration hadoop, CheckResult result, HlcUnit unit, Path directory) throws IOException {
        try (ParquetWriter<Group> intervals = writer(hadoop, directory, INTERVALS);
                ParquetWriter<Group> nodes = writer(hadoop, directory, WITNESS_NODES);
                ParquetWriter<Group> events = writer(hadoop, directory, WITNESS_EVENTS)) {
            SimpleGroupFactory intervalRows = new SimpleGroupFactory(INTERVALS);
            SimpleGroupFactory nodeRows = new SimpleGroupFactory(WITNESS_NODES);
            SimpleGroupFactory eventRows = new SimpleGroupFactory(WITNESS_EVENTS);
            for (InvariantResult invariant : result.invariants()) {
                String name = invariant.name();
                for (ViolationInterval interval : invariant.intervals()) {
                    long startL = interval.start().l();
                    int startC = interval.start().c();
                    Group row = intervalRows.newGroup().append("invariant", name).append("key", interval.key())
                            .append("start_l", startL).append("start_c", startC).append("start_time", unit.toMicros(startL));
                    if (interval.end() != null) {
                        row.append("end_l", interval.end().l()).append("end_c", interval.end().c())
                                .append("end_time", unit.toMicros(interval.end().l()));
                    }
                    row.append("duration_ms", interval.durationMs()).append("cuts", interval.cuts());
                    String certainty = result.certainty(interval);
                    if (certainty != null) {
                        row.append("certainty", certainty);
                    }
                    intervals.write(row);
                    for (Witness.Node node : interval.witness().nodes()) {
                        for (Map.Entry<String, Object> value : node.values().entrySet()) {
                            nodes.write(nodeRows.newGroup().append("invariant", name).append("key", interval.key())
                                    .append("start_l", startL).append("start_c", startC).append("node", node.node())
                                    .append("variable", value.getKey()).append("value", String.valueOf(value.getValue())));
                        }
                    }
                    for (Witness.Event event : interval.witness().events()) {
                        Group eventRow = eventRows.newGroup().append("invariant", name).append("key", interval.key())
                                .append("start_l", startL).append("start_c", startC).append("node", event.node())
                                .append("hlc_l", event.hlc().l()).append("hlc_c", event.hlc().c());
                        if (event.type() != null) {
                            eventRow.append("type", event.type());
                        }
                        eventRow.append("file", event.file()).append("line", event.line());
                        if (event.extra() != null) {
                            eventRow.append("extra", event.extra());
                        }
                        events.write(eventRow);
                    }
                }
            }
        }
    }

    private static ParquetWriter<Group> writer(Configuration hadoop, Path directory, MessageType schema) throws IOException {
        Path file = new Path(new Path(directory, schema.getName()), "part-00000.snappy.parquet");
        return ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, hadoop)).withConf(hadoop).withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build();
    }

}
