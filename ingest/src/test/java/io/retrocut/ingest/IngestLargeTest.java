package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.VariableType;
import io.retrocut.ingest.Fixture.Row;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million events through the whole pipeline: every field of every row read back must match what was generated
 * (compared through an order-independent checksum), and the live heap must stay far below the input size.
 */
class IngestLargeTest {
    private static final int EVENTS = 1_000_000;
    private static final int NODES = 8;
    /** Node 6 logs only wall-clock time, so its HLCs are reconstructed. */
    private static final int TS_ONLY_NODE = 6;
    private static final long BASE = 1_763_800_000_000L;
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void millionEventsRoundTripWithBoundedMemory() throws Exception {
        Path plain = dir.resolve("in/a-nodes0-5.jsonl");
        Path gzip = dir.resolve("in/b-nodes6-7.jsonl.gz");
        Files.createDirectories(plain.getParent());
        long expectedChecksum = 0;
        long[] lineOf = new long[2];
        long inputBytes = 0;
        long started = System.nanoTime();
        try (Writer a = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(plain),
                StandardCharsets.UTF_8), 1 << 16);
                Writer b = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(gzip),
                        1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < EVENTS; i++) {
                int node = i % NODES;
                boolean inGzip = node >= TS_ONLY_NODE;
                long lineNumber = ++lineOf[inGzip ? 1 : 0];
                line.setLength(0);
                String expected = generate(i, line, (inGzip ? gzip : plain).toString(), lineNumber);
                expectedChecksum += hash(expected);
                (inGzip ? b : a).append(line).append('\n');
                inputBytes += line.length() + 1;
            }
        }
        long generated = System.nanoTime();

        System.gc();
        long baseline = liveHeap();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        // the live heap (used right after a collection) is what must not grow with the input; plain "used" mostly
        // measures how lazily the collector runs, and read after System.gc() it also counts what the ingest's threads
        // allocated since (up to ~40 MB more in one run of the module's tests)
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long onDisk = Files.size(plain) + Files.size(gzip);
        List<long[]> reports = new java.util.ArrayList<>();
        IngestProgress progress = new IngestProgress() {
            @Override
            public void bytesRead(long done, long total) {
                reports.add(new long[] {done, total});
            }

            @Override
            public void phase(String name) {
            }
        };
        IngestSummary summary;
        try {
            summary = Ingest.run(IngestOptions.of(List.of(dir.resolve("in")), dir.resolve("events")), progress);
        } finally {
            running.set(false);
            sampler.join();
        }

        long ingested = System.nanoTime();
        assertThat(summary.read()).isEqualTo(EVENTS);
        assertThat(summary.ingested()).isEqualTo(EVENTS);
        assertThat(summary.quarantined()).isZero();
        assertThat(summary.nodes()).isEqualTo(NODES);
        assertThat(summary.reconstructed()).isEqualTo(EVENTS / NODES);
        assertThat(summary.variables()).isEqualTo(Map.of("counter", VariableType.LONG, "ratio", VariableType.DOUBLE,
                "load", VariableType.DOUBLE, "flag", VariableType.BOOLEAN, "role", VariableType.STRING));
        assertThat(summary.warnings()).isEmpty();
        // throttled to about one report per MiB read from disk, never going backwards, ending at the total
        assertThat(reports.size()).isBetween((int) (onDisk / MIB) - 2, (int) (onDisk / MIB) + 4);
        assertThat(reports).allSatisfy(report -> assertThat(report[1]).isEqualTo(onDisk));
        assertThat(reports).extracting(report -> report[0]).isSorted();
        assertThat(reports.get(reports.size() - 1)[0]).isEqualTo(onDisk);

        long[] rows = new long[1];
        long[] checksum = new long[1];
        for (Path part : Fixture.parts(dir.resolve("events"))) {
            Fixture.forEachGroup(part, group -> {
                rows[0]++;
                checksum[0] += hash(canonical(Fixture.row(group)));
            });
        }
        assertThat(rows[0]).isEqualTo(EVENTS);
        assertThat(checksum[0]).isEqualTo(expectedChecksum);

        long live = peak.get() - baseline;
        System.out.printf("large ingest: %d MiB input, generate %d ms, ingest %d ms, verify %d ms, peak live heap"
                + " %d MiB above a %d MiB baseline%n", inputBytes / MIB, (generated - started) / 1_000_000,
                (ingested - generated) / 1_000_000, (System.nanoTime() - ingested) / 1_000_000, live / MIB,
                baseline / MIB);
        assertThat(inputBytes).isGreaterThan(140 * MIB);
        assertThat(live).as("peak live heap above the baseline, input is %d MiB", inputBytes / MIB)
                .isLessThan(100 * MIB);
    }

    /** The heap in use at the end of the last collection of each of its pools, as the collector measured it. */
    private static long liveHeap() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterCollection = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterCollection != null) {
                used += afterCollection.getUsed();
            }
        }
        return used;
    }

    /** Appends event {@code i}'s JSON line and returns the canonical text of the row it must become. */
    private static String generate(int i, StringBuilder line, String file, long lineNumber) {
        int node = i % NODES;
        long j = i / NODES;
        long l = BASE + j;
        int c = (int) (j % 5);
        String key = i % 97 == 0 ? "" : "k" + (i % 500);
        String type = i % 11 == 0 ? null : "T" + (i % 7);
        boolean sends = i % 10 == 0 && node != TS_ONLY_NODE && (i + 1) % NODES != TS_ONLY_NODE;
        boolean receives = i % 10 == 1 && node != TS_ONLY_NODE && (i - 1) % NODES != TS_ONLY_NODE;
        Long tsMicros = null;

        line.append("{\"node\":\"n").append(node).append('"');
        if (node == TS_ONLY_NODE) {
            c = 0;
            tsMicros = l * 1000;
            if (j % 2 == 0) {
                line.append(",\"ts\":").append(l);
            } else {
                line.append(",\"ts\":\"").append(Instant.ofEpochMilli(l)).append('"');
            }
        } else if (i % 2 == 0) {
            line.append(",\"hlc\":{\"l\":").append(l).append(",\"c\":").append(c).append('}');
        } else {
            line.append(",\"hlc\":").append((l << 16) | c);
        }
        if (node != TS_ONLY_NODE && i % 5 == 0) {
            tsMicros = l * 1000;
            line.append(",\"ts\":").append(l);
        }
        if (!key.isEmpty()) {
            line.append(",\"key\":\"").append(key).append('"');
        }
        if (type != null) {
            line.append(",\"type\":\"").append(type).append('"');
        }
        Map<String, String> vars = new TreeMap<>();
        String unset = "";
        line.append(",\"set\":{\"counter\":").append(i);
        vars.put("counter", "L" + i);
        double ratio = i * 0.25;
        line.append(",\"ratio\":").append(ratio);
        vars.put("ratio", "D" + ratio);
        if (i % 2 == 0) {
            line.append(",\"load\":").append(i % 100);
            vars.put("load", "D" + (double) (i % 100));
        } else {
            line.append(",\"load\":").append(i % 100 + 0.5);
            vars.put("load", "D" + (i % 100 + 0.5));
        }
        line.append(",\"flag\":").append(i % 3 == 0);
        vars.put("flag", "B" + (i % 3 == 0));
        if (i % 13 == 0) {
            line.append(",\"role\":null");
            unset = "role";
        } else {
            line.append(",\"role\":\"R").append(i % 4).append('"');
            vars.put("role", "SR" + (i % 4));
        }
        line.append('}');
        String send = null;
        String recv = null;
        if (sends) {
            line.append(",\"send\":\"m").append(i).append('"');
            send = "m" + i;
        }
        if (receives) {
            line.append(",\"recv\":[\"m").append(i - 1).append("\"]");
            recv = "m" + (i - 1);
        }
        String extra = null;
        if (i % 7 == 0) {
            line.append(",\"pid\":").append(i % 1000);
            extra = "{\"pid\":" + (i % 1000) + "}";
        }
        line.append('}');
        return String.join("|", "n" + node, Long.toString(l), Integer.toString(c), Long.toString(l * 1000),
                String.valueOf(tsMicros), key, String.valueOf(type), vars.toString(), unset, String.valueOf(send),
                String.valueOf(recv), String.valueOf(extra), file, Long.toString(lineNumber));
    }

    private static String canonical(Row row) {
        Map<String, String> vars = new TreeMap<>();
        row.vars().forEach((name, value) -> vars.put(name, tag(value) + value));
        return String.join("|", row.node(), Long.toString(row.l()), Integer.toString(row.c()),
                Long.toString(row.time()), String.valueOf(row.ts()), row.key(), String.valueOf(row.type()),
                vars.toString(), row.unset() == null ? "" : String.join(",", row.unset()), single(row.send()),
                single(row.recv()), String.valueOf(row.extra()), row.file(), Long.toString(row.line()));
    }

    private static String tag(Object value) {
        if (value instanceof Long) {
            return "L";
        }
        if (value instanceof Double) {
            return "D";
        }
        if (value instanceof Boolean) {
            return "B";
        }
        if (value instanceof String) {
            return "S";
        }
        throw new IllegalStateException("unexpected " + value);
    }

    private static String single(List<String> values) {
        if (values == null) {
            return "null";
        }
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    /** 64-bit FNV-1a over the UTF-16 units. */
    private static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
