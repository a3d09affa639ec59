package io.retrocut.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * TEMPORARY — replaced when the vector-clock reconstruction (branch {@code clocks}) lands.
 *
 * <p>Events of vector-clock logs (ShiViz, GoVector) have neither an HLC nor a wall-clock time. Until their HLC is
 * derived from the vector clocks (a total order consistent with happens-before), each gets the HLC
 * {@code (0, n)} where {@code n} counts that node's events (1, 2, ...). This keeps every node's own order and lets
 * such logs be ingested, but it orders nothing across nodes: cuts over these events are not consistent yet.
 */
final class VectorClockFallback {
    private final Map<String, Integer> counters = new HashMap<>();

    /** Gives a vector-clock-only event its placeholder HLC; other events are left alone. */
    void apply(EventRecord event) {
        if (event.hasHlc || event.hasTs || event.vectorClock.isEmpty()) {
            return;
        }
        event.hlcL = 0;
        event.hlcC = counters.merge(event.node, 1, Integer::sum);
        event.hasHlc = true;
    }
}
