package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.DeltasWriter;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
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

    /**
     * Writes the events as {@code retrocut ingest} lays them out ({@link EventsSchema#LAYOUT_HLC_SLICED}): about
     * {@code parts} parts of consecutive HLC ranges (equal HLCs kept in one part), each sorted by (key, HLC, node),
     * and the metadata that describes them.
     */
    static void writeSliced(SparkSession spark, Path directory, Variables variables, List<KeyedEvent> events, int parts) {
        writeSliced(spark, directory, variables, events, parts, false);
    }

    /** Like {@link #writeSliced(SparkSession, Path, Variables, List, int)}, with ingest's deltas files when {@code deltas}. */
    static void writeSliced(SparkSession spark, Path directory, Variables variables, List<KeyedEvent> events, int parts, boolean deltas) {
        List<KeyedEvent> byHlc = new ArrayList<>(events);
        byHlc.sort(Comparator.comparing((KeyedEvent e) -> e.event().hlc()));
        Comparator<KeyedEvent> layout = Comparator.comparing(KeyedEvent::key).thenComparing(e -> e.event().hlc())
                .thenComparing(e -> e.event().node());
        List<String> slices = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int size = Math.max(1, (byHlc.size() + parts - 1) / parts);
        int from = 0;
        try {
            Files.createDirectories(directory);
            for (int part = 0; from < byHlc.size(); part++) {
                int to = Math.min(byHlc.size(), from + size);
                while (to < byHlc.size() && byHlc.get(to).event().hlc().equals(byHlc.get(to - 1).event().hlc())) {
                    to++;
                }
                List<KeyedEvent> slice = new ArrayList<>(byHlc.subList(from, to));
                slice.sort(layout);
                Path written = directory.resolve("tmp-" + part);
                write(spark, written, variables, slice, 1);
                String name = String.format("part-%05d.parquet", part);
                try (var files = Files.list(written)) {
                    Path file = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
                    Files.move(file, directory.resolve(name));
                }
                deleteRecursively(written);
                Hlc first = byHlc.get(from).event().hlc();
                Hlc last = byHlc.get(to - 1).event().hlc();
                String deltasEntry = "";
                if (deltas) {
                    String deltasFile = EventsSchema.DELTAS_DIRECTORY + "/" + name.replace(".parquet", ".json");
                    writeDeltas(directory.resolve(deltasFile), name, variables, slice);
                    deltasEntry = ", \"deltas\": \"" + deltasFile + "\"";
                }
                slices.add(String.format("{\"part\": \"%s\", \"events\": %d, \"first\": {\"l\": %d, \"c\": %d},"
                        + " \"last\": {\"l\": %d, \"c\": %d}%s}", name, to - from, first.l(), first.c(), last.l(), last.c(), deltasEntry));
                names.add('"' + name + '"');
                from = to;
            }
            Files.writeString(directory.resolve(EventsSchema.METADATA_FILE), String.format("{\"format\": \"retrocut events\","
                    + " \"version\": 1, \"hlc_unit\": \"ms\", \"parts\": [%s], \"layout\": \"%s\", \"slices\": [%s]}",
                    String.join(", ", names), EventsSchema.LAYOUT_HLC_SLICED, String.join(", ", slices)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The part's deltas file, as ingest writes it: per key (sorted), the part's {@link StateDelta}. */
    private static void writeDeltas(Path file, String part, Variables variables, List<KeyedEvent> slice) throws IOException {
        Map<String, List<SweepEvent>> byKey = new TreeMap<>();
        for (KeyedEvent event : slice) {
            byKey.computeIfAbsent(event.key(), key -> new ArrayList<>()).add(event.event());
        }
        Files.createDirectories(file.getParent());
        try (DeltasWriter writer = new DeltasWriter(Files.newOutputStream(file), part)) {
            for (Map.Entry<String, List<SweepEvent>> key : byKey.entrySet()) {
                StateDelta delta = StateDelta.of(variables, key.getValue().iterator());
                writer.startKey(key.getKey());
                for (int n = 0; n < delta.nodeCount(); n++) {
                    writer.node(delta.node(n));
                    for (int v = 0; v < variables.size(); v++) {
                        Object value = delta.assignment(n, v);
                        if (value != null && value != SweepEvent.UNSET) {
                            writer.set(variables.name(v), value);
                        }
                    }
                    for (int v = 0; v < variables.size(); v++) {
                        if (delta.assignment(n, v) == SweepEvent.UNSET) {
                            writer.unset(variables.name(v));
                        }
                    }
                }
                writer.endKey();
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
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
        Dataset<Row> frame = spark.createDataFrame(rows, schema);
        // one file keeps the rows in the given order; more files spread them
        (files == 1 ? frame.coalesce(1) : frame.repartition(files)).write().mode("overwrite").parquet(directory.toString());
    }
}
