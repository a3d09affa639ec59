package io.retrocut.simulate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The discrete-event loop shared by the scenarios. Time is simulated in microseconds from the start of the run. A
 * priority queue holds what is due (message deliveries and timers) by (time, order of scheduling); each logged event
 * is stamped by its node's {@link HybridClock} from the node's skewed physical clock, written to the node's log at
 * once and handed to the {@link GroundTruth}. Nothing grows with the number of events: memory is the in-flight
 * messages and timers, the per-(node, key) state and the ground truth's reorder window.
 *
 * <p>Links are FIFO (like TCP): a message is never delivered before an earlier one on the same link. A scenario
 * decides reachability ({@link #setReachability}) for its partitions. Single-threaded and deterministic for a seed.
 */
public final class Simulation {
    /** 2025-11-22T08:26:40Z, the epoch of every simulated run (the bundled raft example uses the same). */
    public static final long BASE_MS = 1_763_800_000_000L;

    /** Whether {@code from} can reach {@code to} at simulated time {@code nowUs}. */
    public interface Reachability {
        boolean reachable(int from, int to, long nowUs);
    }

    private record Scheduled(long time, long order, Runnable action) {
    }

    private final String[] nodes;
    private final String[] keys;
    private final long[] offsetUs;
    private final long minOffsetUs;
    private final HybridClock[] clocks;
    private final SplittableRandom random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private final long[][] lastDelivery;
    private final Map<String, Object>[] state;
    private final LogSink sink;
    private final GroundTruth truth;
    private final long limit;
    private final long minDelayUs;
    private final long maxDelayUs;
    private final StringBuilder line = new StringBuilder(256);
    private Reachability reachability = (from, to, now) -> true;
    private long now;
    private long order;
    private long logged;
    private long messages;
    private boolean stopped;

    @SuppressWarnings("unchecked")
    Simulation(List<String> nodes, List<String> keys, long skewMs, long seed, long limit, long minDelayUs, long maxDelayUs,
            LogSink sink, GroundTruth truth) {
        this.nodes = nodes.toArray(String[]::new);
        this.keys = keys.toArray(String[]::new);
        this.random = new SplittableRandom(seed);
        this.offsetUs = new long[this.nodes.length];
        this.clocks = new HybridClock[this.nodes.length];
        long min = Long.MAX_VALUE;
        for (int i = 0; i < this.nodes.length; i++) {
            // each physical clock is off by up to skewMs, so any two differ by at most skewMs
            offsetUs[i] = skewMs == 0 ? 0 : random.nextLong(skewMs * 1000 + 1);
            min = Math.min(min, offsetUs[i]);
            clocks[i] = new HybridClock();
        }
        this.minOffsetUs = min;
        this.lastDelivery = new long[this.nodes.length][this.nodes.length];
        this.state = new Map[this.nodes.length * this.keys.length];
        this.sink = requireNonNull(sink, "sink is null");
        this.truth = requireNonNull(truth, "truth is null");
        this.limit = limit;
        this.minDelayUs = minDelayUs;
        this.maxDelayUs = maxDelayUs;
    }

    // ---- for scenarios -------------------------------------------------------------------------------------------

    public SplittableRandom random() {
        return random;
    }

    public int nodeCount() {
        return nodes.length;
    }

    public int keyCount() {
        return keys.length;
    }

    public String node(int node) {
        return nodes[node];
    }

    public String key(int key) {
        return keys[key];
    }

    /** Simulated time in microseconds since the start. */
    public long now() {
        return now;
    }

    public boolean stopped() {
        return stopped;
    }

    public void setReachability(Reachability reachability) {
        this.reachability = requireNonNull(reachability, "reachability is null");
    }

    /** Runs {@code action} at simulated time {@code timeUs} (not before now). */
    public void at(long timeUs, Runnable action) {
        queue.add(new Scheduled(Math.max(timeUs, now), order++, action));
    }

    public void after(long delayUs, Runnable action) {
        at(now + delayUs, action);
    }

    /** A uniformly random duration in {@code [fromUs, toUs]}. */
    public long between(long fromUs, long toUs) {
        return fromUs + random.nextLong(toUs - fromUs + 1);
    }

    /** The state a node holds for a key: what its logged events assigned. Read-only for scenarios. */
    public Object get(int node, int key, String variable) {
        Map<String, Object> values = state[key * nodes.length + node];
        return values == null ? null : values.get(variable);
    }

    public long number(int node, int key, String variable) {
        Object value = get(node, key, variable);
        return value == null ? 0 : (Long) value;
    }

    public boolean is(int node, int key, String variable, String value) {
        return value.equals(get(node, key, variable));
    }

    /** Starts an event of {@code node} on {@code key}; nothing happens until {@link Event#log()}. */
    public Event event(int node, int key, String type) {
        return new Event(node, key, type);
    }

    /** A logged event under construction. */
    public final class Event {
        private final int node;
        private final int key;
        private final String type;
        private final Map<String, Object> set = new LinkedHashMap<>();
        private List<Integer> sendTo;
        private List<Consumer<Message>> onDelivery;
        private Message received;
        private String msg;

        private Event(int node, int key, String type) {
            this.node = node;
            this.key = key;
            this.type = type;
        }

        /** Assigns a variable (a Long, String or Boolean; null unsets it). */
        public Event set(String variable, Object value) {
            set.put(variable, value);
            return this;
        }

        public Event receive(Message message) {
            if (message.to() != node) {
                throw new IllegalStateException("node " + nodes[node] + " receives a message for " + nodes[message.to()]);
            }
            this.received = message;
            return this;
        }

        /** Sends a message to {@code to}; {@code handler} runs when (and if) it is delivered. */
        public Event send(int to, Consumer<Message> handler) {
            if (sendTo == null) {
                sendTo = new ArrayList<>(4);
                onDelivery = new ArrayList<>(4);
            }
            sendTo.add(to);
            onDelivery.add(handler);
            return this;
        }

        public Event msg(String text) {
            this.msg = text;
            return this;
        }

        /** Stamps, writes and applies the event; a no-op once the run has logged its events. */
        public void log() {
            if (stopped) {
                return;
            }
            long pt = physicalMs(node);
            Stamp stamp = received == null ? clocks[node].tick(pt) : clocks[node].receive(pt, received.stamp());
            List<Message> sent = List.of();
            if (sendTo != null) {
                sent = new ArrayList<>(sendTo.size());
                for (int to : sendTo) {
                    sent.add(new Message("m" + (++messages), stamp, node, to));
                }
            }
            write(stamp, pt, sent);
            Map<String, Object> values = state[key * nodes.length + node];
            if (values == null) {
                values = state[key * nodes.length + node] = new HashMap<>();
            }
            for (Map.Entry<String, Object> assignment : set.entrySet()) {
                if (assignment.getValue() == null) {
                    values.remove(assignment.getKey());
                } else {
                    values.put(assignment.getKey(), assignment.getValue());
                }
            }
            truth.accept(new SimEvent(nodes[node], keys[key], stamp, set, logged));
            if (++logged >= limit) {
                stopped = true;
            }
            for (int i = 0; i < sent.size(); i++) {
                deliver(sent.get(i), onDelivery.get(i));
            }
        }

        private void write(Stamp stamp, long pt, List<Message> sent) {
            StringBuilder out = line;
            out.setLength(0);
            out.append("{\"node\":");
            Json.string(out, nodes[node]);
            out.append(",\"hlc\":{\"l\":").append(stamp.l()).append(",\"c\":").append(stamp.c()).append("},\"ts\":").append(pt);
            out.append(",\"key\":");
            Json.string(out, keys[key]);
            out.append(",\"type\":");
            Json.string(out, type);
            if (!set.isEmpty()) {
                out.append(",\"set\":{");
                boolean first = true;
                for (Map.Entry<String, Object> assignment : set.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    Json.string(out, assignment.getKey());
                    out.append(':');
                    Json.value(out, assignment.getValue());
                }
                out.append('}');
            }
            if (!sent.isEmpty()) {
                out.append(",\"send\":");
                if (sent.size() == 1) {
                    Json.string(out, sent.get(0).id());
                } else {
                    out.append('[');
                    for (int i = 0; i < sent.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        Json.string(out, sent.get(i).id());
                    }
                    out.append(']');
                }
            }
            if (received != null) {
                out.append(",\"recv\":");
                Json.string(out, received.id());
            }
            if (msg != null) {
                out.append(",\"msg\":");
                Json.string(out, msg);
            }
            out.append('}');
            sink.write(nodes[node], out);
        }
    }

    // ---- the loop ------------------------------------------------------------------------------------------------

    /** Runs until the event limit is reached or nothing is left to do; then settles the ground truth. */
    void run() {
        while (!stopped && !queue.isEmpty()) {
            Scheduled next = queue.poll();
            now = next.time;
            truth.releaseBelow(finalBoundMs());
            next.action.run();
        }
        truth.finish();
    }

    long logged() {
        return logged;
    }

    long durationUs() {
        return now;
    }

    /** Pending timers and in-flight messages. */
    int scheduled() {
        return queue.size();
    }

    private void deliver(Message message, Consumer<Message> handler) {
        if (!reachability.reachable(message.from(), message.to(), now)) {
            return;
        }
        long at = Math.max(now + between(minDelayUs, maxDelayUs), lastDelivery[message.from()][message.to()] + 1);
        lastDelivery[message.from()][message.to()] = at;
        at(at, () -> handler.accept(message));
    }

    private long physicalMs(int node) {
        return BASE_MS + Math.floorDiv(now + offsetUs[node], 1000);
    }

    /**
     * Every event logged from now on has an HLC physical part at least this: an HLC is never below its node's
     * physical clock, which is never below the slowest clock's reading now.
     */
    private long finalBoundMs() {
        return BASE_MS + Math.floorDiv(now + minOffsetUs, 1000);
    }
}
