package io.retrocut.analysis.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.report.ClockReport;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code retrocut clocks}: joins every recorded send with its receive and reports, per node, the clock skew the
 * messages reveal, how far HLCs ran ahead of wall clocks, and the HLC regressions ingest quarantined.
 */
public final class ClocksJob {
    private static final String HLC_REGRESSION = "HLC goes backwards";
    private static final String HLC_REPEAT = "HLC repeats";

    private ClocksJob() {
    }

    public static ClockReport run(SparkSession spark, String path) {
        EventsDataset dataset = EventsDataset.open(spark, path);
        Dataset<Row> raw = spark.read().parquet(path);
        List<String> columns = List.of(raw.schema().fieldNames());
        Dataset<Row> events = raw.select(col(EventsSchema.NODE), col(EventsSchema.HLC_L), col(EventsSchema.HLC_C),
                wallClock(columns, dataset.unit().perMillisecond()).as("wall"),
                columns.contains(EventsSchema.SEND) ? col(EventsSchema.SEND) : lit(null).cast("array<string>").as(EventsSchema.SEND),
                columns.contains(EventsSchema.RECV) ? col(EventsSchema.RECV) : lit(null).cast("array<string>").as(EventsSchema.RECV));

        Dataset<Row> sends = events.filter(col(EventsSchema.SEND).isNotNull())
                .select(explode(col(EventsSchema.SEND)).as("message"), col(EventsSchema.HLC_L).as("send_l"), col("wall").as("send_wall"));
        Dataset<Row> receives = events.filter(col(EventsSchema.RECV).isNotNull())
                .select(explode(col(EventsSchema.RECV)).as("message"), col(EventsSchema.NODE).as("receiver"), col("wall").as("recv_wall"));
        Dataset<Row> joined = receives.join(sends, receives.col("message").equalTo(sends.col("message")), "left")
                .select(col("receiver"), sends.col("message").isNotNull().as("matched"),
                        when(col("recv_wall").isNotNull(), functionsCoalesce(col("send_wall"), col("send_l")).minus(col("recv_wall"))).as("skew"),
                        when(col("recv_wall").lt(col("send_wall")), 1).otherwise(0).as("before_sent"));
        Map<String, Row> byReceiver = new HashMap<>();
        for (Row row : joined.groupBy("receiver").agg(count(lit(1)).as("received"), max("skew").as("skew"),
                sum("before_sent").as("before_sent"), sum(when(col("matched"), 0).otherwise(1)).as("orphans")).collectAsList()) {
            byReceiver.put(row.getString(0), row);
        }
        long messages = sends.count();
        long matched = joined.filter(col("matched")).count();

        Map<String, Long> regressions = regressions(spark, path);
        List<ClockReport.NodeClock> nodes = new ArrayList<>();
        Long worst = null;
        for (Row row : events.groupBy(EventsSchema.NODE)
                .agg(count(lit(1)), max(col(EventsSchema.HLC_L).minus(col("wall"))), max(EventsSchema.HLC_C))
                .orderBy(EventsSchema.NODE).collectAsList()) {
            String node = row.getString(0);
            Row received = byReceiver.get(node);
            Long skew = received == null || received.isNullAt(2) ? null : Math.max(0, dataset.unit().toMillis(received.getLong(2)));
            if (skew != null && (worst == null || skew > worst)) {
                worst = skew;
            }
            nodes.add(new ClockReport.NodeClock(node, row.getLong(1),
                    received == null ? 0 : received.getLong(1), skew,
                    received == null ? 0 : received.getLong(3),
                    received == null ? 0 : received.getLong(4),
                    row.isNullAt(2) ? null : Math.max(0, dataset.unit().toMillis(row.getLong(2))),
                    row.getInt(3), regressions.getOrDefault(node, 0L)));
        }
        return new ClockReport(messages, matched, worst, nodes);
    }

    private static Column wallClock(List<String> columns, long perMs) {
        if (!columns.contains(EventsSchema.TS)) {
            return lit(null).cast("long");
        }
        // ts is a µs timestamp; unix_micros gives it as a long, converted to the HLC unit.
        Column micros = org.apache.spark.sql.functions.unix_micros(col(EventsSchema.TS));
        return perMs == 1 ? micros.divide(1_000L).cast("long") : perMs == 1_000 ? micros : micros.multiply(1_000L);
    }

    private static String nodeOf(ObjectMapper json, String raw) {
        try {
            return json.readTree(raw).path("node").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static Column functionsCoalesce(Column first, Column second) {
        return org.apache.spark.sql.functions.coalesce(first, second);
    }

    /** Per node, the quarantined lines whose HLC repeated or went backwards (node read from the raw line). */
    private static Map<String, Long> regressions(SparkSession spark, String path) {
        Map<String, Long> counts = new HashMap<>();
        Path quarantine = new Path(path, EventsSchema.QUARANTINE_FILE);
        ObjectMapper json = new ObjectMapper();
        try {
            FileSystem fs = quarantine.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(quarantine)) {
                return counts;
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(fs.open(quarantine), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    JsonNode record = json.readTree(line);
                    String reason = record.path("reason").asText("");
                    if (reason.startsWith(HLC_REGRESSION) || reason.startsWith(HLC_REPEAT)) {
                        counts.merge(nodeOf(json, record.path("raw").asText("")), 1L, Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw UserException.badInput("cannot read " + quarantine + ": " + e.getMessage());
        }
        return counts;
    }
}
