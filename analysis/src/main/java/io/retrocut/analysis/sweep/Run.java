package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;

/**
 * A maximal run of consecutive violating cuts of one invariant within one time slice.
 *
 * @param start the HLC of the run's first violating cut
 * @param lastViolating the HLC of its last violating cut
 * @param end the HLC of the first following evaluated cut, which does not violate; null when the run reaches the
 *     slice's last evaluated cut (it may continue in the next slice)
 * @param cuts the number of violating cuts in the run
 * @param witness the first violating cut
 */
public record Run(Hlc start, Hlc lastViolating, Hlc end, long cuts, Witness witness) implements Serializable {
    public Run {
        requireNonNull(start, "start is null");
        requireNonNull(lastViolating, "lastViolating is null");
        requireNonNull(witness, "witness is null");
        if (cuts < 1) {
            throw new IllegalArgumentException("a run has at least one cut: " + cuts);
        }
        if (lastViolating.compareTo(start) < 0) {
            throw new IllegalArgumentException("run's last violating cut " + lastViolating + " is before its start " + start);
        }
        if (end != null && end.compareTo(lastViolating) <= 0) {
            throw new IllegalArgumentException("run's end " + end + " is not after its last violating cut " + lastViolating);
        }
    }

    /** Whether the run reaches the slice's last evaluated cut. */
    public boolean isOpen() {
        return end == null;
    }
}
