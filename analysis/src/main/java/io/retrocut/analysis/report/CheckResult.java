package io.retrocut.analysis.report;

import java.util.List;

/**
 * What {@code retrocut check} found (SPEC §5): totals and, per invariant in file order, its counts and its
 * violation intervals sorted by (key, start).
 */
public record CheckResult(long events, long keys, long cuts, List<InvariantResult> invariants) {
    public CheckResult {
        invariants = List.copyOf(invariants);
    }

    public boolean violated() {
        return invariants.stream().anyMatch(invariant -> !invariant.intervals().isEmpty());
    }
}
