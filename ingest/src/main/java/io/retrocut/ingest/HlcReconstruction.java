package io.retrocut.ingest;

import io.retrocut.events.Hlc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives HLCs for events that have only a wall-clock {@code ts}, with the update rules of Kulkarni et al. 2014
 * ("Logical Physical Clocks"), applied as one streaming pass in log order:
 * <ul>
 *   <li>local or send event at physical time {@code pt}: {@code l' = max(l, pt)}, {@code c' = l' == l ? c + 1 : 0};
 *   <li>receive of message {@code m} whose send was already seen: {@code l' = max(l, l_m, pt)}, {@code c'} is
 *       {@code max(c, c_m) + 1} if {@code l' == l == l_m}, {@code c + 1} if only {@code l' == l}, {@code c_m + 1}
 *       if only {@code l' == l_m}, else 0;
 *   <li>a receive whose send has not been seen yet is treated as a local event.
 * </ul>
 * Events that carry an {@code hlc} keep it; it still advances the node's clock and stamps the messages it sends.
 *
 * <p>Memory: one entry per message that was sent but not received yet (a receive consumes the entry; the canonical
 * format's messages are point-to-point). A later version replaces this pass with full causal-order processing,
 * which also handles receives logged before their sends.
 */
final class HlcReconstruction {
    private final Map<String, Hlc> inFlight = new HashMap<>();

    /**
     * The HLC of a {@code ts}-only event.
     *
     * @param previous the node's last HLC, or null for its first event
     * @param physicalTime the event's {@code ts} in the dataset's HLC unit, non-negative
     * @param receives ids of the messages the event receives
     * @throws ArithmeticException when the logical counter would exceed {@link Integer#MAX_VALUE}
     */
    Hlc next(Hlc previous, long physicalTime, List<String> receives) {
        long l = previous == null ? -1 : previous.l();
        int c = previous == null ? 0 : previous.c();
        long newL = Math.max(l, physicalTime);
        int newC = newL == l ? Math.addExact(c, 1) : 0;
        for (String id : receives) {
            Hlc message = inFlight.get(id);
            if (message == null) {
                continue;
            }
            // fold each received message in turn: l' = max(l, l_m, pt) with the paper's counter rule
            long before = newL;
            int beforeC = newC;
            long merged = Math.max(before, message.l());
            if (merged == before && merged == message.l()) {
                newC = Math.max(beforeC, Math.addExact(message.c(), 1));
            } else if (merged == message.l()) {
                newC = Math.addExact(message.c(), 1);
            }
            newL = merged;
        }
        return new Hlc(newL, newC);
    }

    /** Records that events stamped {@code hlc} sent {@code sends} and received {@code receives}. */
    void record(Hlc hlc, List<String> sends, List<String> receives) {
        for (String id : receives) {
            inFlight.remove(id);
        }
        for (String id : sends) {
            inFlight.put(id, hlc);
        }
    }

    /** Messages sent but not yet received. */
    int inFlight() {
        return inFlight.size();
    }
}
