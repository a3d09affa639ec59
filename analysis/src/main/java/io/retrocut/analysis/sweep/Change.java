package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

/**
 * One change made by a step of a {@link CutSweep}: variable {@code variable} of node {@code node} went from
 * {@code oldValue} to {@code newValue} (null = absent). A change with a null {@code variable} records that the node
 * appeared in the cut (its first event); assignments of the value a variable already had are not changes.
 */
public record Change(String node, String variable, Object oldValue, Object newValue) {
    public Change {
        requireNonNull(node, "node is null");
        if (variable == null && (oldValue != null || newValue != null)) {
            throw new IllegalArgumentException("a node appearance has no values");
        }
    }

    /** The change recording that {@code node} appeared in the cut. */
    public static Change appearance(String node) {
        return new Change(node, null, null, null);
    }

    /** Whether this records the node's appearance rather than a variable change. */
    public boolean isAppearance() {
        return variable == null;
    }
}
