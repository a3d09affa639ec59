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
 * {@link Cut} returned by {@link #cut()} is a view that changes with every step. It reads the events through an
 * {@link EventCursor} and makes no object per event or per step: the step's events become objects only when
 * {@link Cut#stepEvents()} is called, its HLC only when {@link Cut#hlc()} is. Not thread-safe.
 */
public final class CutSweep {
    private final String key;
    private final Variables variables;
    private final Class<?>[] valueClasses;
    private final EventCursor events;
    /** Where the step's events' details are fetched from, or null when the cursor's events are objects already. */
    private final SweepEvent.DetailSource details;
    private final Map<String, NodeSlot> slots = new HashMap<>();
    private NodeSlot[] sorted;
    private int nodeCount;

    /** Whether the cursor is at an event not yet applied (the first of the next step). */
    private boolean pending;
    private boolean started;
    private long hlcL;
    private int hlcC;
    /** The current cut's HLC as an object, made when first asked for. */
    private Hlc hlc;
    private long stepNumber;
    private final View view = new View();

    // The events of the last step, ordered by node, as the cursor gave them; see stepEvents().
    private int stepCount;
    private String[] stepNodes = new String[8];
    /** With {@link #details}: each step event's assignments and detail index; without: the events themselves. */
    private Object[][] stepValues = new Object[8][];
    private long[] stepIndexes = new long[8];
    private SweepEvent[] stepObjects = new SweepEvent[8];
    private List<SweepEvent> stepList;

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
        this(key, variables, initial, EventCursor.of(events));
    }

    /**
     * @param key the key whose events these are (for the cut and for messages)
     * @param variables the dataset's variables; every event has one assignment slot per variable
     * @param initial the state before the first of {@code events}
     * @param events the key's events, sorted by HLC; read one event beyond the current step
     */
    public CutSweep(String key, Variables variables, CutState initial, EventCursor events) {
        this.key = requireNonNull(key, "key is null");
        this.variables = requireNonNull(variables, "variables is null");
        requireNonNull(initial, "initial is null");
        this.events = requireNonNull(events, "events is null");
        this.details = events.details();
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
        EventCursor cursor = events;
        if (!pending) {
            if (!cursor.next()) {
                return false;
            }
            if (started && Hlc.compare(cursor.hlcL(), cursor.hlcC(), hlcL, hlcC) <= 0) {
                // Only possible if the caller advanced past the end and the cursor then grew.
                throw Events.outOfOrder(key, cursor.event(), hlc());
            }
        }
        long l = cursor.hlcL();
        int c = cursor.hlcC();
        stepNumber++;
        changeCount = 0;
        stepCount = 0;
        stepList = null;
        boolean inNodeOrder = true;
        while (true) {
            String node = cursor.node();
            if (stepCount > 0 && inNodeOrder && node.compareTo(stepNodes[stepCount - 1]) < 0) {
                inNodeOrder = false;
            }
            apply(cursor, node);
            if (!cursor.next()) {
                pending = false;
                break;
            }
            int order = Hlc.compare(cursor.hlcL(), cursor.hlcC(), l, c);
            if (order > 0) {
                pending = true;
                break;
            }
            if (order < 0) {
                throw Events.outOfOrder(key, cursor.event(), new Hlc(l, c));
            }
        }
        if (!inNodeOrder) {
            sortStep();
        }
        hlcL = l;
        hlcC = c;
        hlc = null;
        started = true;
        return true;
    }

    private void apply(EventCursor cursor, String node) {
        if (cursor.assignmentCount() != valueClasses.length) {
            throw Events.slotCount(key, cursor.event(), valueClasses.length);
        }
        NodeSlot slot = find(node);
        if (slot == null) {
            slot = new NodeSlot(node, new Object[valueClasses.length]);
            slots.put(slot.node, slot);
            insertSorted(slot);
            recordChange(slot, -1, null, null);
        } else if (slot.lastStep == stepNumber) {
            throw Events.repeatedHlc(key, cursor.event());
        }
        slot.lastStep = stepNumber;
        Object[] kept = keepStepEvent(cursor, node);
        Object[] values = slot.values;
        for (int variable = 0; variable < values.length; variable++) {
            Object assignment = cursor.assignment(variable);
            if (kept != null) {
                kept[variable] = assignment;
            }
            if (assignment == null) {
                continue;
            }
            if (!Events.fits(valueClasses, variable, assignment)) {
                throw Events.wrongClass(key, cursor.event(), variables, variable);
            }
            Object value = assignment == SweepEvent.UNSET ? null : assignment;
            Object old = values[variable];
            if (old == null ? value != null : !old.equals(value)) {
                values[variable] = value;
                recordChange(slot, variable, old, value);
            }
        }
    }

    /**
     * Notes the cursor's current event as one of the step's: its node and detail index, or the event itself when the
     * cursor has its events as objects.
     *
     * @return the array to copy the event's assignments into, or null when the event itself is kept
     */
    private Object[] keepStepEvent(EventCursor cursor, String node) {
        if (stepCount == stepNodes.length) {
            int capacity = stepCount * 2;
            stepNodes = Arrays.copyOf(stepNodes, capacity);
            stepValues = Arrays.copyOf(stepValues, capacity);
            stepIndexes = Arrays.copyOf(stepIndexes, capacity);
            stepObjects = Arrays.copyOf(stepObjects, capacity);
        }
        int at = stepCount++;
        stepNodes[at] = node;
        if (details == null) {
            stepObjects[at] = cursor.event();
            return null;
        }
        stepIndexes[at] = cursor.detailIndex();
        Object[] kept = stepValues[at];
        if (kept == null) {
            kept = new Object[valueClasses.length];
            stepValues[at] = kept;
        }
        return kept;
    }

    /**
     * Puts the step's events, and its changes, in node order when the cursor gave the step's events in another (a
     * dataset laid out by ingest has each HLC's events sorted by node already). Each node has one event in a step, so
     * ordering the changes by node, stably, gives those of each event together in the order they were made.
     */
    private void sortStep() {
        Integer[] order = new Integer[stepCount];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> stepNodes[i]));
        stepNodes = permute(stepNodes, order);
        stepValues = permute(stepValues, order);
        stepObjects = permute(stepObjects, order);
        long[] indexes = stepIndexes.clone();
        for (int i = 0; i < order.length; i++) {
            stepIndexes[i] = indexes[order[i]];
        }
        Integer[] changes = new Integer[changeCount];
        Arrays.setAll(changes, i -> i);
        Arrays.sort(changes, Comparator.comparing(i -> changedNodes[i].node));
        changedNodes = permute(changedNodes, changes);
        changedOld = permute(changedOld, changes);
        changedNew = permute(changedNew, changes);
        int[] variablesBefore = changedVariables.clone();
        for (int i = 0; i < changes.length; i++) {
            changedVariables[i] = variablesBefore[changes[i]];
        }
    }

    /** {@code array} with its first {@code order.length} entries in {@code order}; the same array, rearranged. */
    private static <T> T[] permute(T[] array, Integer[] order) {
        T[] before = array.clone();
        for (int i = 0; i < order.length; i++) {
            array[i] = before[order[i]];
        }
        return array;
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
        if (!started) {
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

    /** The current cut's HLC, made once per step and only when asked for. */
    private Hlc hlc() {
        if (hlc == null) {
            hlc = new Hlc(hlcL, hlcC);
        }
        return hlc;
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
            return CutSweep.this.hlc();
        }

        @Override
        public long hlcL() {
            return hlcL;
        }

        @Override
        public int hlcC() {
            return hlcC;
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
            if (stepList == null) {
                SweepEvent[] made = new SweepEvent[stepCount];
                for (int i = 0; i < stepCount; i++) {
                    made[i] = details == null ? stepObjects[i]
                            : SweepEvent.ofTypedColumns(stepNodes[i], hlc(), stepValues[i].clone(), details, stepIndexes[i]);
                }
                stepList = List.of(made);
            }
            return stepList;
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
            StringBuilder text = new StringBuilder("Cut[").append(key).append(" @").append(hlc());
            for (int i = 0; i < nodeCount; i++) {
                text.append(", ").append(sorted[i].node).append('=').append(Arrays.toString(sorted[i].values));
            }
            return text.append(']').toString();
        }
    }
}
