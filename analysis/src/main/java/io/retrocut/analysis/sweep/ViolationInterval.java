package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;

/**
 * A maximal run of consecutive violating cuts of one key (SPEC §3).
 *
 * @param key the key
 * @param start the HLC of the first violating cut
 * @param end the HLC of the first following cut that does not violate (exclusive); null when open, i.e. the run
 *     reaches the last cut considered
 * @param durationMs {@code end.l − start.l} (open: {@code last violating cut.l − start.l}) in milliseconds, rounded
 *     toward zero
 * @param cuts the number of violating cuts
 * @param witness the first violating cut and the events that produced it
 */
public record ViolationInterval(String key, Hlc start, Hlc end, long durationMs, long cuts, Witness witness)
        implements Serializable {
    public ViolationInterval {
        requireNonNull(key, "key is null");
        requireNonNull(start, "start is null");
        requireNonNull(witness, "witness is null");
        if (end != null && end.compareTo(start) <= 0) {
            throw new IllegalArgumentException("interval ends (" + end + ") at or before it starts (" + start + ")");
        }
        if (durationMs < 0) {
            throw new IllegalArgumentException("durationMs is negative: " + durationMs);
        }
        if (cuts < 1) {
            throw new IllegalArgumentException("an interval has at least one cut: " + cuts);
        }
    }

    public boolean isOpen() {
        return end == null;
    }
}
