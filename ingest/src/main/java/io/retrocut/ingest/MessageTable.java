package io.retrocut.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Message id → {@link CausalLinks.Message}, for the millions of ids of a large dump. Short ASCII ids (1 to 15
 * characters, e.g. {@code m1675434}) are stored inline as two longs in an open-addressing table with linear probing,
 * so a lookup touches one or two cache lines instead of a hash map's node, key string and its bytes, and no id
 * string stays alive; other ids go to a plain {@link HashMap}. Not thread-safe.
 */
final class MessageTable {
    private static final int INITIAL_SLOTS = 1 << 14;

    /** Two longs per slot: length and characters 0-6, characters 7-14; a first long of 0 is an empty slot. */
    private long[] keys = new long[2 * INITIAL_SLOTS];
    private CausalLinks.Message[] values = new CausalLinks.Message[INITIAL_SLOTS];
    private int mask = INITIAL_SLOTS - 1;
    private int inline;
    private final Map<String, CausalLinks.Message> others = new HashMap<>();

    /** The encoded key of the last {@link #encode} call. */
    private long first;
    private long second;
    private boolean added;

    /** The message with this id, or null. */
    CausalLinks.Message get(String id) {
        if (!encode(id)) {
            return others.get(id);
        }
        int slot = find(first, second);
        return slot >= 0 ? values[slot] : null;
    }

    /** The message with this id, added (empty) when there is none; {@link #added()} tells which. */
    CausalLinks.Message getOrAdd(String id) {
        if (!encode(id)) {
            CausalLinks.Message message = others.get(id);
            added = message == null;
            if (added) {
                message = new CausalLinks.Message();
                others.put(id, message);
            }
            return message;
        }
        int slot = find(first, second);
        added = slot < 0;
        if (!added) {
            return values[slot];
        }
        CausalLinks.Message message = new CausalLinks.Message();
        slot = -1 - slot;
        keys[2 * slot] = first;
        keys[2 * slot + 1] = second;
        values[slot] = message;
        if (++inline > (mask + 1) / 2) {
            grow();
        }
        return message;
    }

    /** Whether the last {@link #getOrAdd} added the message. */
    boolean added() {
        return added;
    }

    void remove(String id) {
        if (!encode(id)) {
            others.remove(id);
            return;
        }
        int slot = find(first, second);
        if (slot >= 0) {
            removeAt(slot);
            inline--;
        }
    }

    int size() {
        return inline + others.size();
    }

    /** Encodes a short ASCII id into {@link #first}/{@link #second}; false for other ids. */
    private boolean encode(String id) {
        int length = id.length();
        if (length == 0 || length > 15) {
            return false;
        }
        long a = length;
        long b = 0;
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c > 0x7F) {
                return false;
            }
            if (i < 7) {
                a |= (long) c << (8 * (i + 1));
            } else {
                b |= (long) c << (8 * (i - 7));
            }
        }
        first = a;
        second = b;
        return true;
    }

    /** The slot holding the key, or {@code -1 - slot} of the empty slot where it would go. */
    private int find(long a, long b) {
        int slot = hash(a, b) & mask;
        while (true) {
            long key = keys[2 * slot];
            if (key == 0) {
                return -1 - slot;
            }
            if (key == a && keys[2 * slot + 1] == b) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Backward-shift deletion: later entries of the probe run move up so that no lookup stops early. */
    private void removeAt(int slot) {
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            long a = keys[2 * next];
            if (a == 0) {
                break;
            }
            int home = hash(a, keys[2 * next + 1]) & mask;
            // the entry at next may fill the hole unless its home lies cyclically in (hole, next]
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                keys[2 * hole] = a;
                keys[2 * hole + 1] = keys[2 * next + 1];
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[2 * hole] = 0;
        keys[2 * hole + 1] = 0;
        values[hole] = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        CausalLinks.Message[] oldValues = values;
        int slots = oldValues.length * 2;
        keys = new long[2 * slots];
        values = new CausalLinks.Message[slots];
        mask = slots - 1;
        for (int i = 0; i < oldValues.length; i++) {
            long a = oldKeys[2 * i];
            if (a != 0) {
                int slot = -1 - find(a, oldKeys[2 * i + 1]);
                keys[2 * slot] = a;
                keys[2 * slot + 1] = oldKeys[2 * i + 1];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int hash(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }
}
