package io.retrocut.analysis.sweep;

import io.retrocut.events.Hlc;
import java.io.Serializable;

/**
 * The cuts to evaluate: those with HLC {@code t} in {@code [from, to]}, both bounds inclusive; a null bound is
 * unbounded. Events before {@code from} still build the state.
 */
public record Window(Hlc from, Hlc to) implements Serializable {
    /** Every cut. */
    public static final Window ALL = new Window(null, null);

    public Window {
        if (from != null && to != null && to.compareTo(from) < 0) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public boolean contains(Hlc hlc) {
        return (from == null || from.compareTo(hlc) <= 0) && (to == null || hlc.compareTo(to) <= 0);
    }
}
