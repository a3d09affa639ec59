package io.retrocut.analysis.report;

import static java.util.Objects.requireNonNull;

import io.retrocut.analysis.sweep.ViolationInterval;
import java.util.List;

/** One invariant's result: cuts checked, violating and indeterminate cuts, and its reported violation intervals. */
public record InvariantResult(
        String name, String description, long cutsChecked, long violatingCuts, long indeterminateCuts, List<ViolationInterval> intervals) {
    public InvariantResult {
        requireNonNull(name, "name is null");
        // a store's list decodes intervals as they are read: copying it would bring them all into memory
        intervals = IntervalStore.isStored(intervals) ? intervals : List.copyOf(intervals);
    }
}
