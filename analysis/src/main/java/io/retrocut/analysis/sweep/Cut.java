package io.retrocut.analysis.sweep;

import io.retrocut.events.Hlc;
import java.util.List;

/**
 * A read-only view of one consistent cut {@code C_k(t)} (SPEC §3): for every node with at least one event of the
 * key at or before {@link #hlc()}, its state. Nodes are ordered by node id ({@link String} natural order).
 *
 * <p>The view is reused: it is valid only until the sweep that produced it steps again. Copy what must outlive the
 * step. Not thread-safe.
 */
public interface Cut {
    /** The key whose cut this is. */
    String key();

    /** The HLC {@code t} of this cut. */
    Hlc hlc();

    /** {@link #hlc()}'s physical part, which a sweep gives without making an {@link Hlc}. */
    default long hlcL() {
        return hlc().l();
    }

    /** {@link #hlc()}'s logical counter, which a sweep gives without making an {@link Hlc}. */
    default int hlcC() {
        return hlc().c();
    }

    int nodeCount();

    /** The id of the {@code index}-th node in node-id order. */
    String node(int index);

    /** The value of variable {@code variable} at the {@code index}-th node, or null when absent (never set or unset). */
    Object value(int index, int variable);

    Variables variables();

    /** The events applied in the step that produced this cut (all with HLC {@link #hlc()}), ordered by node id. */
    List<SweepEvent> stepEvents();

    /**
     * The number of steps the producing sweep has applied, 1 for its first cut; -1 when unknown. Two cuts read from
     * the same view object with consecutive step numbers differ exactly by the later one's changes, which lets an
     * evaluator skip work that no change touches.
     */
    default long step() {
        return -1;
    }

    /** The number of changes this step made (as {@link CutSweep#changes()}), or -1 when unknown. */
    default int changeCount() {
        return -1;
    }

    /** The variable of change {@code index}, or -1 when that change is a node's appearance in the cut. */
    default int changedVariable(int index) {
        throw new UnsupportedOperationException("this cut does not record its changes");
    }

    /** The node of change {@code index}. */
    default String changedNode(int index) {
        throw new UnsupportedOperationException("this cut does not record its changes");
    }
}
