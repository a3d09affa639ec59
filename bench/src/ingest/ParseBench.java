package io.retrocut.ingest;

import io.retrocut.events.HlcUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the canonical lines of a logs directory into memory, then times, in thread CPU, four rounds of: the fast
 * parser over every line, Jackson's parser over every fourth line, and the UTF-8 check over every line (MB/s each).
 * Not run by the harness; see BENCHMARKS.md.
 */
public class ParseBench {
    public static void main(String[] args) throws Exception {
        List<byte[]> lines = new ArrayList<>();
        long bytes = 0;
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of(args[0]))) {
            files = listed.sorted().toList();
        }
        for (Path file : files) {
            LineReader reader = new LineReader(Files.newInputStream(file), false, 1 << 20);
            while (reader.next()) {
                byte[] line = Arrays.copyOfRange(reader.bytes(), reader.offset(), reader.offset() + reader.length());
                lines.add(line);
                bytes += line.length + 1;
            }
        }
        EventParser parser = new EventParser(HlcUnit.MS);
        FastEventParser fast = new FastEventParser(Long.MAX_VALUE / 1000);
        EventRecord event = new EventRecord();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 4; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            int accepted = 0;
            for (byte[] line : lines) {
                if (fast.parse(line, line.length, event)) {
                    accepted++;
                }
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < lines.size(); i += 4) {
                parser.parseWithJackson(lines.get(i), lines.get(i).length, event);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            for (byte[] line : lines) {
                Utf8.firstInvalid(line, line.length);
            }
            long t3 = threads.getCurrentThreadCpuTime();
            System.out.printf("fast %.0f MB/s (%d of %d lines)  jackson %.0f MB/s  utf8 %.0f MB/s%n",
                    bytes / 1e6 / ((t1 - t0) / 1e9), accepted, lines.size(), bytes / 4 / 1e6 / ((t2 - t1) / 1e9),
                    bytes / 1e6 / ((t3 - t2) / 1e9));
        }
    }
}
