package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The column-level writer ({@link EventsParquet}, fed the spilled bytes) against the record-assembly writer it
 * replaced ({@link RecordAssemblyEventsParquet}, fed {@link EventRecord}s): on random events with every optional
 * column present and absent, every variable type including the widened ones, unsets, empty and multi-element message
 * lists, non-ASCII strings and extras, both must give the same schema, metadata and rows in the same order.
 */
class EventsParquetTest {
    private static final List<String> VARIABLES = List.of("count", "ratio", "up", "role", "mixed", "widened", "rare");
    private static final List<VariableType> TYPES = List.of(VariableType.LONG, VariableType.DOUBLE,
            VariableType.BOOLEAN, VariableType.STRING, VariableType.STRING, VariableType.DOUBLE, VariableType.LONG);
    private static final List<String> NODES = List.of("n2", "n1", "ñ3");
    private static final List<String> KEYS = List.of("g1", "", "grüppe/7");
    private static final List<String> FILES = List.of("/logs/a.jsonl", "/logs/b.jsonl.gz");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, {1} events, row groups of {2} bytes")
    @CsvSource({"1, 1, 33554432", "2, 700, 33554432", "3, 5000, 16384", "4, 3000, 1"})
    void writesWhatTheRecordAssemblyWriterWrites(long seed, int events, long rowGroupBytes) throws IOException {
        Random random = new Random(seed);
        Spilled spilled = spill(events, 256, (i, event) -> {
            randomEvent(random, i, event);
            return random.nextLong() >> random.nextInt(64);
        });
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, random);
        int[] order = shuffled.stream().mapToInt(Integer::intValue).toArray();

