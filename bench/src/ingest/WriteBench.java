package io.retrocut.ingest;

import java.io.OutputStream;

/**
 * Writes 1,024 raft-like events (ids as line bytes, as the parser leaves them) to a spill writer over a counting sink,
 * 3,000 times per round, eight rounds: ns per event written. Not run by the harness; see BENCHMARKS.md.
 */
public class WriteBench {
    public static void main(String[] args) throws Exception {
        String[] roles = {"FOLLOWER", "LEADER", "CANDIDATE"};
        EventRecord[] events = new EventRecord[1024];
        byte[] line = "m123456789 m123456788".getBytes();
        for (int i = 0; i < events.length; i++) {
            EventRecord event = new EventRecord();
            RaftLikeEvent.fill(event, i, i % 5, 1_763_800_000_000L + i);
            event.varIds[event.addVariable(null, EventRecord.STRING, 0, roles[i % 3])] = 0;
            event.varIds[event.addVariable(null, EventRecord.LONG, 7, null)] = 1;
            event.varIds[event.addVariable(null, EventRecord.STRING, 0, "n" + (i % 5))] = 2;
            event.hasSend = true;
            event.send.add(null);
            event.idBytes = line;
            event.sendSpans[0] = 10;
            event.hasRecv = true;
            event.recv.add(null);
            event.recvSpans[0] = 11L << 32 | 10;
            events[i] = event;
        }
        OutputStream sink = new OutputStream() {
            long bytes;
            @Override public void write(int b) { bytes++; }
            @Override public void write(byte[] b, int off, int len) { bytes += len; }
        };
        Spill.Writer writer = new Spill.Writer(sink, 1 << 16);
        for (int round = 0; round < 8; round++) {
            long t = System.nanoTime();
            for (int k = 0; k < 3000; k++) {
                for (EventRecord event : events) {
                    writer.write(event, 1_763_800_000_000_000L);
                }
            }
            long ns = System.nanoTime() - t;
            System.out.printf("round %d: %.1f ns/event%n", round, ns / (3000.0 * events.length));
        }
    }
}
