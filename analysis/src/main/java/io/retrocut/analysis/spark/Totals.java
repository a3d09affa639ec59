package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.InvariantResult;
import io.retrocut.analysis.sweep.KeyOutcome;
import io.retrocut.analysis.sweep.ViolationInterval;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Counts and intervals summed over keys, per invariant; combined from every task on the driver. */
final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;

    long keys;
    long cuts;
    final long[] cutsChecked;
    final long[] violatingCuts;
    final long[] indeterminateCuts;
    final List<List<ViolationInterval>> intervals = new ArrayList<>();

    Totals(int invariants) {
        cutsChecked = new long[invariants];
        violatingCuts = new long[invariants];
        indeterminateCuts = new long[invariants];
        for (int i = 0; i < invariants; i++) {
            intervals.add(new ArrayList<>());
        }
    }

    void add(KeyOutcome key) {
        cuts += key.cuts();
        for (int i = 0; i < cutsChecked.length; i++) {
            InvariantResult result = key.invariant(i);
            cutsChecked[i] += result.cutsChecked();
            violatingCuts[i] += result.violatingCuts();
            indeterminateCuts[i] += result.indeterminateCuts();
            intervals.get(i).addAll(result.intervals());
        }
    }

    void add(Totals other) {
        keys += other.keys;
        cuts += other.cuts;
        for (int i = 0; i < cutsChecked.length; i++) {
            cutsChecked[i] += other.cutsChecked[i];
            violatingCuts[i] += other.violatingCuts[i];
            indeterminateCuts[i] += other.indeterminateCuts[i];
            intervals.get(i).addAll(other.intervals.get(i));
        }
    }
}
