package io.retrocut.analysis.report;

import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.List;

/**
 * One step of a replay: the cut of {@code key} at {@code hlc}, the events that made it, what they changed, and which
 * invariants changed verdict at this cut.
 */
public record ReplayStep(String key, Hlc hlc, List<Witness.Event> events, List<VariableChange> changes, List<Flip> flips)
        implements Serializable {
    public ReplayStep {
        events = List.copyOf(events);
        changes = List.copyOf(changes);
        flips = List.copyOf(flips);
    }

    /** {@code variable} of {@code node} went from {@code before} to {@code after}; null variable = the node appeared. */
    public record VariableChange(String node, String variable, Object before, Object after) implements Serializable {
    }

    /** An invariant's verdict changed: each of {@code before}/{@code after} is "ok", "violated" or "unknown" (NULL). */
    public record Flip(String invariant, String before, String after) implements Serializable {
    }
}
