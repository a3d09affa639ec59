package io.retrocut.simulate;

/**
 * One node's hybrid logical clock, with the update rules of Kulkarni, Demirbas et al., "Logical Physical Clocks"
 * (2014), Figure 5. {@code pt} is the node's own (skewed) physical clock in milliseconds. Not thread-safe.
 */
public final class HybridClock {
    private long l;
    private int c;

    /** A send or local event: {@code l' := max(l, pt); c := l' = l ? c + 1 : 0}. */
    public Stamp tick(long pt) {
        long previous = l;
        l = Math.max(previous, pt);
        c = l == previous ? increment(c) : 0;
        return new Stamp(l, c);
    }

    /**
     * Receipt of a message stamped {@code m}: {@code l' := max(l, l_m, pt)}; {@code c} is {@code max(c, c_m) + 1},
     * {@code c + 1} or {@code c_m + 1} when {@code l'} equals both, only the old or only the message's {@code l}, else 0.
     */
    public Stamp receive(long pt, Stamp m) {
        long previous = l;
        l = Math.max(Math.max(previous, m.l()), pt);
        if (l == previous && l == m.l()) {
            c = increment(Math.max(c, m.c()));
        } else if (l == previous) {
            c = increment(c);
        } else if (l == m.l()) {
            c = increment(m.c());
        } else {
            c = 0;
        }
        return new Stamp(l, c);
    }

    public Stamp now() {
        return new Stamp(l, c);
    }

    private static int increment(int counter) {
        if (counter == Integer.MAX_VALUE) {
            throw new IllegalStateException("HLC logical counter overflow: more than 2^31 events within one millisecond");
        }
        return counter + 1;
    }
}
