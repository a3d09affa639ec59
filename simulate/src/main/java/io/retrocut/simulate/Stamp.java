package io.retrocut.simulate;

/**
 * A hybrid logical clock value as the simulator hands it out: physical part {@code l} in milliseconds since the Unix
 * epoch, logical counter {@code c}; ordered by {@code (l, c)}.
 */
public record Stamp(long l, int c) implements Comparable<Stamp> {
    public Stamp {
        if (l < 0) {
            throw new IllegalArgumentException("physical part is negative: " + l);
        }
        if (c < 0) {
            throw new IllegalArgumentException("logical counter is negative: " + c);
        }
    }

    @Override
    public int compareTo(Stamp other) {
        int byL = Long.compare(l, other.l);
        return byL != 0 ? byL : Integer.compare(c, other.c);
    }

    @Override
    public String toString() {
        return l + "." + c;
    }
}
