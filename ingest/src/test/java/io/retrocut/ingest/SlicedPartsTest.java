package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retrocut.events.EventsSchema;
import io.retrocut.ingest.Fixture.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layout {@code check} relies on ({@link EventsSchema#LAYOUT_HLC_SLICED}): parts are disjoint, increasing HLC
 * ranges, each sorted by (key, HLC, node), with every event in exactly one part and the metadata describing each part.
 * Checked on random multi-node logs whose HLCs are derived from skewed wall clocks and messages (so the causal order
 * the ingest decides is not HLC order), on logs with given HLCs, and on a mix.
 */
class SlicedPartsTest {
    /**
     * The writing thread's sort: keys counted, each key's events left as they arrived when already in order (the
     * usual case), sorted when not; and a comparison sort of the whole part when the keys are too many to count.
     */
    @ParameterizedTest
    @CsvSource({"8, 0", "8, 3", "1, 0", "1, 1", "100000, 5"})
    void aPartSortsByKeyThenHlcWhetherOrNotEachKeyArrivesInOrder(int keys, int shuffledKeys) {
        Random random = new Random(keys * 31L + shuffledKeys);
        int count = 5_000;
        int indexBits = 13;
        int keyShift = 20 + indexBits;
        // arrival order: HLC order, keys mixed; then some keys' events swapped among themselves
        long[] arrived = new long[count];
        for (int i = 0; i < count; i++) {
            long key = random.nextInt(keys);
            arrived[i] = key << keyShift | (long) (i / 3) << indexBits | i;
        }
        for (int k = 0; k < shuffledKeys; k++) {
            long key = random.nextInt(keys);
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (arrived[i] >>> keyShift == key) {
                    positions.add(i);
                }
            }
            for (int n = 0; n + 1 < positions.size(); n += 2) {
                long swap = arrived[positions.get(n)];
                arrived[positions.get(n)] = arrived[positions.get(n + 1)];
                arrived[positions.get(n + 1)] = swap;
            }
        }
        long[] expected = arrived.clone();
        java.util.Arrays.sort(expected);
        int[] order = SlicedParts.sortPacked(arrived.clone(), indexBits, keyShift, keys);
        assertThat(order).containsExactly(java.util.Arrays.stream(expected).mapToInt(v -> (int) (v & 8191)).toArray());
    }

    private static final Comparator<Row> LAYOUT = Comparator.comparing(Row::key).thenComparingLong(Row::l)
            .thenComparingInt(Row::c).thenComparing(Row::node);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, {1} rows per part, clocks {2}")
    @CsvSource({
            "1, 7, derived", "2, 11, derived", "3, 17, derived", "4, 200, derived", "5, 5000, derived",
            "6, 8, given", "7, 9, given", "8, 40, given",
            "9, 6, mixed", "10, 25, mixed", "11, 64, mixed", "12, 30, wide", "13, 90, wide"})
    void partsAreDisjointHlcRangesSortedByKeyHlcNode(long seed, long rowsPerPart, String clocks) throws IOException {
        int lines = writeLogs(new Random(seed), clocks);
        Path events = dir.resolve("events");
        IngestSummary summary = Ingest.run(IngestOptions.of(List.of(dir.resolve("logs")), events), IngestProgress.NONE,
                rowsPerPart);

        assertThat(summary.ingested()).isEqualTo(lines);
        JsonNode metadata = Fixture.JSON.readTree(Files.readString(events.resolve(EventsSchema.METADATA_FILE)));
        assertThat(metadata.get("layout").asText()).isEqualTo(EventsSchema.LAYOUT_HLC_SLICED);
        List<Path> parts = Fixture.parts(events);
        assertThat(metadata.get("slices")).hasSameSizeAs(parts);
        long total = 0;
        Row previousLast = null;
        for (int i = 0; i < parts.size(); i++) {
            List<Row> rows = Fixture.groups(parts.get(i)).stream().map(Fixture::row).toList();
            JsonNode slice = metadata.get("slices").get(i);
            assertThat(slice.get("part").asText()).isEqualTo(parts.get(i).getFileName().toString());
            assertThat(slice.get("events").asLong()).isEqualTo(rows.size());
            assertThat(rows).isSortedAccordingTo(LAYOUT);
            Row first = rows.stream().min(Fixture::compareHlc).orElseThrow();
            Row last = rows.stream().max(Fixture::compareHlc).orElseThrow();
            assertThat(slice.get("first").get("l").asLong() + "." + slice.get("first").get("c").asInt())
                    .isEqualTo(first.l() + "." + first.c());
            assertThat(slice.get("last").get("l").asLong() + "." + slice.get("last").get("c").asInt())
                    .isEqualTo(last.l() + "." + last.c());
            if (previousLast != null) {
                assertThat(Fixture.compareHlc(previousLast, first)).as("part %d starts after part %d ends", i, i - 1)
                        .isNegative();
            }
            previousLast = last;
            total += rows.size();
            assertThat(slice.get("deltas").asText()).isEqualTo("_deltas/part-" + String.format("%05d", i) + ".json");
            JsonNode deltas = Fixture.JSON.readTree(Files.readString(events.resolve(slice.get("deltas").asText())));
            assertThat(deltas.get("part").asText()).isEqualTo(slice.get("part").asText());
            assertThat(deltas(deltas, metadata.get("variables"))).as("part %d", i).isEqualTo(deltas(rows));
        }
        assertThat(total).isEqualTo(lines);
        if (rowsPerPart < lines / 4) {
            assertThat(parts).as("a small target cuts the events into several parts").hasSizeGreaterThan(2);
        }
    }

    @Test
    void noEventsStillWriteOnePartWithTheSchema() throws IOException {
        Path input = Fixture.write(dir, "in.jsonl", "\n\n");
        Path events = dir.resolve("events");
        Ingest.run(IngestOptions.of(List.of(input), events), IngestProgress.NONE);

        assertThat(Fixture.parts(events)).extracting(path -> path.getFileName().toString())
                .containsExactly("part-00000.parquet");
        JsonNode metadata = Fixture.JSON.readTree(Files.readString(events.resolve(EventsSchema.METADATA_FILE)));
        assertThat(metadata.get("slices").toString())
                .isEqualTo("[{\"part\":\"part-00000.parquet\",\"events\":0,\"deltas\":\"_deltas/part-00000.json\"}]");
        assertThat(events.resolve("_deltas/part-00000.json")).hasContent("{\"part\":\"part-00000.parquet\",\"keys\":[]}");
    }

    @Test
    void automaticPartSizeAimsAtEightParts() {
        assertThat(IngestRun.automaticRowsPerPart(54)).isEqualTo(50_000);
        assertThat(IngestRun.automaticRowsPerPart(1_000_000)).isEqualTo(125_000);
        assertThat(IngestRun.automaticRowsPerPart(100_000_000)).isEqualTo(500_000);
    }

    /** Per key, per node: each variable's last assignment in the rows (in order), "UNSET" when it was unset. */
    private static Map<String, Map<String, Map<String, Object>>> deltas(List<Row> rows) {
        Map<String, Map<String, Map<String, Object>>> deltas = new TreeMap<>();
        for (Row row : rows) {
            Map<String, Object> node = deltas.computeIfAbsent(row.key(), k -> new TreeMap<>())
                    .computeIfAbsent(row.node(), n -> new TreeMap<>());
            if (row.vars() != null) {
                node.putAll(row.vars());
            }
            if (row.unset() != null) {
                row.unset().forEach(variable -> node.put(variable, "UNSET"));
            }
        }
        return deltas;
    }

    /** The same from a deltas file, values read as their column types say. */
    private static Map<String, Map<String, Map<String, Object>>> deltas(JsonNode file, JsonNode types) {
        Map<String, Map<String, Map<String, Object>>> deltas = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        for (JsonNode key : file.get("keys")) {
            keys.add(key.get("key").asText());
            List<String> nodes = new ArrayList<>();
            for (JsonNode node : key.get("nodes")) {
                nodes.add(node.get("node").asText());
                Map<String, Object> values = deltas.computeIfAbsent(key.get("key").asText(), k -> new TreeMap<>())
                        .computeIfAbsent(node.get("node").asText(), n -> new TreeMap<>());
                node.path("set").fields().forEachRemaining(field -> values.put(field.getKey(),
                        switch (types.get(field.getKey()).asText()) {
                            case "long" -> field.getValue().asLong();
                            case "double" -> field.getValue().asDouble();
                            case "boolean" -> field.getValue().asBoolean();
                            default -> field.getValue().asText();
                        }));
                node.path("unset").forEach(variable -> values.put(variable.asText(), "UNSET"));
            }
            assertThat(nodes).as("nodes of key %s", keys.get(keys.size() - 1)).isSorted();
        }
        assertThat(keys).as("keys").isSorted();
        return deltas;
    }

    /**
     * Three to five nodes, three keys, messages between nodes, wall clocks skewed by up to 30 ms and often equal (so
     * HLCs tie across nodes). Returns the number of lines.
     */
    private int writeLogs(Random random, String clocks) throws IOException {
        int nodes = 3 + random.nextInt(3);
        List<StringBuilder> logs = new ArrayList<>();
        long[] wall = new long[nodes];
        long[] given = new long[nodes];
        int[] skew = new int[nodes];
        for (int n = 0; n < nodes; n++) {
            logs.add(new StringBuilder());
            skew[n] = random.nextInt(30);
            wall[n] = 1_000 + skew[n];
        }
        List<String> inFlight = new ArrayList<>();
        int lines = 0;
        int messages = 0;
        for (int step = 0; step < 400; step++) {
            int n = random.nextInt(nodes);
            wall[n] += random.nextInt(3);
            StringBuilder line = new StringBuilder("{\"node\":\"n").append(n).append('"');
            boolean hlc = clocks.equals("given") || clocks.equals("wide") || (clocks.equals("mixed") && n % 2 == 0);
            if (hlc) {
                given[n] = Math.max(given[n] + 1, wall[n] << 16);
                if (clocks.equals("wide")) {
                    // physical parts 2^40 apart and large counters: too wide to sort a part by packed longs, so
                    // the merge sort runs
                    line.append(",\"hlc\":{\"l\":").append((given[n] >> 16) << 40).append(",\"c\":")
                            .append((given[n] & 0xFFFF) << 15).append('}');
                } else {
                    line.append(",\"hlc\":").append(given[n]);
                }
            } else {
                line.append(",\"ts\":").append(wall[n]);
            }
            line.append(",\"key\":\"k").append(random.nextInt(3)).append('"');
            // v stays a long, w widens to double, s to string; b is boolean; u is sometimes unset
            line.append(",\"set\":{\"v\":").append(step);
            switch (random.nextInt(6)) {
                case 0 -> line.append(",\"w\":").append(random.nextInt(5));
                case 1 -> line.append(",\"w\":").append(random.nextInt(5)).append(".5");
                case 2 -> line.append(",\"s\":\"x").append(random.nextInt(3)).append('"');
                case 3 -> line.append(",\"s\":").append(random.nextInt(3) == 0 ? "2.50" : "7");
                case 4 -> line.append(",\"b\":").append(random.nextBoolean());
                default -> line.append(",\"u\":").append(random.nextBoolean() ? "null" : "\"on\"");
            }
            line.append('}');
            if (!hlc && !inFlight.isEmpty() && random.nextInt(3) == 0) {
                line.append(",\"recv\":\"").append(inFlight.remove(random.nextInt(inFlight.size()))).append('"');
            } else if (!hlc && random.nextInt(3) == 0) {
                String id = "m" + messages++;
                inFlight.add(id);
                line.append(",\"send\":\"").append(id).append('"');
            }
            logs.get(n).append(line).append("}\n");
            lines++;
        }
        for (int n = 0; n < nodes; n++) {
            Fixture.write(dir, "logs/n" + n + ".jsonl", logs.get(n).toString());
        }
        return lines;
    }
}
