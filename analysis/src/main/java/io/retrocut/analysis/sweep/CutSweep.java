package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Steps through the consistent cuts of one key (SPEC §3), one distinct HLC at a time.
 *
 * <p>Takes the key's events sorted by HLC (ties in any order) and a starting state (the state left by all earlier
 * events, {@link CutState#EMPTY} at the beginning of the key). Each {@link #advance()} applies exactly the events of
 * the next distinct HLC to the current cut in place, so a step costs the size of the step, not of the cut. The
 * {@link Cut} returned by {@link #cut()} is a view that changes with every step. Not thread-safe.
 */
public final class CutSweep {
    private static final Comparator<SweepEvent> BY_NODE = Comparator.comparing(SweepEvent::node);

    private final String key;
    private final Variables variables;
    private final Class<?>[] valueClasses;
    private final Iterator<SweepEvent> events;
    private final Map<String, NodeSlot> slots = new HashMap<>();
    private NodeSlot[] sorted;
    private int nodeCount;

    private SweepEvent pending;
    private Hlc hlc;
    private long stepNumber;
    private final ArrayList<SweepEvent> step = new ArrayList<>();
    private final List<SweepEvent> stepView = Collections.unmodifiableList(step);
    private final View view = new View();

    // The changes of the last step, in parallel arrays so that a step allocates nothing; see changes().
    private NodeSlot[] changedNodes = new NodeSlot[16];
    private int[] changedVariables = new int[16];
    private Object[] changedOld = new Object[16];
    private Object[] changedNew = new Object[16];
    private int changeCount;

    private static final class NodeSlot {
        String node;
        final Object[] values;
        long lastStep;

        NodeSlot(String node, Object[] values) {
            this.node = node;
            this.values = values;
        }
    }

    /**
     * @param key the key whose events these are (for the cut and for messages)
     * @param variables the dataset's variables; every event has one assignment slot per variable
     * @param initial the state before the first of {@code events}
     * @param events the key's events, sorted by HLC; consumed lazily, one event beyond the current step
     */
    public CutSweep(String key, Variables variables, CutState initial, Iterator<SweepEvent> events) {
        this.key = requireNonNull(key, "key is null");
        this.variables = requireNonNull(variables, "variables is null");
        requireNonNull(initial, "initial is null");
        this.events = requireNonNull(events, "events is null");
        this.valueClasses = Events.valueClasses(variables);
        this.sorted = new NodeSlot[Math.max(8, initial.nodeCount())];
        for (int i = 0; i < initial.nodeCount(); i++) {
            Object[] row = initial.row(i);
            if (row.length != valueClasses.length) {
                throw new IllegalArgumentException(
                        "initial state has " + row.length + " variables but there are " + valueClasses.length);
            }
            NodeSlot slot = new NodeSlot(initial.node(i), row.clone());
            slots.put(slot.node, slot);
            sorted[nodeCount++] = slot;
        }
    }

    /**
     * Applies the events of the next distinct HLC.
     *
     * @return false when there are no more events (the cut stays at the last step)
     * @throws IllegalStateException when an event's HLC is below the current one, a node repeats an HLC, or an
     *     event does not fit the variables
     */
    public boolean advance() {
        if (pending == null) {
            if (!events.hasNext()) {
                return false;
            }
            pending = events.next();
            if (hlc != null && pending.hlc().compareTo(hlc) <= 0) {
                // Only possible if the caller advanced past the end and the iterator then grew.
                throw Events.outOfOrder(key, pending, hlc);
            }
        }
        Hlc next = pending.hlc();
        step.clear();
        step.add(pending);
        pending = null;
        while (events.hasNext()) {
            SweepEvent event = events.next();
            int order = event.hlc().compareTo(next);
            if (order == 0) {
                step.add(event);
            } else if (order > 0) {
                pending = event;
                break;
            } else {
                throw Events.outOfOrder(key, event, next);
            }
        }
        if (step.size() > 1) {
            step.sort(BY_NODE);
        }
        stepNumber++;
        changeCount = 0;
        for (int i = 0; i < step.size(); i++) {
            apply(step.get(i));
        }
        hlc = next;
        return true;
    }

    private void apply(SweepEvent event) {
        if (event.assignmentCount() != valueClasses.length) {
            throw Events.slotCount(key, event, valueClasses.length);
        }
        NodeSlot slot = find(event.node());
        if (slot == null) {
            slot = new NodeSlot(event.node(), new Object[valueClasses.length]);
            slots.put(slot.node, slot);
            insertSorted(slot);
            recordChange(slot, -1, null, null);
        } else if (slot.lastStep == stepNumber) {
            throw Events.repeatedHlc(key, event);
        }
        slot.lastStep = stepNumber;
        Object[] values = slot.values;
        for (int variable = 0; variable < values.length; variable++) {
            Object assignment = event.assignment(variable);
            if (assignment == null) {
                continue;
            }
            Events.checkValue(key, event, variables, valueClasses, variable, assignment);
            Object value = assignment == SweepEvent.UNSET ? null : assignment;
            Object old = values[variable];
            if (old == null ? value != null : !old.equals(value)) {
                values[variable] = value;
                recordChange(slot, variable, old, value);
            }
        }
    }

    /**
     * The node's slot, or null. Readers hand out one string instance per node, so a scan by identity of the few nodes
     * usually finds it before a hash lookup; a slot adopts the instance of its node's latest event.
     */
    private NodeSlot find(String node) {
        if (nodeCount <= 8) {
            for (int i = 0; i < nodeCount; i++) {
                if (sorted[i].node == node) {
                    return sorted[i];
                }
            }
        }
        NodeSlot slot = slots.get(node);
        if (slot != null) {
            slot.node = node;
        }
        return slot;
    }

    private void insertSorted(NodeSlot slot) {
        int low = 0;
        int high = nodeCount;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle].node.compareTo(slot.node) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        if (nodeCount == sorted.length) {
            sorted = Arrays.copyOf(sorted, nodeCount * 2);
        }
        System.arraycopy(sorted, low, sorted, low + 1, nodeCount - low);
        sorted[low] = slot;
        nodeCount++;
    }

    private void recordChange(NodeSlot slot, int variable, Object old, Object value) {
        if (changeCount == changedNodes.length) {
            int capacity = changeCount * 2;
            changedNodes = Arrays.copyOf(changedNodes, capacity);
            changedVariables = Arrays.copyOf(changedVariables, capacity);
            changedOld = Arrays.copyOf(changedOld, capacity);
            changedNew = Arrays.copyOf(changedNew, capacity);
        }
        changedNodes[changeCount] = slot;
        changedVariables[changeCount] = variable;
        changedOld[changeCount] = old;
        changedNew[changeCount] = value;
        changeCount++;
    }

    /**
     * The current cut, a view valid until the next {@link #advance()}.
     *
     * @throws IllegalStateException before the first successful {@link #advance()}
     */
    public Cut cut() {
        if (hlc == null) {
            throw new IllegalStateException("no cut yet for key '" + key + "': call advance() first");
        }
        return view;
    }

    /**
     * What the last step changed, ordered by node id (appearance of a node first, then its variables in variable
     * order); empty before the first step.
     */
    public List<Change> changes() {
        List<Change> changes = new ArrayList<>(changeCount);
        for (int i = 0; i < changeCount; i++) {
            String node = changedNodes[i].node;
            int variable = changedVariables[i];
            changes.add(variable < 0 ? Change.appearance(node) : new Change(node, variables.name(variable), changedOld[i], changedNew[i]));
        }
        return Collections.unmodifiableList(changes);
    }

    /** A snapshot of the current state (the initial state before the first step). */
    public CutState state() {
        String[] nodes = new String[nodeCount];
        Object[][] values = new Object[nodeCount][];
        for (int i = 0; i < nodeCount; i++) {
            nodes[i] = sorted[i].node;
            values[i] = sorted[i].values.clone();
        }
        return new CutState(nodes, values);
    }

    public String key() {
        return key;
    }

    public Variables variables() {
        return variables;
    }

    private final class View implements Cut {
        @Override
        public String key() {
            return key;
        }

        @Override
        public Hlc hlc() {
            return hlc;
        }

        @Override
        public int nodeCount() {
            return nodeCount;
        }

        @Override
        public String node(int index) {
            checkIndex(index);
            return sorted[index].node;
        }

        @Override
        public Object value(int index, int variable) {
            checkIndex(index);
            return sorted[index].values[variable];
        }

        private void checkIndex(int index) {
            if (index >= nodeCount) {
                throw new IndexOutOfBoundsException("node index " + index + " out of bounds for " + nodeCount + " nodes");
            }
        }

        @Override
        public Variables variables() {
            return variables;
        }

        @Override
        public List<SweepEvent> stepEvents() {
            return stepView;
        }

        @Override
        public long step() {
            return stepNumber;
        }

        @Override
        public int changeCount() {
            return changeCount;
        }

        @Override
        public int changedVariable(int index) {
            checkChange(index);
            return changedVariables[index];
        }

        @Override
        public String changedNode(int index) {
            checkChange(index);
            return changedNodes[index].node;
        }

        private void checkChange(int index) {
            if (index >= changeCount) {
                throw new IndexOutOfBoundsException("change " + index + " out of bounds for " + changeCount + " changes");
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Cut[").append(key).append(" @").append(hlc);
            for (int i = 0; i < nodeCount; i++) {
                text.append(", ").append(sorted[i].node).append('=').append(Arrays.toString(sorted[i].values));
            }
            return text.append(']').toString();
        }
    }
}
