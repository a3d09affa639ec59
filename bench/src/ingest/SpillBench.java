package io.retrocut.ingest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes N raft-like events to a one-node spill, then reads them back as pass 2 does ({@code withoutTexts}) R times:
 * ns per event read, and what {@code EventRecord.reset} alone costs. Not run by the harness; see BENCHMARKS.md.
 */
public class SpillBench {
    private static final String[] ROLES = {"FOLLOWER", "LEADER"};

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("sb");
        try (NodeSpill spill = new NodeSpill(dir.resolve("spill"))) {
            EventRecord event = new EventRecord();
            VectorClock clock = new VectorClock();
            long w0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                RaftLikeEvent.fill(event, i, 0, 1_763_800_000_000L + i / 4);
                event.varIds[event.addVariable(null, EventRecord.STRING, 0, ROLES[i % 2])] = 0;
                event.varIds[event.addVariable(null, EventRecord.LONG, 7 + i / 1000, null)] = 1;
                event.varIds[event.addVariable(null, EventRecord.LONG, i / 10, null)] = 2;
                event.hasSend = true;
                event.send.add("m" + i);
                event.sendIds[0] = i & 63;
                if (i % 2 == 0) {
                    event.hasRecv = true;
                    event.recv.add("m" + (i - 1));
                    event.recvIds[0] = (i - 1) & 63;
                }
                spill.write(0, event, 1_763_800_000_000_000L + i * 250L, clock);
            }
            spill.finish();
            System.out.printf("write %.1f ns/event%n", (System.nanoTime() - w0) / (double) n);
            for (int r = 0; r < rounds; r++) {
                Spill.Reader reader = spill.reader(0).withoutTexts();
                EventRecord into = new EventRecord();
                long t = System.nanoTime();
                long sum = 0;
                int count = 0;
                while (reader.read(into)) {
                    sum += into.hlcL + into.send.size() + into.recv.size() + into.keyId;
                    count++;
                }
                long ns = System.nanoTime() - t;
                long t2 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    into.reset();
                    into.send.add(null);
                    into.recv.add(null);
                }
                long resetNs = System.nanoTime() - t2;
                System.out.printf("round %d: %d events, %.1f ns/event (%d); reset %.1f ns%n", r, count,
                        (double) ns / count, sum, (double) resetNs / count);
            }
        }
        try (var left = Files.list(dir)) {
            for (Path file : left.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