        Path[] written = writeBoth(HlcUnit.US, VARIABLES, TYPES, NODES, KEYS, FILES, spilled, order, rowGroupBytes);
        Path expectedPart = written[0];
        Path actualPart = written[1];
        FileMetaData expectedFooter = footer(expectedPart);
        FileMetaData actualFooter = footer(actualPart);
        assertThat(actualFooter.getSchema()).isEqualTo(expectedFooter.getSchema());
        assertThat(actualFooter.getKeyValueMetaData()).isEqualTo(expectedFooter.getKeyValueMetaData())
                .containsEntry(EventsSchema.HLC_UNIT_KEY, "us");
        assertSameRows(expectedPart, actualPart, events);
        if (rowGroupBytes < 1 << 20 && events > 1024) {
            assertThat(rowGroups(actualPart)).as("row groups").isGreaterThan(1);
        }
        // the same data gives the same footer in any JVM: each column chunk's encodings in ascending order
        List<List<Integer>> encodings = footerEncodings(actualPart);
        assertThat(encodings).allSatisfy(chunk -> assertThat(chunk).isSorted());
        if (events > 1) {
            assertThat(encodings).anySatisfy(chunk -> assertThat(chunk).hasSizeGreaterThan(1));
        }
    }

    @ParameterizedTest(name = "{0} events")
    @CsvSource({"0", "3"})
    void aPartWithoutEventsOrVariablesHasTheSchemaAndNoRows(int events) throws IOException {
        Spilled spilled = spill(events, 64, (i, event) -> {
            event.nodeId = 0;
            event.keyId = 0;
            event.fileId = 0;
            event.line = i + 1;
            event.hlcL = i;
            return 0;
        });
        int[] order = new int[events];
        for (int i = 0; i < events; i++) {
            order[i] = i;
        }
        new EventsParquet(dir, HlcUnit.MS, List.of(), List.of(), List.of("n1"), List.of(""), List.of("f"))
                .writePart(EventsParquet.partName(7), spilled.data(), spilled.offsets(), order, events);
        Path part = dir.resolve("part-00007.parquet");
        assertThat(footer(part).getSchema().containsField(EventsSchema.VARS)).isFalse();
        List<Group> rows = Fixture.groups(part);
        assertThat(rows).hasSize(events);
        if (events > 0) {
            assertThat(rows.get(2).getLong(EventsSchema.TIME, 0)).isEqualTo(2_000L);
            assertThat(rows.get(2).getFieldRepetitionCount(EventsSchema.TS)).isZero();
        }
    }

    /**
     * The columns EventsParquet encodes itself, past what one page holds: thousands of keys and nodes (ids given out per
     * row group, statistics by rank), an hlc_l dictionary larger than a page, ts and type null for whole pages, and a
     * row group cut in the middle. Rows and the statistics of those columns must equal the record-assembly writer's.
     */
    @ParameterizedTest(name = "row groups of {0} bytes")
    @CsvSource({"33554432", "400000"})
    void manyIdsAndPagesGiveTheRecordAssemblyWritersRowsAndStatistics(long rowGroupBytes) throws IOException {
        Random random = new Random(11);
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            nodes.add(random.nextBoolean() ? "node-" + (70 - i) : "nöde-" + i);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            keys.add((i % 3 == 0 ? "grüppe/" : "g") + random.nextInt(1_000_000) + "/" + i);
        }
        List<String> files = List.of("/b.jsonl", "/a.jsonl", "/ä.jsonl");
        int events = 45_000;
        Spilled spilled = spill(events, 256, (i, event) -> {
            // the first 21,000 rows (in key order below: about the first keys) have no ts and no type
            boolean early = i < 21_000;
            event.nodeId = random.nextInt(nodes.size());
            event.keyId = early ? random.nextInt(1400) : 1400 + random.nextInt(1600);
            event.fileId = random.nextInt(files.size());
            event.line = 1 + random.nextInt(1 << 30);
            event.hlcL = random.nextInt(4) == 0 ? random.nextLong() >> 24 : 1_763_800_000_000L + random.nextInt(30_000);
            event.hlcC = random.nextInt(10) == 0 ? -1 - random.nextInt(1000) : random.nextInt(1 << 16);
            event.hasHlc = true;
            event.hasTs = !early && random.nextInt(10) > 0;
            event.type = early || random.nextInt(5) == 0 ? null : "T" + random.nextInt(40) + (random.nextBoolean() ? "ü" : "");
            return random.nextLong() >> random.nextInt(64);
        });
        int[] order = java.util.stream.IntStream.range(0, events).boxed()
                .sorted(java.util.Comparator.<Integer>comparingInt(i -> spilled.records().get(i).keyId).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();

        Path[] written = writeBoth(HlcUnit.MS, List.of(), List.of(), nodes, keys, files, spilled, order, rowGroupBytes);
        Path expectedPart = written[0];
        Path actualPart = written[1];
        assertSameRows(expectedPart, actualPart, events);
        try (ParquetFileReader expectedReader = ParquetFileReader.open(new LocalInputFile(expectedPart));
                ParquetFileReader actualReader = ParquetFileReader.open(new LocalInputFile(actualPart))) {
            if (rowGroupBytes < 1 << 20) {
                assertThat(actualReader.getRowGroups()).as("row groups").hasSizeGreaterThan(1);
                return;
            }
            var expectedGroup = expectedReader.getRowGroups();
            var actualGroup = actualReader.getRowGroups();
            assertThat(actualGroup).hasSize(1);
            assertThat(expectedGroup).hasSize(1);
            for (int c = 0; c < actualGroup.get(0).getColumns().size(); c++) {
                var expectedChunk = expectedGroup.get(0).getColumns().get(c);
                var actualChunk = actualGroup.get(0).getColumns().get(c);
                if (!List.of("node", "hlc_l", "hlc_c", "time", "ts", "key", "type", "file", "line")
                        .contains(actualChunk.getPath().toDotString())) {
                    continue; // written by parquet-mr's column writers, some without statistics
                }
                var expectedStatistics = expectedChunk.getStatistics();
                var actualStatistics = actualChunk.getStatistics();
                assertThat(actualChunk.getPath()).isEqualTo(expectedChunk.getPath());
                assertThat(actualStatistics.getNumNulls()).as("nulls of %s", actualChunk.getPath())
                        .isEqualTo(expectedStatistics.getNumNulls());
                assertThat(actualStatistics.hasNonNullValue()).isEqualTo(expectedStatistics.hasNonNullValue());
                if (expectedStatistics.hasNonNullValue()) {
                    assertThat(actualStatistics.genericGetMin()).as("min of %s", actualChunk.getPath())
                            .isEqualTo(expectedStatistics.genericGetMin());
                    assertThat(actualStatistics.genericGetMax()).as("max of %s", actualChunk.getPath())
                            .isEqualTo(expectedStatistics.genericGetMax());
                }
                var columnIndex = actualReader.readColumnIndex(actualChunk);
                assertThat(columnIndex).as("column index of %s", actualChunk.getPath()).isNotNull();
                assertThat(actualReader.readOffsetIndex(actualChunk).getPageCount()).as("pages of %s", actualChunk.getPath())
                        .isEqualTo(3);
            }
            var type = actualGroup.get(0).getColumns().stream().filter(chunk -> chunk.getPath().toDotString().equals("type"))
                    .findFirst().orElseThrow();
            // the first page holds no type at all: its column index entry is a null page
            assertThat(actualReader.readColumnIndex(type).getNullPages().get(0)).isTrue();
            assertThat(actualReader.readColumnIndex(type).getNullPages().get(2)).isFalse();
        }
    }

    /**
     * The columns with levels that EventsParquet encodes itself ({@code vars} LONG and STRING fields, the lists,
     * {@code extra}), past what one page and one dictionary hold: nulls at each level, empty and absent lists and lists
     * of up to 40 ids on both sides of page boundaries, a string variable whose dictionary passes 1 MB in the second
     * page (later pages plain), a long and an extra that are unique from the first page on (plain for the whole chunk),
     * an extra of 200 kB (more than the buffer the writer gathers records into at first), and a row group cut in the
     * middle. Rows and statistics must equal the record-assembly writer's.
     */
    @ParameterizedTest(name = "row groups of {0} bytes")
    @CsvSource({"33554432", "3000000"})
    void levelColumnsPastPagesAndDictionariesGiveTheRecordAssemblyWritersRowsAndStatistics(long rowGroupBytes)
            throws IOException {
        List<String> variables = List.of("term", "note", "uniq", "role", "ratio");
        List<VariableType> types = List.of(VariableType.LONG, VariableType.STRING, VariableType.LONG, VariableType.STRING,
                VariableType.DOUBLE);
        Random random = new Random(23);
        int events = 60_000;
        Spilled spilled = spill(events, 256, (i, event) -> {
            event.nodeId = random.nextInt(NODES.size());
            event.keyId = random.nextInt(KEYS.size());
            event.fileId = 0;
            event.line = i + 1;
            event.hlcL = 1_763_800_000_000L + i;
            event.hasHlc = true;
            event.type = "T";
            if (random.nextInt(8) > 0) { // else: no variable at all, vars is null
                int term = event.addVariable(null, EventRecord.LONG, random.nextInt(6), null);
                event.varIds[term] = 0;
                if (random.nextInt(3) > 0) {
                    // repeating in the first 20,000 rows, unique 120-byte strings after: the dictionary passes 1 MB
                    String text = i < 20_000 ? "note-" + random.nextInt(50)
                            : String.format("%0120d", random.nextLong() & Long.MAX_VALUE) + "ü";
                    int note = event.addVariable(null, EventRecord.STRING, 0, text);
                    event.varIds[note] = 1;
                }
                if (random.nextBoolean()) {
                    int uniq = event.addVariable(null, EventRecord.LONG, random.nextLong(), null);
                    event.varIds[uniq] = 2;
                }
                int role = switch (random.nextInt(4)) {
                    case 0 -> event.addVariable(null, EventRecord.NULL, 0, null);
                    case 1 -> event.addVariable(null, EventRecord.LONG, random.nextInt(3), null);
                    case 2 -> event.addVariable(null, EventRecord.STRING, 0, random.nextBoolean() ? "LEADER" : "FOLLOWER");
                    default -> -1;
                };
                if (role >= 0) {
                    event.varIds[role] = 3;
                }
                if (random.nextInt(10) == 0) {
                    int ratio = event.addVariable(null, EventRecord.DOUBLE, 0, "0.5");
                    event.varIds[ratio] = 4;
                }
            }
            event.hasSend = random.nextInt(4) > 0;
            if (event.hasSend) {
                int count = random.nextInt(50) == 0 ? 40 : random.nextInt(3);
                for (int k = 0; k < count; k++) {
                    event.send.add("m-" + i + "-" + k);
                }
            }
            event.hasRecv = random.nextInt(3) == 0;
            if (event.hasRecv) {
                for (int k = random.nextInt(3); k > 0; k--) {
                    event.recv.add("r" + random.nextInt(1000));
                }
            }
            if (i == 30_000) {
                // larger than the writer's first gathering buffer
                event.extra = "{\"big\":\"" + "z".repeat(200_000) + "\"}";
            } else if (random.nextInt(4) > 0) {
                event.extra = "{\"at\":" + i + ",\"pad\":\"" + "y".repeat(random.nextInt(60)) + "\"}";
            }
            return 0;
        });
        int[] order = java.util.stream.IntStream.range(0, events).toArray();

        Path[] written = writeBoth(HlcUnit.MS, variables, types, NODES, KEYS, FILES, spilled, order, rowGroupBytes);
        Path expectedPart = written[0];
        Path actualPart = written[1];
        assertSameRows(expectedPart, actualPart, events);
        try (ParquetFileReader actualReader = ParquetFileReader.open(new LocalInputFile(actualPart));
                ParquetFileReader expectedReader = ParquetFileReader.open(new LocalInputFile(expectedPart))) {
            var actualGroups = actualReader.getRowGroups();
            if (rowGroupBytes < EventsParquet.ROW_GROUP_BYTES) {
                assertThat(actualGroups).as("row groups").hasSizeGreaterThan(1);
                return;
            }
            assertThat(actualGroups).hasSize(1);
            var expectedChunks = expectedReader.getRowGroups().get(0).getColumns();
            Map<String, Set<Encoding>> encodings = new HashMap<>();
            for (int c = 0; c < expectedChunks.size(); c++) {
                var expectedChunk = expectedChunks.get(c);
                var actualChunk = actualGroups.get(0).getColumns().get(c);
                String path = actualChunk.getPath().toDotString();
                assertThat(path).isEqualTo(expectedChunk.getPath().toDotString());
                encodings.put(path, actualChunk.getEncodings());
                var expectedStatistics = expectedChunk.getStatistics();
                var actualStatistics = actualChunk.getStatistics();
                if (List.of("send.list.element", "recv.list.element", "extra").contains(path)) {
                    assertThat(actualStatistics.isEmpty()).as("no statistics for %s", path).isTrue();
                    continue;
                }
                assertThat(actualStatistics.getNumNulls()).as("nulls of %s", path).isEqualTo(expectedStatistics.getNumNulls());
                assertThat(actualStatistics.hasNonNullValue()).isEqualTo(expectedStatistics.hasNonNullValue());
                if (expectedStatistics.hasNonNullValue()) {
                    assertThat(actualStatistics.genericGetMin()).as("min of %s", path).isEqualTo(expectedStatistics.genericGetMin());
                    assertThat(actualStatistics.genericGetMax()).as("max of %s", path).isEqualTo(expectedStatistics.genericGetMax());
                }
                if (path.startsWith("vars.") || path.startsWith("unset.")) {
                    assertThat(actualReader.readColumnIndex(actualChunk)).as("column index of %s", path).isNotNull();
                }
            }
            assertThat(encodings.get("vars.note")).as("vars.note")
                    .contains(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN, Encoding.RLE);
            assertThat(encodings.get("vars.uniq")).as("vars.uniq").contains(Encoding.PLAIN)
                    .doesNotContain(Encoding.PLAIN_DICTIONARY);
            assertThat(encodings.get("vars.role")).as("vars.role").contains(Encoding.PLAIN_DICTIONARY)
                    .doesNotContain(Encoding.PLAIN);
            assertThat(encodings.get("vars.term")).as("vars.term").contains(Encoding.PLAIN_DICTIONARY);
            assertThat(encodings.get("unset.list.element")).as("unset").contains(Encoding.PLAIN_DICTIONARY);
            assertThat(encodings.get("extra")).as("extra").contains(Encoding.PLAIN).doesNotContain(Encoding.PLAIN_DICTIONARY);
            assertThat(encodings.get("send.list.element")).as("send").contains(Encoding.PLAIN)
                    .doesNotContain(Encoding.PLAIN_DICTIONARY);
            var send = actualGroups.get(0).getColumns().stream()
                    .filter(chunk -> chunk.getPath().toDotString().equals("send.list.element")).findFirst().orElseThrow();
            assertThat(actualReader.readOffsetIndex(send).getPageCount()).as("pages of send").isEqualTo(3);
            var extra = actualGroups.get(0).getColumns().stream()
                    .filter(chunk -> chunk.getPath().toDotString().equals("extra")).findFirst().orElseThrow();
            assertThat(actualReader.readOffsetIndex(extra).getPageCount()).as("pages of extra").isEqualTo(3);
        }
    }

    /**
     * A dictionary's bytes are reused by the next row group's column chunk; the statistics of the earlier row groups
     * (kept for the footer and the column index until the file ends) must not change with them.
     */
    @org.junit.jupiter.api.Test
    void statisticsOfAnEarlierRowGroupKeepTheirStrings() throws IOException {
        int events = 3000;
        Spilled spilled = spill(events, 256, (i, event) -> {
            event.nodeId = 0;
            event.keyId = 0;
            event.fileId = 0;
            event.line = i + 1;
            event.hlcL = i;
            event.hasHlc = true;
            // row groups of 1,024 rows: the first holds "zz" only, the next ones "aa" first, in the same bytes
            event.type = i < 1024 ? "zz" : i % 2 == 0 ? "aa" : "ab";
            int term = event.addVariable(null, EventRecord.STRING, 0, i < 1024 ? "yy" : "bb");
            event.varIds[term] = 0;
            if (i % 3 == 0) {
                int gone = event.addVariable(null, EventRecord.NULL, 0, null);
                event.varIds[gone] = i < 1024 ? 2 : 1;
            }
            return 0;
        });
        int[] order = java.util.stream.IntStream.range(0, events).toArray();
        new EventsParquet(dir, HlcUnit.MS, List.of("role", "a", "z"), List.of(VariableType.STRING, VariableType.LONG,
                VariableType.LONG), List.of("n1"), List.of(""), List.of("f"), 1)
                .writePart(EventsParquet.partName(0), spilled.data(), spilled.offsets(), order, events);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(dir.resolve(EventsParquet.partName(0))))) {
            assertThat(reader.getRowGroups()).hasSizeGreaterThan(1);
            Map<String, String> first = new HashMap<>();
            for (var chunk : reader.getRowGroups().get(0).getColumns()) {
                var statistics = chunk.getStatistics();
                if (statistics.hasNonNullValue()) {
                    first.put(chunk.getPath().toDotString(), statistics.minAsString() + ".." + statistics.maxAsString());
                }
                if (chunk.getPath().toDotString().equals("type")) {
                    var index = reader.readColumnIndex(chunk);
                    assertThat(new String(index.getMinValues().get(0).array(), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo("zz");
                }
            }
            assertThat(first).containsEntry("type", "zz..zz").containsEntry("vars.role", "yy..yy")
                    .containsEntry("unset.list.element", "z..z");
        }
    }

    /** Events in the form {@link SlicedParts} hands them over: spilled bytes, where each starts, and what was spilled. */
    private record Spilled(byte[] data, int[] offsets, List<EventRecord> records, List<Long> tsMicros) {
    }

    /** One event to spill: fills {@code event} (a fresh, reset record) and returns its ts in epoch microseconds. */
    private interface EventMaker {
        long make(int index, EventRecord event);
    }

    /** Spills {@code events} events made by {@code maker}, through a writer with a buffer of {@code bufferSize}. */
    private static Spilled spill(int events, int bufferSize, EventMaker maker) throws IOException {
        ByteArrayOutputStream spilled = new ByteArrayOutputStream();
        List<EventRecord> records = new ArrayList<>();
        List<Long> tsMicros = new ArrayList<>();
        int[] offsets = new int[events + 1];
        try (Spill.Writer writer = new Spill.Writer(spilled, bufferSize)) {
            for (int i = 0; i < events; i++) {
                EventRecord event = new EventRecord();
                event.reset();
                long ts = maker.make(i, event);
                writer.write(event, ts);
                writer.flush();
                offsets[i + 1] = spilled.size();
                records.add(event);
                tsMicros.add(ts);
            }
        }
        return new Spilled(spilled.toByteArray(), offsets, records, tsMicros);
    }

    /**
     * Writes the spilled events in {@code order} with the record-assembly writer and with {@link EventsParquet};
     * returns the two part files, the reference's first.
     */
    private Path[] writeBoth(HlcUnit unit, List<String> variables, List<VariableType> types, List<String> nodes,
            List<String> keys, List<String> files, Spilled spilled, int[] order, long rowGroupBytes)
            throws IOException {
        Path expected = writeReference(unit, variables, types, nodes, keys, files, spilled, order);
        Path actual = Files.createDirectory(dir.resolve("columns"));
        new EventsParquet(actual, unit, variables, types, nodes, keys, files, rowGroupBytes)
                .writePart(EventsParquet.partName(0), spilled.data(), spilled.offsets(), order, order.length);
        return new Path[] {expected.resolve(EventsParquet.partName(0)), actual.resolve(EventsParquet.partName(0))};
    }

    /** The two part files hold the same rows in the same order, {@code events} of them. */
    private static void assertSameRows(Path expectedPart, Path actualPart, int events) throws IOException {
        List<String> expectedRows = Fixture.groups(expectedPart).stream().map(Group::toString).toList();
        List<String> actualRows = Fixture.groups(actualPart).stream().map(Group::toString).toList();
        assertThat(actualRows).hasSize(events).containsExactlyElementsOf(expectedRows);
    }

    /** Writes the spilled events in {@code order} with the record-assembly writer; returns its directory. */
    private Path writeReference(HlcUnit unit, List<String> variables, List<VariableType> types, List<String> nodes,
            List<String> keys, List<String> files, Spilled spilled, int[] order) throws IOException {
        Path expected = Files.createDirectory(dir.resolve("record-assembly"));
        try (RecordAssemblyEventsParquet reference = new RecordAssemblyEventsParquet(expected, unit, variables, types,
                nodes, keys, files)) {
            reference.nextPart();
            for (int index : order) {
                reference.write(spilled.records().get(index), spilled.tsMicros().get(index));
            }
        }
        return expected;
    }

    /** Fills {@code event} (reset) with a random event, the {@code index}-th of its input. */
    private static void randomEvent(Random random, int index, EventRecord event) {
        event.nodeId = random.nextInt(NODES.size());
        event.keyId = random.nextInt(KEYS.size());
        event.fileId = random.nextInt(FILES.size());
        event.line = 1 + index * 3L + random.nextInt(3);
        event.hlcL = 1_763_800_000_000_000L + random.nextInt(1000);
        event.hlcC = random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(3);
        event.hasHlc = random.nextBoolean();
        event.hasTs = random.nextInt(3) > 0;
        event.type = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "BecomeLeader";
            case 2 -> "Wahl ✓ " + random.nextInt(5);
            default -> "";
        };
        List<Integer> ids = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
        Collections.shuffle(ids, random);
        int count = random.nextInt(4) == 0 ? 0 : random.nextInt(ids.size() + 1);
        for (int k = 0; k < count; k++) {
            int id = ids.get(k);
            if (id == 6 && random.nextInt(4) > 0) {
                continue;
            }
            int slot;
            if (random.nextInt(5) == 0) {
                slot = event.addVariable(null, EventRecord.NULL, 0, null);
            } else {
                slot = switch (id) {
                    case 0, 6 -> event.addVariable(null, EventRecord.LONG, random.nextLong() >> random.nextInt(64),
                            null);
                    case 1 -> event.addVariable(null, EventRecord.DOUBLE, 0, Double.toString(random.nextGaussian()));
                    case 2 -> event.addVariable(null, EventRecord.BOOLEAN, random.nextInt(2), null);
                    case 3 -> event.addVariable(null, EventRecord.STRING, 0, random.nextBoolean() ? "LEADER" : "fü✓");
                    case 4 -> switch (random.nextInt(4)) {
                        case 0 -> event.addVariable(null, EventRecord.LONG, random.nextInt(100) - 50, null);
                        case 1 -> event.addVariable(null, EventRecord.BOOLEAN, random.nextInt(2), null);
                        case 2 -> event.addVariable(null, EventRecord.DOUBLE, 0, "1.5e-3");
                        default -> event.addVariable(null, EventRecord.STRING, 0, "text " + random.nextInt(9));
                    };
                    default -> random.nextBoolean()
                            ? event.addVariable(null, EventRecord.LONG, random.nextInt(1 << 20), null)
                            : event.addVariable(null, EventRecord.DOUBLE, 0, "-0.25");
                };
            }
            event.varIds[slot] = id;
        }
        event.hasSend = random.nextBoolean();
        if (event.hasSend) {
            for (int k = random.nextInt(4); k > 0; k--) {
                event.send.add("m" + index + "." + k);
            }
        }
        event.hasRecv = random.nextInt(3) == 0;
        if (event.hasRecv) {
            for (int k = random.nextInt(3); k > 0; k--) {
                event.recv.add("m" + random.nextInt(index + 1) + "/ü");
            }
        }
        if (random.nextInt(3) == 0) {
            event.extra = "{\"span\":\"" + "x".repeat(random.nextInt(300)) + "\",\"n\":" + index + "}";
        }
    }

    private static FileMetaData footer(Path part) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            return reader.getFooter().getFileMetaData();
        }
    }

    /** Each column chunk's encodings (their Thrift values) as the part's footer lists them, row group by row group. */
    private static List<List<Integer>> footerEncodings(Path part) throws IOException {
        byte[] bytes = Files.readAllBytes(part);
        int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        // parquet-format's Thrift classes, named in full where parquet-mr's classes of the same names are imported
        org.apache.parquet.format.FileMetaData footer = Util.readFileMetaData(
                new ByteArrayInputStream(bytes, bytes.length - 8 - length, length));
        List<List<Integer>> encodings = new ArrayList<>();
        for (RowGroup group : footer.getRow_groups()) {
            for (ColumnChunk chunk : group.getColumns()) {
                encodings.add(chunk.getMeta_data().getEncodings().stream()
                        .map(org.apache.parquet.format.Encoding::getValue).toList());
            }
        }
        return encodings;
    }

    private static int rowGroups(Path part) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            return reader.getRowGroups().size();
        }
    }
}
