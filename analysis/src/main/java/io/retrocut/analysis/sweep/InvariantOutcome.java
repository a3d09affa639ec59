package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.List;

/**
 * What one invariant did in one time slice of one key.
 *
 * @param cutsChecked evaluated cuts (those in the window)
 * @param violatingCuts cuts where the check was false
 * @param indeterminateCuts cuts where the check was NULL
 * @param runs the runs of violating cuts in HLC order; only the last one may be open
 * @param firstCut the slice's first evaluated cut, null when none
 * @param firstCutViolates whether the check was false on {@code firstCut}
 */
public record InvariantOutcome(
        long cutsChecked, long violatingCuts, long indeterminateCuts, List<Run> runs, Hlc firstCut, boolean firstCutViolates)
        implements Serializable {
    public InvariantOutcome {
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
        if (cutsChecked < 0 || violatingCuts < 0 || indeterminateCuts < 0 || violatingCuts + indeterminateCuts > cutsChecked) {
            throw new IllegalArgumentException("inconsistent counts: " + cutsChecked + " checked, " + violatingCuts + " violating, "
                    + indeterminateCuts + " indeterminate");
        }
        if ((firstCut == null) != (cutsChecked == 0)) {
            throw new IllegalArgumentException("firstCut must be given exactly when cuts were checked");
        }
        if (firstCutViolates && (runs.isEmpty() || !runs.get(0).start().equals(firstCut))) {
            throw new IllegalArgumentException("the first cut " + firstCut + " violates, so the first run must start there");
        }
        for (int i = 0; i < runs.size() - 1; i++) {
            if (runs.get(i).isOpen()) {
                throw new IllegalArgumentException("only the last run may be open: run " + i + " of " + runs.size());
            }
        }
    }
}
