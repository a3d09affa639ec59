package io.retrocut.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Resolves the message ids of a raft-like history ({@code IDS} sends, ~45% of them received once, five nodes) with
 * {@link CausalLinks} alone, four times in one JVM (the later rounds are warmed up): ns per occurrence. Not run by
 * the harness; see BENCHMARKS.md.
 */
public class ResolveBench {
    public static void main(String[] args) throws Exception {
        int ids = Integer.parseInt(args[0]);
        Random random = new Random(1);
        for (int round = 0; round < 4; round++) {
            Path dir = Files.createTempDirectory("rb");
            CausalLinks links = new CausalLinks(dir, 1L << 31);
            EventRecord event = new EventRecord();
            long occ = 0;
            for (int i = 0; i < ids; i++) {
                event.reset();
                event.send.add("m" + i);
                if (random.nextInt(100) < 45 && i > 100) {
                    event.recv.add("m" + (i - 1 - random.nextInt(100)));
                }
                links.record(event, i % 5, 0, i + 1);
                occ += 1 + event.recv.size();
            }
            long t = System.nanoTime();
            Object r = links.resolve(5);
            long ns = System.nanoTime() - t;
            System.out.printf("round %d: %d occurrences, resolve %.3f s (%.1f ns/occurrence)%s%n", round, occ,
                    ns / 1e9, (double) ns / occ, r == null ? "" : ", ids sent twice: " + r);
            links.close();
            Files.delete(dir);
        }
    }
}
