package io.retrocut.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small direct-mapped cache from UTF-8 bytes to their {@link String}, for the strings that repeat line after line
 * (nodes, keys, event types, variable names, enum-like values): a hit costs a hash and a compare instead of a decode
 * and an allocation, and returns the same instance, whose cached hash code makes the dictionary lookups downstream
 * cheap. Bounded: a miss replaces the slot's entry. Not thread-safe.
 *
 * <p>Most such strings are at most 16 bytes: those are read as two 64-bit words, which are both their hash's input
 * and their key, so a lookup reads a handful of words instead of looping over bytes.
 */
final class StringCache {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int WORDS_BYTES = 2 * Long.BYTES;

    private final int maxLength;
    private final int mask;
    /** Per slot: the length of its string, and its first two words (zero-padded); -1 for an empty slot. */
    private final int[] lengths;
    private final long[] firstWords;
    private final long[] secondWords;
    /** Per slot holding a string longer than two words: its bytes. */
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
        this.lengths = new int[slots];
        Arrays.fill(lengths, -1);
        this.firstWords = new long[slots];
        this.secondWords = new long[slots];
        this.keys = new byte[slots][];
        this.values = new String[slots];
    }

    /** The string of {@code bytes[from, from + length)}, which must be valid UTF-8. */
    String get(byte[] bytes, int from, int length) {
        if (length > maxLength) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        long first = word(bytes, from, Math.min(length, Long.BYTES));
        long second = length > Long.BYTES ? word(bytes, from + Long.BYTES, Math.min(length, WORDS_BYTES) - Long.BYTES)
                : 0;
        long hash = first * 0x9E3779B97F4A7C15L ^ second * 0xC2B2AE3D27D4EB4FL ^ length;
        for (int at = from + WORDS_BYTES; at < from + length; at += Long.BYTES) {
            hash = (hash ^ word(bytes, at, Math.min(Long.BYTES, from + length - at))) * 0xBF58476D1CE4E5B9L;
        }
        hash ^= hash >>> 29;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        if (lengths[slot] == length && firstWords[slot] == first && secondWords[slot] == second
                && (length <= WORDS_BYTES || Arrays.equals(keys[slot], 0, length, bytes, from, from + length))) {
            return values[slot];
        }
        String value = new String(bytes, from, length, StandardCharsets.UTF_8);
        lengths[slot] = length;
        firstWords[slot] = first;
        secondWords[slot] = second;
        keys[slot] = length > WORDS_BYTES ? Arrays.copyOfRange(bytes, from, from + length) : null;
        values[slot] = value;
        return value;
    }

    /** The {@code count} (0 to 8) bytes from {@code from} as a little-endian word, zero above them. */
    private static long word(byte[] bytes, int from, int count) {
        if (count <= 0) {
            return 0;
        }
        if (from + Long.BYTES <= bytes.length) {
            long word = (long) LONGS.get(bytes, from);
            return count == Long.BYTES ? word : word & ((1L << (count << 3)) - 1);
        }
        long word = 0;
        for (int i = from + count - 1; i >= from; i--) {
            word = word << 8 | (bytes[i] & 0xFF);
        }
        return word;
    }
}
