package io.retrocut.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Resolves the message ids of a raft-like history ({@code IDS} sends, ~45% of them received once, five nodes) with
 * {@link CausalLinks} alone, four times in one JVM (the later rounds are warmed up): ns per occurrence. The events
 * are recorded node by node, as the ingest reads one node's file after another. Not run by the harness; see
 * BENCHMARKS.md.
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
            int[] received = new int[ids];
            for (int i = 0; i < ids; i++) {
                received[i] = random.nextInt(100) < 45 && i > 100 ? i - 1 - random.nextInt(100) : -1;
            }
            for (int node = 0; node < 5; node++) {
                for (int i = node; i < ids; i += 5) {
                    event.reset();
                    event.send.add("m" + i);
                    if (received[i] >= 0) {
                        event.recv.add("m" + received[i]);
                    }
                    links.record(event, node, 0, i + 1);
                    occ += 1 + event.recv.size();
                }
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
