package io.retrocut.ingest;

import java.util.Arrays;

/**
 * A vector clock as a reusable list of (node id, count) entries: node {@code node(i)} had logged {@code count(i)}
 * events that the event knows of (its own included). Which dictionary the ids refer to is up to the holder. Mutable,
 * reused event after event; never shared between threads.
 */
final class VectorClock {
    static final VectorClock EMPTY = new VectorClock();

    private int size;
    private int[] nodes = new int[4];
    private long[] counts = new long[4];

    int size() {
        return size;
    }

    int node(int index) {
        return nodes[index];
    }

    long count(int index) {
        return counts[index];
    }

    /** The count for {@code node}, or 0 when the clock has no entry for it. */
    long countOf(int node) {
        for (int i = 0; i < size; i++) {
            if (nodes[i] == node) {
                return counts[i];
            }
        }
        return 0;
    }

    void clear() {
        size = 0;
    }

    void add(int node, long count) {
        if (this == EMPTY) {
            throw new IllegalStateException("the empty vector clock is shared and cannot change");
        }
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        nodes[size] = node;
        counts[size] = count;
        size++;
    }

    void copyFrom(VectorClock other) {
        clear();
        for (int i = 0; i < other.size; i++) {
            add(other.nodes[i], other.counts[i]);
        }
    }
}
