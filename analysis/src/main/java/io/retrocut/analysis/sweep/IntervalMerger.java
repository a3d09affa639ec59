package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the {@link SliceOutcome}s of one key's time slices into violation intervals (SPEC §3), so that the result
 * does not depend on where the slices were cut.
 *
 * <p>A run still open at the end of a slice continues into the next slice with evaluated cuts if that slice's first
 * cut violates (the counts add, the witness is the earlier one's); otherwise it ends at that slice's first cut. A run
 * still open after the last slice gives an open interval. {@code for:} is applied after merging.
 */
public final class IntervalMerger {
    private IntervalMerger() {}

    private static final class Pending {
        final Hlc start;
        final Witness witness;
        Hlc lastViolating;
        long cuts;

        Pending(Run run) {
            this.start = run.start();
            this.witness = run.witness();
            this.lastViolating = run.lastViolating();
            this.cuts = run.cuts();
        }
    }

    /**
     * @param key the key
     * @param slicesInOrder the key's slice outcomes in HLC order (slices without evaluated cuts are skipped)
     * @param unit the unit of the HLC physical part; durations are converted to milliseconds
     * @param minDurationMs per invariant, the {@code for:} duration in milliseconds; 0 reports every interval
     * @throws IllegalStateException when the slices are for another key, another number of invariants, or overlap
     */
    public static KeyOutcome merge(String key, List<SliceOutcome> slicesInOrder, HlcUnit unit, long[] minDurationMs) {
        requireNonNull(key, "key is null");
        requireNonNull(slicesInOrder, "slicesInOrder is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(minDurationMs, "minDurationMs is null");
        int invariantCount = minDurationMs.length;
        long[] minDuration = new long[invariantCount];
        for (int i = 0; i < invariantCount; i++) {
            if (minDurationMs[i] < 0) {
                throw new IllegalArgumentException("minimum duration of invariant " + i + " is negative: " + minDurationMs[i]);
            }
            // In HLC units; a minimum beyond the HLC range can never be reached.
            minDuration[i] = minDurationMs[i] > Long.MAX_VALUE / unit.perMillisecond()
                    ? Long.MAX_VALUE
                    : minDurationMs[i] * unit.perMillisecond();
        }
        long cuts = 0;
        long[] checked = new long[invariantCount];
        long[] violating = new long[invariantCount];
        long[] indeterminate = new long[invariantCount];
        List<List<ViolationInterval>> intervals = new ArrayList<>(invariantCount);
        for (int i = 0; i < invariantCount; i++) {
            intervals.add(new ArrayList<>());
        }
        Pending[] pending = new Pending[invariantCount];
        Hlc previousLast = null;
        for (SliceOutcome slice : slicesInOrder) {
            if (!slice.key().equals(key)) {
                throw new IllegalStateException("slice " + slice.slice() + " is for key '" + slice.key() + "', not '" + key + "'");
            }
            if (slice.invariants().size() != invariantCount) {
                throw new IllegalStateException("slice " + slice.slice() + " of key '" + key + "' has " + slice.invariants().size()
                        + " invariants, expected " + invariantCount);
            }
            if (slice.cuts() == 0) {
                continue;
            }
            if (previousLast != null && slice.firstCut().compareTo(previousLast) <= 0) {
                throw new IllegalStateException("slice " + slice.slice() + " of key '" + key + "' starts at " + slice.firstCut()
                        + ", not after the previous slice's last cut " + previousLast + "; slices must be in HLC order");
            }
            previousLast = slice.lastCut();
            cuts += slice.cuts();
            for (int i = 0; i < invariantCount; i++) {
                InvariantOutcome outcome = slice.invariants().get(i);
                checked[i] += outcome.cutsChecked();
                violating[i] += outcome.violatingCuts();
                indeterminate[i] += outcome.indeterminateCuts();
                List<Run> runs = outcome.runs();
                int next = 0;
                if (pending[i] != null) {
                    if (outcome.firstCutViolates()) {
                        Run continuation = runs.get(0);
                        pending[i].cuts += continuation.cuts();
                        pending[i].lastViolating = continuation.lastViolating();
                        if (continuation.end() != null) {
                            emit(key, pending[i], continuation.end(), unit, minDuration[i], intervals.get(i));
                            pending[i] = null;
                        }
                        next = 1;
                    } else {
                        emit(key, pending[i], outcome.firstCut(), unit, minDuration[i], intervals.get(i));
                        pending[i] = null;
                    }
                }
                for (; next < runs.size(); next++) {
                    Run run = runs.get(next);
                    if (run.end() != null) {
                        emit(key, new Pending(run), run.end(), unit, minDuration[i], intervals.get(i));
                    } else {
                        pending[i] = new Pending(run);
                    }
                }
            }
        }
        List<InvariantResult> results = new ArrayList<>(invariantCount);
        for (int i = 0; i < invariantCount; i++) {
            if (pending[i] != null) {
                emit(key, pending[i], null, unit, minDuration[i], intervals.get(i));
            }
            results.add(new InvariantResult(checked[i], violating[i], indeterminate[i], intervals.get(i)));
        }
        return new KeyOutcome(key, cuts, results);
    }

    private static void emit(String key, Pending run, Hlc end, HlcUnit unit, long minDuration, List<ViolationInterval> out) {
        long length = (end != null ? end.l() : run.lastViolating.l()) - run.start.l();
        if (length >= minDuration) {
            out.add(new ViolationInterval(key, run.start, end, unit.toMillis(length), run.cuts, run.witness));
        }
    }
}
