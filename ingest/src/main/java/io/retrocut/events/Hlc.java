package io.retrocut.events;

import java.io.Serializable;

/**
 * A hybrid logical clock value: physical part {@code l} (in the dataset's {@link HlcUnit}, milliseconds since the
 * Unix epoch by default) and logical counter {@code c}. Ordered lexicographically by {@code (l, c)}.
 */
public record Hlc(long l, int c) implements Comparable<Hlc>, Serializable {
    public static final Hlc ZERO = new Hlc(0, 0);

    public Hlc {
        if (l < 0) {
            throw new IllegalArgumentException("physical part is negative: " + l);
        }
        if (c < 0) {
            throw new IllegalArgumentException("logical counter is negative: " + c);
        }
    }

    /** The packed 48/16 form of SPEC §2: {@code l = v >> 16}, {@code c = v & 0xFFFF}. */
    public static Hlc unpack(long packed) {
        if (packed < 0) {
            throw new IllegalArgumentException("packed HLC is negative: " + packed);
        }
        return new Hlc(packed >>> 16, (int) (packed & 0xFFFF));
    }

    /** Parses the {@code l.c} text form, e.g. {@code 1763800000009.1}; a bare {@code l} means {@code l.0}. */
    public static Hlc parse(String text) {
        int dot = text.indexOf('.');
        try {
            if (dot < 0) {
                return new Hlc(Long.parseLong(text), 0);
            }
            return new Hlc(Long.parseLong(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an HLC of the form l.c: '" + text + "'", e);
        }
    }

    public static int compare(long l1, int c1, long l2, int c2) {
        int byL = Long.compare(l1, l2);
        return byL != 0 ? byL : Integer.compare(c1, c2);
    }

    @Override
    public int compareTo(Hlc other) {
        return compare(l, c, other.l, other.c);
    }

    public boolean isBefore(Hlc other) {
        return compareTo(other) < 0;
    }

    /** The next HLC value after this one at the same physical part. */
    public Hlc tick() {
        return new Hlc(l, c + 1);
    }

    @Override
    public String toString() {
        return l + "." + c;
    }
}
