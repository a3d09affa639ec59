package io.retrocut.ingest;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Assigns HLCs offline, after every line has been read, by the update rules of Kulkarni et al. 2014 ("Logical
 * Physical Clocks") applied in a <em>causal</em> order of the events, so that a receive read before its send (files
 * are read one after another) still comes after it.
 *
 * <p><b>Order.</b> Each node's events are taken in log order. An event whose HLC is derived waits until the sends
 * of the messages it receives are ordered and, with a vector clock, until every event it knows of is ordered (for
 * each other node h: h's events up to {@code VC[h]}). Among the nodes whose next event is ready, the one with the
 * smallest physical time goes first (ties by node name), so the order is deterministic and close to real time. An
 * event that carries its own {@code hlc} is a fixed point: it never waits, keeps its HLC, and stamps the messages it
 * sends.
 *
 * <p><b>Rule.</b> For a derived event with physical time {@code pt} and predecessors P (its node's previous event,
 * the sends it receives, and for a vector clock the latest known event of each other node):
 * {@code l = max(pt, max l_p)}, {@code c = 1 + max{c_p : l_p == l}} if some predecessor has {@code l_p == l}, else
 * 0. For a single predecessor this is the paper's send/local and receive rule. An event with a vector clock but no
 * wall-clock time has {@code pt = 0}, so its HLC is a pure logical order (a total order consistent with
 * happens-before; {@code hlc_l} then carries no time). The HLC depends only on the events and their links, not on
 * the order they are processed in.
 *
 * <p><b>Trouble.</b> A receive whose message no ingested event sends is ordered as a local event and reported (a
 * count and the first few as warnings). When every remaining event waits for another (a cycle against log order,
 * or a vector clock that claims an event that does not exist) the waiting event with the smallest physical time is
 * released, its unmet links are ignored, and a warning names it; the merge always ends. A fixed event whose HLC
 * does not exceed its node's previous one, or a derived event whose counter overflows, is rejected.
 *
 * <p><b>Memory.</b> Per node: the next event and, with vector clocks, the HLCs of its events that another node's
 * next event may still refer to (20 bytes per event; a node that never hears from h keeps h's history alive).
 * Per message in flight (sent and awaiting receives, or received before its send after a deadlock): its send's HLC
 * and the receives still to order, in {@link InFlightMessages}; a message leaves it once its send and every receive
 * are ordered. The message keys, receive counts and whether a receive's message has a send come with each event
 * ({@link CausalLinks.Cursor}). Not thread-safe.
 */
final class HlcReconstruction {
    /** Warnings of one kind shown individually before they are summed up in one line. */
    static final int WARNINGS_SHOWN = 5;

    /** One node's events in log order. */
    interface Source {
        /**
         * Reads the node's next event into {@code event} (with {@code hasHlc}; without it, {@code hlcL} is the
         * physical time, 0 when there is none) and its vector clock into {@code clock}, with entries by node index
         * of this reconstruction (negative indexes are ignored). False at the end.
         */
        boolean next(EventRecord event, VectorClock clock) throws IOException;
    }

    /** Where ordered events go, in the order they are decided. */
    interface Sink {
        /** An event with its final HLC in {@code hlcL, hlcC}. */
        void accept(int node, EventRecord event) throws IOException;

        /** An event that cannot be kept, with the reason for the quarantine. */
        void reject(int node, EventRecord event, String reason) throws IOException;
    }

    private enum State { READING, READY, BLOCKED, DONE }

    private final class Node {
        final int index;
        final String name;
        final Source source;
        final EventRecord head = new EventRecord();
        final VectorClock clock = new VectorClock();
        State state = State.READING;
        /** Events taken from the source so far: identifies the head a wait was registered for. */
        long sequence;
        /** The vector-clock index of the last ordered event (its own clock entry, else one more than before). */
        long progress;
        boolean hasLast;
        long lastL;
        int lastC;
        /** Nodes waiting until {@link #progress} reaches a count: {count, node, sequence}. */
        final PriorityQueue<long[]> clockWaiters = new PriorityQueue<>(Comparator.comparingLong(entry -> entry[0]));
        // what the head waits for, for the deadlock warning
        String waitSend;
        long waitMessage = -1;
        int waitNode = -1;
        long waitCount;
        // history of ordered HLCs by vector-clock index, kept only with vector clocks
        long[] historyIndex = new long[0];
        long[] historyL = new long[0];
        int[] historyC = new int[0];
        int historyStart;
        int historyEnd;
        boolean historyPruned;

        /** The node's place in name order: ties between equal HLCs go to the first name. */
        int rank;

        Node(int index, String name, Source source) {
            this.index = index;
            this.name = name;
            this.source = source;
        }
    }

    /**
     * The READY nodes, the one whose head comes first (by HLC, then name) on top: a binary heap with the ordering
     * written out rather than a {@code PriorityQueue}'s comparator calls, which were ~8% of the merge thread.
     */
    private static final class ReadyHeap {
        private Node[] heap = new Node[8];
        private int size;

        void add(Node node) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, 2 * size);
            }
            int at = size++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!before(node, heap[parent])) {
                    break;
                }
                heap[at] = heap[parent];
                at = parent;
            }
            heap[at] = node;
        }

        /** Takes the first node off; null when there is none. */
        Node poll() {
            if (size == 0) {
                return null;
            }
            Node first = heap[0];
            Node last = heap[--size];
            heap[size] = null;
            if (size > 0) {
                int at = 0;
                while (true) {
                    int child = 2 * at + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && before(heap[child + 1], heap[child])) {
                        child++;
                    }
                    if (!before(heap[child], last)) {
                        break;
                    }
                    heap[at] = heap[child];
                    at = child;
                }
                heap[at] = last;
            }
            return first;
        }

        /**
         * Whether {@code a}'s head comes before {@code b}'s: by the heads' physical time (a given HLC counts as its
         * {@code (l, c)}, a derived one as {@code (pt, 0)}), then by node name. Also picks the head a deadlock
         * releases.
         */
        static boolean before(Node a, Node b) {
            EventRecord x = a.head;
            EventRecord y = b.head;
            if (x.hlcL != y.hlcL) {
                return x.hlcL < y.hlcL;
            }
            if (x.hlcC != y.hlcC) {
                return x.hlcC < y.hlcC;
            }
            return a.rank < b.rank;
        }
    }

    private final List<String> nodeNames;
    private final List<String> fileNames;
    private final SendLocations sendLocations;
    private final InFlightMessages messages = new InFlightMessages();
    private final boolean vectorClocks;
    private final List<String> warnings = new ArrayList<>();
    /** Heads waiting for the send of a message, by message number: {node, sequence}. */
    private final Map<Long, List<long[]>> sendWaiters = new HashMap<>();
    private Node[] nodes;
    private ReadyHeap ready;
    private long missingSends;
    /** The HLC of the send of the message {@link #receive} consumed last. */
    private long receivedL;
    private int receivedC;
    private long deadlocks;
    private int historyPeak;

    /**
     * @param nodeNames node names by index; {@code run}'s sources come in this order
     * @param fileNames file names by file id, for warnings
     * @param vectorClocks whether the events carry vector clocks (then each node keeps a history of HLCs)
     * @param sendLocations where a message was sent, for the deadlock warning
     */
    HlcReconstruction(List<String> nodeNames, List<String> fileNames, boolean vectorClocks,
            SendLocations sendLocations) {
        this.nodeNames = List.copyOf(requireNonNull(nodeNames, "nodeNames is null"));
        this.fileNames = requireNonNull(fileNames, "fileNames is null");
        this.vectorClocks = vectorClocks;
        this.sendLocations = requireNonNull(sendLocations, "sendLocations is null");
    }

    /** Where messages were sent. */
    interface SendLocations {
        /** The file id and line of the send of message {@code key} (which has one), as {file, line}. */
        long[] sendLocation(long key);
    }

    /** Messages the merge is not done with (0 once {@link #run} returns). */
    int messagesInFlight() {
        return messages.size();
    }

    /** The most messages in flight at once. */
    int messagesInFlightPeak() {
        return messages.peak();
    }

    /** Orders every event of every source, handing each to {@code sink} exactly once. */
    void run(List<Source> sources, Sink sink) throws IOException {
        if (sources.size() != nodeNames.size()) {
            throw new IllegalArgumentException(sources.size() + " sources for " + nodeNames.size() + " nodes");
        }
        nodes = new Node[sources.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new Node(i, nodeNames.get(i), sources.get(i));
        }
        Integer[] byName = new Integer[nodes.length];
        for (int i = 0; i < byName.length; i++) {
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> nodes[a].name.compareTo(nodes[b].name));
        for (int rank = 0; rank < byName.length; rank++) {
            nodes[byName[rank]].rank = rank;
        }
        ready = new ReadyHeap();
        for (Node node : nodes) {
            advance(node);
        }
        while (true) {
            Node next = ready.poll();
            if (next == null) {
                next = stuck();
                if (next == null) {
                    break;
                }
                deadlock(next);
            }
            order(next, sink);
        }
        summarize();
    }

    /**
     * While {@link Sink#accept} runs: a lower bound of the HLC of every event accepted after the current one, into
     * {@code bound} as {l, c}; false when no node has events left to order. A node's later events follow its last
     * ordered one (HLCs increase within a node) and, for a node whose next event is read, come no earlier than that
     * event: its given HLC, or its physical time, which a derived HLC never goes below. This is what lets the
     * writer cut the output into parts that are disjoint HLC ranges without holding every event.
     */
    boolean futureLowerBound(long[] bound) {
        boolean any = false;
        long boundL = Long.MAX_VALUE;
        int boundC = Integer.MAX_VALUE;
        for (Node node : nodes) {
            if (node.state == State.DONE) {
                continue;
            }
            long l = Long.MIN_VALUE;
            long c = 0;
            if (node.hasLast) {
                l = node.lastL;
                c = node.lastC + 1L;
            }
            if (node.state == State.READY || node.state == State.BLOCKED) {
                long headL = node.head.hlcL;
                long headC = node.head.hasHlc ? node.head.hlcC : 0;
                if (headL > l || (headL == l && headC > c)) {
                    l = headL;
                    c = headC;
                }
            }
            if (c > Integer.MAX_VALUE) {
                // nothing follows (l, MAX) at the same l: the next possible HLC is (l + 1, 0)
                l++;
                c = 0;
            }
            if (!any || l < boundL || (l == boundL && c < boundC)) {
                boundL = l;
                boundC = (int) c;
            }
            any = true;
        }
        bound[0] = boundL;
        bound[1] = boundC;
        return any;
    }

    /** Receives ordered as local events because no ingested event sends their message. */
    long missingSends() {
        return missingSends;
    }

    /** Events released from a deadlock of the causal order. */
    long deadlocks() {
        return deadlocks;
    }

    /** The most vector-clock history entries one node held at once (what pruning bounds). */
    int historyPeak() {
        return historyPeak;
    }

    /** What the user should know: missing sends and deadlocks, the first few of each with file:line. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void advance(Node node) throws IOException {
        node.state = State.READING;
        if (!node.source.next(node.head, node.clock)) {
            node.state = State.DONE;
            return;
        }
        node.sequence++;
        evaluate(node);
    }

    /** Marks the head ready, or registers it to wait for the first link that is not ordered yet. */
    private void evaluate(Node node) {
        node.waitSend = null;
        node.waitMessage = -1;
        node.waitNode = -1;
        EventRecord head = node.head;
        if (!head.hasHlc) {
            for (int i = 0; i < head.recv.size(); i++) {
                long message = head.recvKeys[i];
                if (head.recvHasSend[i] && !ordered(message)) {
                    node.waitSend = head.recvId(i);
                    node.waitMessage = message;
                    node.state = State.BLOCKED;
                    sendWaiters.computeIfAbsent(message, unused -> new ArrayList<>())
                            .add(new long[] {node.index, node.sequence});
                    return;
                }
            }
            for (int i = 0; i < node.clock.size(); i++) {
                int other = node.clock.node(i);
                long count = node.clock.count(i);
                if (other < 0 || other == node.index || count <= nodes[other].progress) {
                    continue;
                }
                node.waitNode = other;
                node.waitCount = count;
                node.state = State.BLOCKED;
                nodes[other].clockWaiters.add(new long[] {count, node.index, node.sequence});
                return;
            }
        }
        node.state = State.READY;
        ready.add(node);
    }

    private void wake(int index, long sequence) {
        Node node = nodes[index];
        if (node.state == State.BLOCKED && node.sequence == sequence) {
            evaluate(node);
        }
    }

    /** The waiting head to release when nothing is ready: the smallest physical time, ties by node name. */
    private Node stuck() {
        Node best = null;
        for (Node node : nodes) {
            if (node.state == State.BLOCKED && (best == null || ReadyHeap.before(node, best))) {
                best = node;
            }
        }
        return best;
    }

    private void deadlock(Node node) {
        deadlocks++;
        if (deadlocks > WARNINGS_SHOWN) {
            return;
        }
        String cause;
        if (node.waitSend != null) {
            long[] sent = sendLocations.sendLocation(node.waitMessage);
            cause = "the send of message '" + node.waitSend + "' at " + fileNames.get((int) sent[0]) + ":" + sent[1];
        } else {
            Node other = nodes[node.waitNode];
            cause = "event " + node.waitCount + " of node '" + other.name + "' named in its vector clock"
                    + (other.state == State.DONE ? ", but node '" + other.name + "' has only " + other.progress + " events" : "");
        }
        warnings.add(where(node.head) + ": causal order deadlock: every remaining event waits for another; this"
                + " event of node '" + node.name + "' waits for " + cause + ", so it is ordered as a local event");
    }

    private void order(Node node, Sink sink) throws IOException {
        // not READY nor BLOCKED while being ordered, so that waking its own stale registrations does nothing
        node.state = State.READING;
        EventRecord event = node.head;
        String rejection = null;
        if (event.hasHlc) {
            if (node.hasLast) {
                int order = Hlc.compare(event.hlcL, event.hlcC, node.lastL, node.lastC);
                if (order == 0) {
                    rejection = "HLC repeats (" + node.lastL + "." + node.lastC
                            + "); HLCs must increase within a node";
                } else if (order < 0) {
                    rejection = "HLC goes backwards (" + event.hlcL + "." + event.hlcC + " after " + node.lastL + "."
                            + node.lastC + "); HLCs must increase within a node";
                }
            }
            for (int i = 0; i < event.recv.size(); i++) {
                receive(event, i);
            }
        } else {
            // fold the predecessors: l is the largest l, top the largest c among those at l (-1: none at l)
            long l = event.hlcL;
            long top = -1;
            if (node.hasLast) {
                if (node.lastL > l) {
                    l = node.lastL;
                    top = node.lastC;
                } else if (node.lastL == l) {
                    top = node.lastC;
                }
            }
            for (int i = 0; i < event.recv.size(); i++) {
                if (receive(event, i)) {
                    if (receivedL > l) {
                        l = receivedL;
                        top = receivedC;
                    } else if (receivedL == l) {
                        top = Math.max(top, receivedC);
                    }
                }
            }
            for (int i = 0; i < node.clock.size(); i++) {
                int other = node.clock.node(i);
                if (other < 0 || other == node.index || node.clock.count(i) <= 0) {
                    continue;
                }
                int at = latestKnown(nodes[other], node.clock.count(i));
                if (at >= 0) {
                    long otherL = nodes[other].historyL[at];
                    if (otherL > l) {
                        l = otherL;
                        top = nodes[other].historyC[at];
                    } else if (otherL == l) {
                        top = Math.max(top, nodes[other].historyC[at]);
                    }
                }
            }
            if (top == Integer.MAX_VALUE) {
                rejection = "the HLC logical counter derived from 'ts' exceeds " + Integer.MAX_VALUE
                        + "; give an 'hlc' instead";
            } else {
                event.hlcL = l;
                event.hlcC = (int) (top + 1);
            }
        }

        long ownIndex = node.clock.countOf(node.index);
        node.progress = Math.max(node.progress, ownIndex > 0 ? ownIndex : node.progress + 1);
        if (rejection == null) {
            node.hasLast = true;
            node.lastL = event.hlcL;
            node.lastC = event.hlcC;
            if (vectorClocks) {
                remember(node, node.progress, event.hlcL, event.hlcC);
            }
            sink.accept(node.index, event);
        } else {
            sink.reject(node.index, event, rejection);
        }
        for (int i = 0; i < event.send.size(); i++) {
            long message = event.sendKeys[i];
            int receives = event.sendReceives[i];
            int slot = receives == 0 ? messages.find(message) : messages.put(message);
            if (slot >= 0) {
                if (rejection == null) {
                    messages.sent(slot, event.hlcL, event.hlcC);
                } else {
                    messages.state(slot, InFlightMessages.LOST);
                }
                int remaining = messages.remaining(slot) + receives;
                messages.remaining(slot, remaining);
                if (remaining == 0) {
                    messages.remove(slot);
                }
            }
            List<long[]> waiting = sendWaiters.isEmpty() ? null : sendWaiters.remove(message);
            if (waiting != null) {
                for (long[] waiter : waiting) {
                    wake((int) waiter[0], waiter[1]);
                }
            }
        }
        while (!node.clockWaiters.isEmpty() && node.clockWaiters.peek()[0] <= node.progress) {
            long[] waiter = node.clockWaiters.poll();
            wake((int) waiter[1], waiter[2]);
        }
        // a released event's own registrations went stale with it: its node's sequence moves on here
        advance(node);
    }

    /** Whether the send of {@code message} (which has one) is ordered: stamped or rejected. */
    private boolean ordered(long message) {
        int slot = messages.find(message);
        return slot >= 0 && messages.state(slot) != 0;
    }

    /**
     * Consumes {@code event}'s receive number {@code index}: true, with the send's HLC in {@link #receivedL} and
     * {@link #receivedC}, if its send is ordered; false otherwise (a missing send is counted and reported; a send not
     * ordered yet means the event was released from a deadlock).
     */
    private boolean receive(EventRecord event, int index) {
        long message = event.recvKeys[index];
        boolean missing = !event.recvHasSend[index];
        boolean sent = false;
        if (!missing) {
            int slot = messages.put(message);
            byte state = messages.state(slot);
            missing = state == InFlightMessages.LOST;
            sent = state == InFlightMessages.SENT;
            if (sent) {
                receivedL = messages.sentL(slot);
                receivedC = messages.sentC(slot);
            }
            int remaining = messages.remaining(slot) - 1;
            if (state == 0 || remaining > 0) {
                messages.remaining(slot, remaining);
            } else if (remaining == 0) {
                messages.remove(slot);
            } else {
                throw new IllegalStateException("message " + message + " has no receive left to order");
            }
        }
        if (missing) {
            missingSends++;
            if (missingSends <= WARNINGS_SHOWN) {
                warnings.add(where(event) + ": receive of message '" + event.recvId(index)
                        + "', which no event in the input sends; ordered as a local event");
            }
            return false;
        }
        return sent;
    }

    /** The history slot of {@code node}'s latest ordered event with vector-clock index at most {@code count}. */
    private int latestKnown(Node node, long count) {
        int low = node.historyStart;
        int high = node.historyEnd - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (node.historyIndex[middle] <= count) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (found < 0 && node.historyPruned && node.historyEnd > node.historyStart) {
            // only for vector clocks that go backwards: the oldest kept event still lies after what it knows
            return node.historyStart;
        }
        return found;
    }

    private void remember(Node node, long index, long l, int c) {
        if (node.historyEnd == node.historyIndex.length) {
            prune(node);
            int kept = node.historyEnd - node.historyStart;
            int capacity = Math.max(16, kept * 2);
            if (node.historyStart > 0 || capacity > node.historyIndex.length) {
                node.historyIndex = shift(node.historyIndex, node.historyStart, kept, capacity);
                node.historyL = shift(node.historyL, node.historyStart, kept, capacity);
                int[] c2 = new int[capacity];
                System.arraycopy(node.historyC, node.historyStart, c2, 0, kept);
                node.historyC = c2;
                node.historyStart = 0;
                node.historyEnd = kept;
            }
        }
        node.historyIndex[node.historyEnd] = index;
        node.historyL[node.historyEnd] = l;
        node.historyC[node.historyEnd] = c;
        node.historyEnd++;
        historyPeak = Math.max(historyPeak, node.historyEnd - node.historyStart);
    }

    private static long[] shift(long[] values, int start, int kept, int capacity) {
        long[] copy = new long[capacity];
        System.arraycopy(values, start, copy, 0, kept);
        return copy;
    }

    /**
     * Drops the history no other node can still refer to: vector clocks only grow along a node's log, so every
     * later lookup of {@code node} asks for at least the smallest count in the other nodes' next events (0 for a
     * next event that does not know {@code node}).
     */
    private void prune(Node node) {
        long oldest = Long.MAX_VALUE;
        for (Node other : nodes) {
            if (other != node && other.state != State.DONE && other.state != State.READING) {
                oldest = Math.min(oldest, other.clock.countOf(node.index));
            }
        }
        int keep = node.historyEnd;
        if (oldest != Long.MAX_VALUE) {
            int at = latestKnown(node, oldest);
            keep = at < 0 ? node.historyStart : at;
        }
        if (keep > node.historyStart) {
            node.historyStart = keep;
            node.historyPruned = true;
        }
    }

    private void summarize() {
        if (missingSends > WARNINGS_SHOWN) {
            warnings.add((missingSends - WARNINGS_SHOWN) + " more receive(s) of messages that no event in the input"
                    + " sends; ordered as local events");
        }
        if (deadlocks > WARNINGS_SHOWN) {
            warnings.add((deadlocks - WARNINGS_SHOWN) + " more event(s) released from causal order deadlocks and"
                    + " ordered as local events");
        }
    }

    private String where(EventRecord event) {
        return fileNames.get(event.fileId) + ":" + event.line;
    }

}
