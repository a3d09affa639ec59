package io.retrocut.analysis.spark.compiled;

import io.retrocut.analysis.sweep.Cut;
import io.retrocut.events.HlcUnit;

/**
 * What a compiled check reads while it evaluates: the cut, the values of its lambda variables (one slot each) and
 * the {@code nodes} array, a node being represented by its index in the cut (an {@link Integer}). Not thread-safe.
 */
final class Frame {
    final HlcUnit unit;
    final Object[] slots;
    Cut cut;
    private Object[] nodes = new Object[0];

    Frame(HlcUnit unit, int slotCount) {
        this.unit = unit;
        this.slots = new Object[slotCount];
    }

    /** The cut's nodes as indexes 0..n-1; shared, so no evaluator may write into an array it did not create. */
    Object[] nodes() {
        int count = cut.nodeCount();
        if (nodes.length != count) {
            Object[] indexes = new Object[count];
            for (int i = 0; i < count; i++) {
                indexes[i] = i;
            }
            nodes = indexes;
        }
        return nodes;
    }
}
