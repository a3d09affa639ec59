package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Whole-key conveniences over {@link CutSweep}, {@link SliceSweeper} and {@link IntervalMerger}: for tests, the
 * snapshot and replay commands, and data small enough not to slice.
 */
public final class KeySweep {
    private KeySweep() {}

    /**
     * Checks all of one key's events as a single slice.
     *
     * @param events the key's events, sorted by HLC
     * @param minDurationMs per invariant, the {@code for:} duration in milliseconds (0 = none); its length is the
     *     number of invariants
     */
    public static KeyOutcome check(String key, Variables variables, Iterator<SweepEvent> events, Window window,
            CutEvaluator evaluator, HlcUnit unit, long[] minDurationMs) {
        requireNonNull(minDurationMs, "minDurationMs is null");
        SliceOutcome slice = SliceSweeper.sweep(key, 0, variables, CutState.EMPTY, events, window, minDurationMs.length, evaluator);
        return IntervalMerger.merge(key, List.of(slice), unit, minDurationMs);
    }

    /**
     * The consistent state of one key at {@code at}: the cut of the last distinct HLC at or before {@code at}
     * ({@link CutState#EMPTY} when there is none). Reads events only up to the first one after {@code at}.
     */
    public static CutState snapshot(String key, Variables variables, Iterator<SweepEvent> events, Hlc at) {
        requireNonNull(at, "at is null");
        return CutState.EMPTY.apply(StateDelta.of(key, variables, new UpTo(events, at)));
    }

    /** The events up to and including {@code last}; stops before the first later event. */
    private static final class UpTo implements Iterator<SweepEvent> {
        private final Iterator<SweepEvent> events;
        private final Hlc last;
        private SweepEvent next;
        private boolean done;

        UpTo(Iterator<SweepEvent> events, Hlc last) {
            this.events = requireNonNull(events, "events is null");
            this.last = last;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done && events.hasNext()) {
                SweepEvent event = events.next();
                if (event.hlc().compareTo(last) <= 0) {
                    next = event;
                } else {
                    done = true;
                }
            }
            return next != null;
        }

        @Override
        public SweepEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SweepEvent event = next;
            next = null;
            return event;
        }
    }
}
