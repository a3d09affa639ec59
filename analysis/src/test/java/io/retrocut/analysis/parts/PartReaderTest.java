package io.retrocut.analysis.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.CutSweep;
import io.retrocut.analysis.sweep.EventCursor;
import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PartReader} reads what was written, with {@link ChunkDecoder} and with parquet-mr's column readers alike, over
 * the page layouts writers produce: data pages v1 and v2, dictionary-encoded, plain, dictionaries that overflow into
 * plain pages mid-chunk, DELTA encodings (which the decoder leaves to parquet-mr), many small pages and row groups, and
 * several codecs.
 */
class PartReaderTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message event {
              required binary node (STRING);
              required int64 hlc_l;
              required int32 hlc_c;
              required binary key (STRING);
              optional binary type (STRING);
              optional group vars {
                optional int64 commit;
                optional boolean flag;
                optional binary leader (STRING);
                optional double ratio;
              }
              optional group unset (LIST) {
                repeated group list {
                  required binary element (STRING);
                }
              }
              optional binary extra (STRING);
              required binary file (STRING);
              required int64 line;
            }
            """);
    private static final Variables VARIABLES = Variables.of(Map.of("commit", VariableType.LONG, "flag", VariableType.BOOLEAN,
            "leader", VariableType.STRING, "ratio", VariableType.DOUBLE));

    @TempDir
    Path directory;

    record Layout(String name, WriterVersion version, boolean dictionary, int pageSize, int dictionaryPageSize, long rowGroupSize,
            CompressionCodecName codec) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                new Layout("v1 dictionary snappy", WriterVersion.PARQUET_1_0, true, 1 << 20, 1 << 20, 128L << 20, CompressionCodecName.SNAPPY),
                new Layout("v2 dictionary gzip", WriterVersion.PARQUET_2_0, true, 1 << 20, 1 << 20, 128L << 20, CompressionCodecName.GZIP),
                new Layout("v1 plain", WriterVersion.PARQUET_1_0, false, 1 << 20, 1 << 20, 128L << 20, CompressionCodecName.UNCOMPRESSED),
                new Layout("v2 delta", WriterVersion.PARQUET_2_0, false, 1 << 20, 1 << 20, 128L << 20, CompressionCodecName.SNAPPY),
                new Layout("v1 small pages, dictionary overflow", WriterVersion.PARQUET_1_0, true, 512, 256, 128L << 20,
                        CompressionCodecName.SNAPPY),
                new Layout("v2 small pages, dictionary overflow", WriterVersion.PARQUET_2_0, true, 512, 256, 128L << 20,
                        CompressionCodecName.UNCOMPRESSED),
                new Layout("v1 small row groups", WriterVersion.PARQUET_1_0, true, 1024, 1 << 20, 16 << 10, CompressionCodecName.SNAPPY))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void readsWhatWasWrittenWithAndWithoutTheDecoder(Layout layout) throws IOException {
        Map<String, List<SweepEvent>> written = events(new Random(7), 37, 3000);
        Path part = write(layout, written);

        assertEquals(written, read(part, PartReader.Columns.SWEEP, true));
        assertEquals(written, read(part, PartReader.Columns.SWEEP, false));

        Map<String, StateDelta> expected = new LinkedHashMap<>();
        written.forEach((key, events) -> expected.put(key, StateDelta.of(VARIABLES, events.iterator())));
        assertEquals(expected, deltas(part, PartReader.Columns.DELTA, true));
        assertEquals(expected, deltas(part, PartReader.Columns.DELTA, false));
        assertEquals(expected, deltas(part, PartReader.Columns.SWEEP, true));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aReaderThatReusesAnEarlierReadersArraysSeesNothingOfItsRows(Layout layout) throws IOException {
        // full rows first, then a part whose optional fields are all missing, read with the arrays the first one left
        Map<String, List<SweepEvent>> full = events(new Random(7), 37, 3000);
        Map<String, List<SweepEvent>> bare = new LinkedHashMap<>();
        full.forEach((key, events) -> bare.put(key, events.stream()
                .map(e -> new SweepEvent(e.node(), e.hlc(), null, new Object[VARIABLES.size()], e.file(), e.line(), null))
                .toList()));
        Path barePart = directory.resolve("bare.parquet");
        Files.move(write(layout, bare), barePart);
        Path fullPart = write(layout, full);

        for (int round = 0; round < 2; round++) {
            assertEquals(full, read(fullPart, PartReader.Columns.SWEEP, true));
            assertEquals(bare, read(barePart, PartReader.Columns.SWEEP, true));
            assertEquals(bare, read(barePart, PartReader.Columns.SWEEP, false));
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void eventDetailsAreReadOnDemandInAnyOrderUntilTheReaderCloses(Layout layout) throws IOException {
        Map<String, List<SweepEvent>> written = events(new Random(11), 5, 2000);
        Path part = write(layout, written);
        List<SweepEvent> expected = new ArrayList<>();
        written.values().forEach(expected::addAll);
        List<SweepEvent> read = new ArrayList<>();
        try (PartReader reader = PartReader.open(new Configuration(), part.toString(), VARIABLES, PartReader.Columns.SWEEP)) {
            while (reader.nextKey()) {
                reader.events().forEachRemaining(read::add);
            }
            // last row group first: the details of earlier row groups are read again; the first event's are not asked
            for (int i = read.size() - 1; i > 0; i--) {
                SweepEvent want = expected.get(i);
                SweepEvent event = read.get(i);
                assertEquals(List.of(want.source(), String.valueOf(want.type()), String.valueOf(want.extra())),
                        List.of(event.source(), String.valueOf(event.type()), String.valueOf(event.extra())), "event " + i);
            }
        }
        IllegalStateException closed = assertThrows(IllegalStateException.class, read.get(0)::type);
        assertEquals(part + " is closed: the type, file, line and extra of its events are no longer read", closed.getMessage());
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aSweepOverTheCursorSeesWhatASweepOverTheEventsSees(Layout layout) throws IOException {
        // steps of up to four nodes' events at one HLC, in node order as ingest writes them; small row groups split some
        Map<String, List<SweepEvent>> written = steps(new Random(5), 6, 3000);
        Path part = write(layout, written);
        List<String> expected = new ArrayList<>();
        written.forEach((key, events) -> expected.addAll(sweep(new CutSweep(key, VARIABLES, CutState.EMPTY, events.iterator()))));
        List<String> swept = new ArrayList<>();
        try (PartReader reader = PartReader.open(new Configuration(), part.toString(), VARIABLES, PartReader.Columns.SWEEP)) {
            while (reader.nextKey()) {
                swept.addAll(sweep(new CutSweep(reader.key(), VARIABLES, CutState.EMPTY, reader.cursor(null))));
            }
        }
        assertEquals(expected.size(), swept.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), swept.get(i), "cut " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aCursorUpToAnHlcEndsAfterTheLastEventAtOrBeforeIt(Layout layout) throws IOException {
        Map<String, List<SweepEvent>> written = steps(new Random(5), 2, 600);
        Path part = write(layout, written);
        List<SweepEvent> first = written.values().iterator().next();
        Hlc to = first.get(first.size() / 2).hlc();
        List<Hlc> expected = first.stream().map(SweepEvent::hlc).filter(hlc -> hlc.compareTo(to) <= 0).toList();
        try (PartReader reader = PartReader.open(new Configuration(), part.toString(), VARIABLES, PartReader.Columns.SWEEP)) {
            assertTrue(reader.nextKey());
            EventCursor cursor = reader.cursor(to);
            List<Hlc> read = new ArrayList<>();
            while (cursor.next()) {
                read.add(new Hlc(cursor.hlcL(), cursor.hlcC()));
            }
            assertEquals(expected, read);
            assertFalse(cursor.next());
            IllegalStateException none = assertThrows(IllegalStateException.class, cursor::node);
            assertEquals("no current event: next() has not returned true", none.getMessage());
            // the rest of the key is skipped
            assertTrue(reader.nextKey());
            assertEquals(written.keySet().stream().skip(1).findFirst().orElseThrow(), reader.key());
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aReaderForDeltasHasNoEvents(Layout layout) throws IOException {
        Path part = write(layout, events(new Random(7), 3, 10));
        try (PartReader reader = PartReader.open(new Configuration(), part.toString(), VARIABLES, PartReader.Columns.DELTA)) {
            assertTrue(reader.nextKey());
            IllegalStateException e = assertThrows(IllegalStateException.class, reader::events);
            assertEquals(part + " was opened for DELTA: events need SWEEP", e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void theLayoutsCoverTheEncodingsTheyAreMeantTo(Layout layout) throws IOException {
        Path part = write(layout, events(new Random(7), 37, 3000));
        Set<Encoding> encodings = new TreeSet<>();
        int rowGroups;
        try (ParquetFileReader file = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(part.toString()), new Configuration()))) {
            rowGroups = file.getRowGroups().size();
            for (BlockMetaData block : file.getRowGroups()) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    encodings.addAll(chunk.getEncodings());
                }
            }
        }
        switch (layout.name()) {
            case "v2 delta" -> assertTrue(encodings.contains(Encoding.DELTA_BINARY_PACKED), encodings::toString);
            case "v1 plain" -> assertTrue(!encodings.contains(Encoding.PLAIN_DICTIONARY), encodings::toString);
            case "v1 small row groups" -> assertTrue(rowGroups > 3, () -> rowGroups + " row groups");
            default -> assertTrue(encodings.contains(Encoding.PLAIN_DICTIONARY) || encodings.contains(Encoding.RLE_DICTIONARY),
                    encodings::toString);
        }
        if (layout.name().contains("overflow")) {
            assertTrue(encodings.contains(Encoding.PLAIN), encodings::toString);
        }
    }

    /**
     * The pages the ingest writes itself, read with the decoder and with parquet-mr's readers alike: 50,000 events in
     * one part (pages of 20,000 rows), a string variable whose dictionary passes 1 MB (later pages plain), a long that
     * never repeats (plain), a string variable also given numbers and booleans, a double also given longs, booleans,
     * unsets, message lists and extras.
     */
    @org.junit.jupiter.api.Test
    void readsWhatTheIngestWritesWithAndWithoutTheDecoder() throws IOException {
        Path logs = Files.createDirectories(directory.resolve("logs"));
        Random random = new Random(5);
        int count = 50_000;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            StringBuilder set = new StringBuilder("\"term\":" + random.nextInt(5));
            String note = i < 20_000 ? "note-" + random.nextInt(30) : String.format("%0120d-%d", i, random.nextInt(1000));
            set.append(",\"note\":\"").append(note).append('"');
            set.append(",\"uniq\":").append(random.nextLong());
            set.append(",\"role\":").append(switch (random.nextInt(4)) {
                case 0 -> "null";
                case 1 -> Integer.toString(random.nextInt(3));
                case 2 -> "true";
                default -> random.nextBoolean() ? "\"LEADER\"" : "\"FOLLOWER\"";
            });
            set.append(",\"load\":").append(random.nextBoolean() ? "0.25" : Integer.toString(random.nextInt(9)));
            if (random.nextBoolean()) {
                set.append(",\"up\":").append(random.nextBoolean());
            }
            lines.append("{\"node\":\"n1\",\"hlc\":{\"l\":").append(1_700_000_000_000L + i).append(",\"c\":0}")
                    .append(",\"key\":\"k").append(i % 7).append("\",\"type\":\"T\",\"set\":{").append(set).append('}');
            switch (random.nextInt(3)) {
                case 0 -> lines.append(",\"send\":[]");
                case 1 -> lines.append(",\"send\":[\"m").append(i).append("a\",\"m").append(i).append("b\"]");
                default -> {
                }
            }
            if (i > 0 && random.nextBoolean()) {
                lines.append(",\"recv\":\"m").append(i - 1).append("a\"");
            }
            if (random.nextBoolean()) {
                lines.append(",\"msg\":\"step ").append(random.nextInt(100)).append('"');
            }
            lines.append("}\n");
        }
        Files.writeString(logs.resolve("n1.jsonl"), lines);
        Path events = directory.resolve("events");
        io.retrocut.ingest.Ingest.run(io.retrocut.ingest.IngestOptions.of(List.of(logs), events),
                io.retrocut.ingest.IngestProgress.NONE);

        Variables variables = Variables.of(Map.of("term", VariableType.LONG, "note", VariableType.STRING, "uniq",
                VariableType.LONG, "role", VariableType.STRING, "load", VariableType.DOUBLE, "up", VariableType.BOOLEAN));
        List<Path> parts;
        try (Stream<Path> files = Files.list(events)) {
            parts = files.filter(file -> file.toString().endsWith(".parquet")).sorted().toList();
        }
        assertEquals(1, parts.size(), parts::toString);
        Map<String, List<SweepEvent>> decoded = read(parts.get(0), variables, PartReader.Columns.SWEEP, true);
        assertEquals(read(parts.get(0), variables, PartReader.Columns.SWEEP, false), decoded);
        assertEquals(count, decoded.values().stream().mapToInt(List::size).sum());
        // the 30,001st line, its key's events in HLC order: k(30000 % 7) holds lines 30000 % 7 + 1, + 8, ...
        SweepEvent event = decoded.get("k" + 30_000 % 7).get(30_000 / 7);
        assertEquals(30_001, event.line());
        assertTrue(((String) event.assignment(variables.index("note"))).startsWith("0".repeat(115) + "30000-"),
                () -> event.toString());

        Set<String> noteEncodings = new TreeSet<>();
        try (ParquetFileReader file = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(parts.get(0).toString()), new Configuration()))) {
            for (ColumnChunkMetaData chunk : file.getRowGroups().get(0).getColumns()) {
                if (chunk.getPath().toDotString().equals("vars.note")) {
                    chunk.getEncodings().forEach(encoding -> noteEncodings.add(encoding.name()));
                }
            }
        }
        assertTrue(noteEncodings.containsAll(Set.of("PLAIN", "PLAIN_DICTIONARY")), noteEncodings::toString);
    }

    /** Keys in order, each with events in HLC order; every optional field sometimes missing. */
    /**
     * Every cut of a sweep as text, with its changes and its step's events in full (type, file, line and extra read
     * as soon as the step is done, before the sweep reads on).
     */
    private static List<String> sweep(CutSweep sweep) {
        List<String> cuts = new ArrayList<>();
        while (sweep.advance()) {
            Cut cut = sweep.cut();
            StringBuilder text = new StringBuilder(cut.key()).append(" @").append(cut.hlc());
            for (int i = 0; i < cut.nodeCount(); i++) {
                text.append(' ').append(cut.node(i)).append('=');
                for (int v = 0; v < VARIABLES.size(); v++) {
                    text.append(cut.value(i, v)).append(',');
                }
            }
            text.append(' ').append(sweep.changes());
            for (SweepEvent event : cut.stepEvents()) {
                text.append(' ').append(event).append(event.extra());
            }
            cuts.add(text.toString());
        }
        return cuts;
    }

    /** Events of {@code keyCount} keys in steps of one to four nodes at one HLC, each step's events in node order. */
    private static Map<String, List<SweepEvent>> steps(Random random, int keyCount, int eventCount) {
        Map<String, List<SweepEvent>> events = new LinkedHashMap<>();
        int line = 0;
        for (int k = 0; k < keyCount; k++) {
            List<SweepEvent> list = new ArrayList<>();
            for (int step = 0; list.size() < eventCount / keyCount; step++) {
                Hlc hlc = new Hlc(1_700_000_000_000L + step / 2, step % 2);
                TreeSet<String> nodes = new TreeSet<>();
                for (int n = 1 + random.nextInt(4); nodes.size() < n; ) {
                    nodes.add("n" + random.nextInt(6));
                }
                for (String node : nodes) {
                    Object[] assignments = new Object[VARIABLES.size()];
                    if (random.nextBoolean()) {
                        assignments[VARIABLES.index("commit")] = (long) random.nextInt(4);
                    }
                    if (random.nextInt(3) == 0) {
                        assignments[VARIABLES.index("leader")] = random.nextInt(4) == 0 ? SweepEvent.UNSET : node;
                    }
                    String type = random.nextInt(5) == 0 ? null : "step-" + random.nextInt(4);
                    String extra = random.nextInt(4) == 0 ? "{\"at\":" + step + "}" : null;
                    list.add(new SweepEvent(node, hlc, type, assignments, "logs/" + node + ".jsonl", ++line, extra));
                }
            }
            events.put(String.format("key-%02d", k), list);
        }
        return events;
    }

    private static Map<String, List<SweepEvent>> events(Random random, int keyCount, int eventCount) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            keys.add(String.format("key-%03d", i));
        }
        Map<String, List<SweepEvent>> events = new LinkedHashMap<>();
        for (int n = 0; n < eventCount; n++) {
            String key = keys.get(Math.min(keyCount - 1, n * keyCount / eventCount));
            List<SweepEvent> list = events.computeIfAbsent(key, k -> new ArrayList<>());
            Hlc hlc = new Hlc(1_700_000_000_000L + n / 3, n % 3);
            Object[] assignments = new Object[VARIABLES.size()];
            for (int v = 0; v < assignments.length; v++) {
                int roll = random.nextInt(10);
                if (roll < 4) {
                    continue;
                }
                if (roll == 4) {
                    assignments[v] = SweepEvent.UNSET;
                    continue;
                }
                assignments[v] = switch (VARIABLES.type(v)) {
                    case LONG -> random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(20);
                    case DOUBLE -> random.nextInt(3) == 0 ? random.nextDouble() : 0.5 * random.nextInt(5);
                    case BOOLEAN -> random.nextBoolean();
                    case STRING -> random.nextInt(3) == 0 ? "n" + random.nextInt(100_000) : "n" + random.nextInt(5);
                };
            }
            String type = random.nextInt(5) == 0 ? null : "step-" + random.nextInt(4);
            String extra = random.nextInt(4) == 0 ? "{\"note\":\"" + "x".repeat(random.nextInt(100)) + "\"}" : null;
            list.add(new SweepEvent("n" + random.nextInt(5), hlc, type, assignments, "logs/n.jsonl", n + 1, extra));
        }
        return events;
    }

    private Path write(Layout layout, Map<String, List<SweepEvent>> events) throws IOException {
        Path part = directory.resolve("part-" + layout.name().replaceAll("\\W+", "-") + ".parquet");
        Files.deleteIfExists(part);
        Configuration configuration = new Configuration();
        org.apache.parquet.hadoop.example.GroupWriteSupport.setSchema(SCHEMA, configuration);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(part))
                .withConf(configuration)
                .withType(SCHEMA)
                .withWriterVersion(layout.version())
                .withDictionaryEncoding(layout.dictionary())
                .withPageSize(layout.pageSize())
                .withDictionaryPageSize(layout.dictionaryPageSize())
                .withRowGroupSize(layout.rowGroupSize())
                .withPageRowCountLimit(layout.pageSize() < 2048 ? 100 : 20_000)
                .withCompressionCodec(layout.codec())
                .build()) {
            for (Map.Entry<String, List<SweepEvent>> entry : events.entrySet()) {
                for (SweepEvent event : entry.getValue()) {
                    Group row = groups.newGroup();
                    row.add("node", event.node());
                    row.add("hlc_l", event.hlc().l());
                    row.add("hlc_c", event.hlc().c());
                    row.add("key", entry.getKey());
                    if (event.type() != null) {
                        row.add("type", event.type());
                    }
                    Group vars = null;
                    Group unset = null;
                    for (int v = 0; v < VARIABLES.size(); v++) {
                        Object value = event.assignment(v);
                        if (value == SweepEvent.UNSET) {
                            if (unset == null) {
                                unset = row.addGroup("unset");
                            }
                            unset.addGroup("list").add("element", VARIABLES.name(v));
                        } else if (value != null) {
                            if (vars == null) {
                                vars = row.addGroup("vars");
                            }
                            String name = VARIABLES.name(v);
                            if (value instanceof Long l) {
                                vars.add(name, l);
                            } else if (value instanceof Double d) {
                                vars.add(name, d);
                            } else if (value instanceof Boolean b) {
                                vars.add(name, b);
                            } else {
                                vars.add(name, (String) value);
                            }
                        }
                    }
                    if (event.extra() != null) {
                        row.add("extra", event.extra());
                    }
                    row.add("file", event.file());
                    row.add("line", event.line());
                    writer.write(row);
                }
            }
        }
        return part;
    }

    private static Map<String, StateDelta> deltas(Path part, PartReader.Columns columns, boolean decode) {
        Map<String, StateDelta> deltas = new LinkedHashMap<>();
        try (PartReader reader = PartReader.open(new Configuration(), part.toString(), VARIABLES, columns, decode)) {
            while (reader.nextKey()) {
                deltas.put(reader.key(), reader.delta());
            }
        }
        return deltas;
    }

    private static Map<String, List<SweepEvent>> read(Path part, PartReader.Columns columns, boolean decode) {
        return read(part, VARIABLES, columns, decode);
    }

    private static Map<String, List<SweepEvent>> read(Path part, Variables variables, PartReader.Columns columns,
            boolean decode) {
        Map<String, List<SweepEvent>> events = new LinkedHashMap<>();
        try (PartReader reader = PartReader.open(new Configuration(), part.toString(), variables, columns, decode)) {
            while (reader.nextKey()) {
                List<SweepEvent> list = new ArrayList<>();
                for (Iterator<SweepEvent> it = reader.events(); it.hasNext();) {
                    SweepEvent event = it.next();
                    // the type, file, line and extra come from the part only while the reader is open
                    event.source();
                    list.add(event);
                }
                events.put(reader.key(), list);
            }
        }
        return events;
    }
}
