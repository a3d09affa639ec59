package io.retrocut.ingest;

import io.retrocut.events.Hlc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random distributed execution for property tests, simulated in true time: nodes with skewed, jittery wall
 * clocks do local steps, send messages and receive them later (possibly several at once). A message is received in
 * true time no earlier than it was sent, but its receiver's wall clock may well read earlier than the sender's.
 * Optionally every event carries the vector clock of the execution.
 */
final class Execution {
    /** One event as logged. {@code pt} is its wall clock; {@code trueTime} only the simulation knows. */
    static final class Event {
        final int node;
        final int index;
        final long trueTime;
        final long pt;
        final List<String> send = new ArrayList<>();
        final List<String> recv = new ArrayList<>();
        long[] vectorClock;
        /** Where a test wrote it: its line in the test's input. */
        long line;
        Hlc hlc;

        Event(int node, int index, long trueTime, long pt) {
            this.node = node;
            this.index = index;
            this.trueTime = trueTime;
            this.pt = pt;
        }

        String name() {
            return "n" + node;
        }
    }

    final int nodeCount;
    /** Each node's events in log order. */
    final List<List<Event>> byNode = new ArrayList<>();
    /** Every event in true-time order. */
    final List<Event> all = new ArrayList<>();
    /** Message id → {sender, receiver}. */
    final Map<String, Event[]> messages = new LinkedHashMap<>();
    /** Largest minus smallest (wall clock − true time) over all events. */
    final long skewSpread;

    Execution(Random random, boolean vectorClocks) {
        nodeCount = 2 + random.nextInt(4);
        int steps = 10 + random.nextInt(60);
        int maxSkew = random.nextInt(200);
        long[] offsets = new long[nodeCount];
        List<Deque<Object[]>> inboxes = new ArrayList<>();
        long[][] clocks = new long[nodeCount][nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            offsets[i] = maxSkew == 0 ? 0 : random.nextInt(2 * maxSkew + 1) - maxSkew;
            byNode.add(new ArrayList<>());
            inboxes.add(new ArrayDeque<>());
        }
        long time = 1_000;
        long minSkew = Long.MAX_VALUE;
        long maxSkewSeen = Long.MIN_VALUE;
        int messageCount = 0;
        for (int step = 0; step < steps; step++) {
            time += random.nextInt(4);
            int node = random.nextInt(nodeCount);
            long pt = time + offsets[node] + random.nextInt(5) - 2;
            minSkew = Math.min(minSkew, pt - time);
            maxSkewSeen = Math.max(maxSkewSeen, pt - time);
            Event event = new Event(node, byNode.get(node).size(), time, pt);
            long[] clock = clocks[node];
            int action = random.nextInt(10);
            Deque<Object[]> inbox = inboxes.get(node);
            if (action < 4 && !inbox.isEmpty()) {
                int take = 1 + (random.nextInt(4) == 0 ? random.nextInt(inbox.size()) : 0);
                for (int i = 0; i < take; i++) {
                    Object[] message = inbox.poll();
                    String id = (String) message[0];
                    event.recv.add(id);
                    messages.get(id)[1] = event;
                    long[] carried = (long[]) message[1];
                    for (int j = 0; j < nodeCount; j++) {
                        clock[j] = Math.max(clock[j], carried[j]);
                    }
                }
            }
            clock[node]++;
            if (action >= 6) {
                int sends = 1 + (random.nextInt(5) == 0 ? 1 : 0);
                for (int i = 0; i < sends; i++) {
                    int to = random.nextInt(nodeCount);
                    String id = "m" + messageCount++;
                    event.send.add(id);
                    messages.put(id, new Event[] {event, null});
                    inboxes.get(to).add(new Object[] {id, clock.clone()});
                }
            }
            if (vectorClocks) {
                event.vectorClock = clock.clone();
            }
            byNode.get(node).add(event);
            all.add(event);
        }
        skewSpread = all.isEmpty() ? 0 : maxSkewSeen - minSkew;
    }

    /** Whether e happened before f by their vector clocks: VC(e) ≤ VC(f) componentwise and VC(e) ≠ VC(f). */
    static boolean happenedBefore(Event e, Event f) {
        boolean smaller = false;
        for (int i = 0; i < e.vectorClock.length; i++) {
            if (e.vectorClock[i] > f.vectorClock[i]) {
                return false;
            }
            smaller |= e.vectorClock[i] < f.vectorClock[i];
        }
        return smaller;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Event event : all) {
            text.append(event.name()).append('#').append(event.index).append(" t=").append(event.trueTime)
                    .append(" pt=").append(event.pt).append(" send=").append(event.send).append(" recv=")
                    .append(event.recv);
            if (event.vectorClock != null) {
                text.append(" vc=").append(Arrays.toString(event.vectorClock));
            }
            text.append(" hlc=").append(event.hlc).append('\n');
        }
        return text.toString();
    }
}
