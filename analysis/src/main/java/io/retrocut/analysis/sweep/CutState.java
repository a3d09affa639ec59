package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The state of one key at some point of the sweep: the nodes seen so far, ordered by node id, each with one value
 * slot per variable (null = absent). Immutable and serializable; the starting state of a time slice.
 */
public final class CutState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The state before any event: no nodes. */
    public static final CutState EMPTY = new CutState(new String[0], new Object[0][]);

    private final String[] nodes;
    // Rows are never modified once in a CutState, so states share the rows of nodes a delta does not touch.
    private final Object[][] values;

    CutState(String[] nodes, Object[][] values) {
        this.nodes = nodes;
        this.values = values;
    }

    /**
     * The state with these nodes and their values (one row per node, one slot per variable, null = absent); the arrays
     * are taken over, not copied.
     *
     * @throws IllegalArgumentException when the nodes are not in strictly increasing order or the rows differ in length
     */
    public static CutState of(String[] nodes, Object[][] values) {
        if (nodes.length != values.length) {
            throw new IllegalArgumentException(nodes.length + " nodes but " + values.length + " rows");
        }
        for (int i = 0; i < nodes.length; i++) {
            if (i > 0 && nodes[i - 1].compareTo(nodes[i]) >= 0) {
                throw new IllegalArgumentException("nodes out of order: " + nodes[i - 1] + " before " + nodes[i]);
            }
            if (values[i].length != values[0].length) {
                throw new IllegalArgumentException("rows of " + values[0].length + " and " + values[i].length + " variables");
            }
        }
        return nodes.length == 0 ? EMPTY : new CutState(nodes, values);
    }

    /**
     * This state followed by the events summarized in {@code delta}: nodes of the delta become present, their values
     * are overridden by the delta's assignments and removed by its unsets.
     *
     * @throws IllegalArgumentException when the delta is for a different number of variables than this state
     */
    public CutState apply(StateDelta delta) {
        requireNonNull(delta, "delta is null");
        if (delta.isEmpty()) {
            return this;
        }
        int variableCount = delta.variableCount();
        if (nodes.length > 0 && values[0].length != variableCount) {
            throw new IllegalArgumentException(
                    "delta has " + variableCount + " variables but this state has " + values[0].length);
        }
        int deltaCount = delta.nodeCount();
        String[] mergedNodes = new String[nodes.length + deltaCount];
        Object[][] mergedValues = new Object[mergedNodes.length][];
        int mine = 0;
        int theirs = 0;
        int out = 0;
        while (mine < nodes.length || theirs < deltaCount) {
            int order = mine == nodes.length ? 1 : theirs == deltaCount ? -1 : nodes[mine].compareTo(delta.node(theirs));
            if (order < 0) {
                mergedNodes[out] = nodes[mine];
                mergedValues[out++] = values[mine++];
                continue;
            }
            Object[] row = order == 0 ? values[mine].clone() : new Object[variableCount];
            for (int variable = 0; variable < variableCount; variable++) {
                Object assignment = delta.assignment(theirs, variable);
                if (assignment != null) {
                    row[variable] = assignment == SweepEvent.UNSET ? null : assignment;
                }
            }
            mergedNodes[out] = delta.node(theirs++);
            mergedValues[out++] = row;
            if (order == 0) {
                mine++;
            }
        }
        return new CutState(Arrays.copyOf(mergedNodes, out), Arrays.copyOf(mergedValues, out));
    }

    public int nodeCount() {
        return nodes.length;
    }

    /** The {@code index}-th node in node-id order. */
    public String node(int index) {
        return nodes[index];
    }

    /** The node ids in order. */
    public List<String> nodes() {
        return List.of(nodes);
    }

    /** The index of {@code node}, or -1 when the node is not present. */
    public int indexOf(String node) {
        int index = Arrays.binarySearch(nodes, requireNonNull(node, "node is null"));
        return index < 0 ? -1 : index;
    }

    /** The value of {@code variable} at the {@code index}-th node, or null when absent. */
    public Object value(int index, int variable) {
        return values[index][variable];
    }

    /** The values of the {@code index}-th node, one per variable, null = absent. */
    public List<Object> values(int index) {
        return Collections.unmodifiableList(Arrays.asList(values[index].clone()));
    }

    /** The rows, for {@link CutSweep} to copy from; callers must not modify them. */
    Object[] row(int index) {
        return values[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CutState that && Arrays.equals(nodes, that.nodes) && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nodes) + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            parts.add(nodes[i] + "=" + Arrays.toString(values[i]));
        }
        return "CutState[" + String.join(", ", parts) + "]";
    }
}
