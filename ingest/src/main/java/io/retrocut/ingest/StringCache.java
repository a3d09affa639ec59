package io.retrocut.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small direct-mapped cache from UTF-8 bytes to their {@link String}, for the strings that repeat line after line
 * (nodes, keys, event types, variable names, enum-like values): a hit costs a hash and a compare instead of a decode
 * and an allocation, and returns the same instance, whose cached hash code makes the dictionary lookups downstream
 * cheap. Bounded: a miss replaces the slot's entry. Not thread-safe.
 */
final class StringCache {
    private final int maxLength;
    private final int mask;
    private final byte[][] keys;
    private final String[] values;

    /**
     * @param slots a power of two
     * @param maxLength longer strings are decoded every time and never cached
     */
    StringCache(int slots, int maxLength) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.maxLength = maxLength;
        this.mask = slots - 1;
        this.keys = new byte[slots][];
        this.values = new String[slots];
    }

    /** The string of {@code bytes[from, from + length)}, which must be valid UTF-8. */
    String get(byte[] bytes, int from, int length) {
        if (length > maxLength) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash ^ (hash >>> 15)) & mask;
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, from, from + length)) {
            return values[slot];
        }
        String value = new String(bytes, from, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, from, from + length);
        values[slot] = value;
        return value;
    }
}
