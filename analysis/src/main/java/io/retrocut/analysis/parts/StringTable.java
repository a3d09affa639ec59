package io.retrocut.analysis.parts;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One copy of each short string of a part: node names, keys, files and string values repeat, and one instance per
 * value lets the sweep compare them by identity first. Bounded, so a part of unique strings cannot fill the heap.
 * Not thread-safe; one per reader.
 */
final class StringTable {
    private static final int MAX_BYTES = 64;
    private static final int MAX_ENTRIES = 100_000;
    private final Map<String, String> strings = new HashMap<>();

    /** The UTF-8 string in {@code bytes[at, at + length)}, the table's copy when it is short. */
    String intern(byte[] bytes, int at, int length) {
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        if (length > MAX_BYTES) {
            return value;
        }
        String known = strings.get(value);
        if (known != null) {
            return known;
        }
        if (strings.size() < MAX_ENTRIES) {
            strings.put(value, value);
        }
        return value;
    }
}
