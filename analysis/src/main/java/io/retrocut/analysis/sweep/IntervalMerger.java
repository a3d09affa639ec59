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
        requireNonNull(slicesInOrder, "slicesInOrder is null");
        List<List<ViolationInterval>> intervals = new ArrayList<>(minDurationMs.length);
        for (int i = 0; i < minDurationMs.length; i++) {
            intervals.add(new ArrayList<>());
        }
        Merge merge = new Merge(key, unit, minDurationMs, (invariant, interval) -> intervals.get(invariant).add(interval));
        for (SliceOutcome slice : slicesInOrder) {
            merge.add(slice);
        }
        return merge.finish(intervals);
    }

    /** Where a {@link Merge} hands each violation interval as soon as it is known to be complete. */
    @FunctionalInterface
    public interface IntervalSink {
        void accept(int invariant, ViolationInterval interval);
    }

    /**
     * One key's merge, fed one slice at a time in HLC order, so that a caller holding many keys keeps only each key's
     * open runs (one per invariant), not its slices: closed intervals go to the sink at once, in start order.
     */
    public static final class Merge {
        private final String key;
        private final HlcUnit unit;
        private final IntervalSink sink;
        private final long[] minDuration;
        private final long[] checked;
        private final long[] violating;
        private final long[] indeterminate;
        private final Pending[] pending;
        private long cuts;
        private Hlc previousLast;
        private boolean finished;

        public Merge(String key, HlcUnit unit, long[] minDurationMs, IntervalSink sink) {
            this.key = requireNonNull(key, "key is null");
            this.unit = requireNonNull(unit, "unit is null");
            this.sink = requireNonNull(sink, "sink is null");
            requireNonNull(minDurationMs, "minDurationMs is null");
            int invariantCount = minDurationMs.length;
            minDuration = new long[invariantCount];
            for (int i = 0; i < invariantCount; i++) {
                if (minDurationMs[i] < 0) {
                    throw new IllegalArgumentException("minimum duration of invariant " + i + " is negative: " + minDurationMs[i]);
                }
                // In HLC units; a minimum beyond the HLC range can never be reached.
                minDuration[i] = minDurationMs[i] > Long.MAX_VALUE / unit.perMillisecond()
                        ? Long.MAX_VALUE
                        : minDurationMs[i] * unit.perMillisecond();
            }
            checked = new long[invariantCount];
            violating = new long[invariantCount];
            indeterminate = new long[invariantCount];
            pending = new Pending[invariantCount];
        }

        /** The key's next slice in HLC order. */
        public void add(SliceOutcome slice) {
            if (finished) {
                throw new IllegalStateException("the merge of key '" + key + "' is finished");
            }
            int invariantCount = minDuration.length;
            if (!slice.key().equals(key)) {
                throw new IllegalStateException("slice " + slice.slice() + " is for key '" + slice.key() + "', not '" + key + "'");
            }
            if (slice.invariants().size() != invariantCount) {
                throw new IllegalStateException("slice " + slice.slice() + " of key '" + key + "' has " + slice.invariants().size()
                        + " invariants, expected " + invariantCount);
            }
            if (slice.cuts() == 0) {
                return;
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
                            emit(i, pending[i], continuation.end());
                            pending[i] = null;
                        }
                        next = 1;
                    } else {
                        emit(i, pending[i], outcome.firstCut());
                        pending[i] = null;
                    }
                }
                for (; next < runs.size(); next++) {
                    Run run = runs.get(next);
                    if (run.end() != null) {
                        emit(i, new Pending(run), run.end());
                    } else {
                        pending[i] = new Pending(run);
                    }
                }
            }
        }

        /**
         * Emits the runs still open as open intervals and returns the key's counts, with {@code intervals} (one list
         * per invariant) as its intervals: the lists the sink filled, or empty ones when the sink kept them elsewhere.
         */
        public KeyOutcome finish(List<List<ViolationInterval>> intervals) {
            finished = true;
            List<InvariantResult> results = new ArrayList<>(minDuration.length);
            for (int i = 0; i < minDuration.length; i++) {
                if (pending[i] != null) {
                    emit(i, pending[i], null);
                    pending[i] = null;
                }
                results.add(new InvariantResult(checked[i], violating[i], indeterminate[i],
                        intervals == null ? List.of() : intervals.get(i)));
            }
            return new KeyOutcome(key, cuts, results);
        }

        private void emit(int invariant, Pending run, Hlc end) {
            long length = (end != null ? end.l() : run.lastViolating.l()) - run.start.l();
            if (length >= minDuration[invariant]) {
                sink.accept(invariant, new ViolationInterval(key, run.start, end, unit.toMillis(length), run.cuts, run.witness));
            }
        }
    }
}
