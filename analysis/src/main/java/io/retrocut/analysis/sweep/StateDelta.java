package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What one HLC-ordered slice of a key's events does to the state: for every node with an event in the slice, that
 * it is present, and per variable its last assignment (a value, {@link SweepEvent#UNSET}, or null = untouched).
 *
 * <p>Its size is nodes × variables, independent of the number of events, so the deltas of all time slices can be
 * computed in parallel and prefix-folded on one machine: {@code CutState.EMPTY.apply(of(slice0)).apply(of(slice1))}
 * equals the state after folding the events of {@code slice0} followed by {@code slice1}. Immutable.
 */
public final class StateDelta implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The delta of no events. */
    public static final StateDelta EMPTY = new StateDelta(0, new String[0], new Object[0][]);

    private final int variableCount;
    private final String[] nodes;
    private final Object[][] assignments;

    private StateDelta(int variableCount, String[] nodes, Object[][] assignments) {
        this.variableCount = variableCount;
        this.nodes = nodes;
        this.assignments = assignments;
    }

    /**
     * The delta of {@code events}, which must be one key's events sorted by HLC (ties in any order).
     *
     * @throws IllegalStateException when the events are not sorted by HLC, a node repeats an HLC, or an event does not
     *     fit {@code variables}
     */
    public static StateDelta of(Variables variables, Iterator<SweepEvent> events) {
        return of("", variables, events);
    }

    /** Like {@link #of(Variables, Iterator)}, naming {@code key} in error messages. */
    public static StateDelta of(String key, Variables variables, Iterator<SweepEvent> events) {
        requireNonNull(key, "key is null");
        requireNonNull(variables, "variables is null");
        requireNonNull(events, "events is null");
        Class<?>[] valueClasses = Events.valueClasses(variables);
        Builder builder = new Builder(valueClasses.length);
        Map<String, Hlc> lastHlc = new HashMap<>();
        Hlc previous = null;
        while (events.hasNext()) {
            SweepEvent event = events.next();
            if (previous != null && event.hlc().compareTo(previous) < 0) {
                throw Events.outOfOrder(key, event, previous);
            }
            previous = event.hlc();
            Events.checkAssignments(key, event, variables, valueClasses);
            if (event.hlc().equals(lastHlc.put(event.node(), event.hlc()))) {
                throw Events.repeatedHlc(key, event);
            }
            Object[] last = builder.node(event.node());
            for (int i = 0; i < last.length; i++) {
                Object value = event.assignment(i);
                if (value != null) {
                    last[i] = value;
                }
            }
        }
        return builder.build();
    }

    /**
     * Collects a delta from events given in HLC order without checking them: for readers whose events the sweep checks
     * anyway (a first pass over data that a second pass sweeps).
     */
    public static final class Builder {
        private final int variableCount;
        private String[] nodes = new String[8];
        private Object[][] last = new Object[8][];
        private int count;
        private final Map<String, Object[]> byNode = new HashMap<>();

        public Builder(int variableCount) {
            this.variableCount = variableCount;
        }

        /**
         * The last assignments of {@code node} so far, per variable (null: untouched), for the caller to overwrite with
         * the non-null assignments of the node's next event; registers the node. Readers hand out one string instance
         * per node, so a scan by identity usually finds it before a hash lookup.
         */
        public Object[] node(String node) {
            for (int i = 0; i < count; i++) {
                if (nodes[i] == node) {
                    return last[i];
                }
            }
            Object[] assignments = byNode.get(node);
            if (assignments == null) {
                assignments = new Object[variableCount];
                byNode.put(node, assignments);
            }
            if (count < nodes.length) {
                nodes[count] = node;
                last[count] = assignments;
                count++;
            }
            return assignments;
        }

        public StateDelta build() {
            String[] nodes = byNode.keySet().toArray(new String[0]);
            Arrays.sort(nodes);
            Object[][] assignments = new Object[nodes.length][];
            for (int i = 0; i < nodes.length; i++) {
                assignments[i] = byNode.get(nodes[i]);
            }
            return new StateDelta(variableCount, nodes, assignments);
        }
    }

    public boolean isEmpty() {
        return nodes.length == 0;
    }

    /** The number of nodes with at least one event in the slice. */
    public int nodeCount() {
        return nodes.length;
    }

    /** The {@code index}-th node, in node-id order. */
    public String node(int index) {
        return nodes[index];
    }

    /** The last assignment of {@code variable} at the {@code index}-th node: null (untouched), UNSET, or a value. */
    public Object assignment(int index, int variable) {
        return assignments[index][variable];
    }

    int variableCount() {
        return variableCount;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StateDelta that && Arrays.equals(nodes, that.nodes) && Arrays.deepEquals(assignments, that.assignments);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nodes) + Arrays.deepHashCode(assignments);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StateDelta[");
        for (int i = 0; i < nodes.length; i++) {
            text.append(i == 0 ? "" : ", ").append(nodes[i]).append('=').append(Arrays.toString(assignments[i]));
        }
        return text.append(']').toString();
    }
}
