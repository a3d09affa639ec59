package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.EventsSchema;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Writes events in the ingest's Parquet layout (EventsSchema) with Spark, so analysis tests need no ingest run. */
final class TestEvents {
    record KeyedEvent(String key, SweepEvent event) {
    }

    private TestEvents() {
    }

    static void write(SparkSession spark, Path directory, Variables variables, List<KeyedEvent> events, int files) {
        StructType vars = new StructType();
        for (int i = 0; i < variables.size(); i++) {
            vars = vars.add(variables.name(i), CutSchema.sparkType(variables.type(i)), true);
        }
        StructType schema = new StructType()
                .add(EventsSchema.NODE, "string", false)
                .add(EventsSchema.HLC_L, "long", false)
                .add(EventsSchema.HLC_C, "int", false)
                .add(EventsSchema.TIME, "timestamp", false)
                .add(EventsSchema.KEY, "string", false)
                .add(EventsSchema.TYPE, "string", true)
                .add(EventsSchema.VARS, vars, true)
                .add(EventsSchema.UNSET, DataTypes.createArrayType(DataTypes.StringType), true)
                .add(EventsSchema.FILE, "string", false)
                .add(EventsSchema.LINE, "long", false)
                .add(EventsSchema.EXTRA, "string", true);
        List<Row> rows = new ArrayList<>();
        for (KeyedEvent keyed : events) {
            SweepEvent event = keyed.event();
            Object[] values = new Object[variables.size()];
            List<String> unset = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                Object value = event.assignment(i);
                if (value == SweepEvent.UNSET) {
                    unset.add(variables.name(i));
                } else {
                    values[i] = value;
                }
            }
            rows.add(RowFactory.create(event.node(), event.hlc().l(), event.hlc().c(), new Timestamp(event.hlc().l()),
                    keyed.key(), event.type(), RowFactory.create(values), unset.isEmpty() ? null : unset,
                    event.file(), event.line(), event.extra()));
        }
        spark.createDataFrame(rows, schema).repartition(files).write().mode("overwrite").parquet(directory.toString());
    }
}
