package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.List;

/**
 * What {@link SliceSweeper} found in one time slice of one key; merged across slices by {@link IntervalMerger}.
 *
 * @param key the key
 * @param slice the slice's number within the key (for ordering; not interpreted here)
 * @param cuts evaluated cuts (those in the window)
 * @param firstCut the first evaluated cut, null when none
 * @param lastCut the last evaluated cut, null when none
 * @param invariants one outcome per invariant
 */
public record SliceOutcome(String key, int slice, long cuts, Hlc firstCut, Hlc lastCut, List<InvariantOutcome> invariants)
        implements Serializable {
    public SliceOutcome {
        requireNonNull(key, "key is null");
        invariants = List.copyOf(requireNonNull(invariants, "invariants is null"));
        if (cuts < 0) {
            throw new IllegalArgumentException("cuts is negative: " + cuts);
        }
        if ((firstCut == null) != (cuts == 0) || (lastCut == null) != (cuts == 0)) {
            throw new IllegalArgumentException("firstCut and lastCut must be given exactly when there are cuts");
        }
        if (firstCut != null && lastCut.compareTo(firstCut) < 0) {
            throw new IllegalArgumentException("lastCut " + lastCut + " is before firstCut " + firstCut);
        }
    }
}
