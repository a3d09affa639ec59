package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.parquet.example.data.Group;
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
        ByteArrayOutputStream spilled = new ByteArrayOutputStream();
        List<EventRecord> records = new ArrayList<>();
        List<Long> tsMicros = new ArrayList<>();
        int[] offsets = new int[events + 1];
        try (Spill.Writer writer = new Spill.Writer(spilled, 256)) {
            for (int i = 0; i < events; i++) {
                EventRecord event = randomEvent(random, i);
                long ts = random.nextLong() >> random.nextInt(64);
                writer.write(event, ts);
                writer.flush();
                offsets[i + 1] = spilled.size();
                records.add(event);
                tsMicros.add(ts);
            }
        }
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, random);
        int[] order = shuffled.stream().mapToInt(Integer::intValue).toArray();

        Path expected = Files.createDirectory(dir.resolve("record-assembly"));
        try (RecordAssemblyEventsParquet reference = new RecordAssemblyEventsParquet(expected, HlcUnit.US, VARIABLES,
                TYPES, NODES, KEYS, FILES)) {
            reference.nextPart();
            for (int index : order) {
                reference.write(records.get(index), tsMicros.get(index));
            }
        }
        Path actual = Files.createDirectory(dir.resolve("columns"));
        new EventsParquet(actual, HlcUnit.US, VARIABLES, TYPES, NODES, KEYS, FILES, rowGroupBytes)
                .writePart(EventsParquet.partName(0), spilled.toByteArray(), offsets, order, events);

        Path expectedPart = expected.resolve(EventsParquet.partName(0));
        Path actualPart = actual.resolve(EventsParquet.partName(0));
        FileMetaData expectedFooter = footer(expectedPart);
        FileMetaData actualFooter = footer(actualPart);
        assertThat(actualFooter.getSchema()).isEqualTo(expectedFooter.getSchema());
        assertThat(actualFooter.getKeyValueMetaData()).isEqualTo(expectedFooter.getKeyValueMetaData())
                .containsEntry(EventsSchema.HLC_UNIT_KEY, "us");
        List<String> expectedRows = Fixture.groups(expectedPart).stream().map(Group::toString).toList();
        List<String> actualRows = Fixture.groups(actualPart).stream().map(Group::toString).toList();
        assertThat(actualRows).hasSize(events).containsExactlyElementsOf(expectedRows);
        if (rowGroupBytes < 1 << 20 && events > 1024) {
            assertThat(rowGroups(actualPart)).as("row groups").isGreaterThan(1);
        }
    }

    @ParameterizedTest(name = "{0} events")
    @CsvSource({"0", "3"})
    void aPartWithoutEventsOrVariablesHasTheSchemaAndNoRows(int events) throws IOException {
        ByteArrayOutputStream spilled = new ByteArrayOutputStream();
        int[] offsets = new int[events + 1];
        try (Spill.Writer writer = new Spill.Writer(spilled, 64)) {
            for (int i = 0; i < events; i++) {
                EventRecord event = new EventRecord();
                event.reset();
                event.nodeId = 0;
                event.keyId = 0;
                event.fileId = 0;
                event.line = i + 1;
                event.hlcL = i;
                writer.write(event, 0);
                writer.flush();
                offsets[i + 1] = spilled.size();
            }
        }
        int[] order = new int[events];
        for (int i = 0; i < events; i++) {
            order[i] = i;
        }
        new EventsParquet(dir, HlcUnit.MS, List.of(), List.of(), List.of("n1"), List.of(""), List.of("f"))
                .writePart(EventsParquet.partName(7), spilled.toByteArray(), offsets, order, events);
        Path part = dir.resolve("part-00007.parquet");
        assertThat(footer(part).getSchema().containsField(EventsSchema.VARS)).isFalse();
        List<Group> rows = Fixture.groups(part);
        assertThat(rows).hasSize(events);
        if (events > 0) {
            assertThat(rows.get(2).getLong(EventsSchema.TIME, 0)).isEqualTo(2_000L);
            assertThat(rows.get(2).getFieldRepetitionCount(EventsSchema.TS)).isZero();
        }
    }

    private static EventRecord randomEvent(Random random, int index) {
        EventRecord event = new EventRecord();
        event.reset();
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
        return event;
    }

    private static FileMetaData footer(Path part) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            return reader.getFooter().getFileMetaData();
        }
    }

    private static int rowGroups(Path part) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            return reader.getRowGroups().size();
        }
    }
}
