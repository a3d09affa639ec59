package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * One invariant's result over one key (all slices merged).
 *
 * @param cutsChecked evaluated cuts
 * @param violatingCuts cuts where the check was false, including those in intervals shorter than {@code for:}
 * @param indeterminateCuts cuts where the check was NULL
 * @param intervals violation intervals sorted by start, after applying {@code for:}
 */
public record InvariantResult(long cutsChecked, long violatingCuts, long indeterminateCuts, List<ViolationInterval> intervals)
        implements Serializable {
    public InvariantResult {
        intervals = List.copyOf(requireNonNull(intervals, "intervals is null"));
        if (cutsChecked < 0 || violatingCuts < 0 || indeterminateCuts < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }
}
