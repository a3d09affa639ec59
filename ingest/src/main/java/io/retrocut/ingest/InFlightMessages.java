package io.retrocut.ingest;

/**
 * The merge's per-message state, for the messages in flight only: a message enters when its send is ordered (or a
 * receive is ordered before it, after a deadlock) and leaves when its send and every receive are ordered. An
 * open-addressing map from message key ({@link CausalLinks.Cursor}) to the send's state and HLC and the receives
 * still to order; 25 bytes per slot, at most three quarters full. Slot numbers are valid until the next
 * {@link #put} or {@link #remove}. Not thread-safe.
 */
final class InFlightMessages {
    static final byte SENT = 1;
    static final byte LOST = 2;

    private long[] keys = new long[1 << 8];
    private boolean[] used = new boolean[1 << 8];
    private byte[] states = new byte[1 << 8];
    private long[] sentL = new long[1 << 8];
    private int[] sentC = new int[1 << 8];
    /** Receives still to order; below 0 while receives were ordered before the send (which adds its count). */
    private int[] remaining = new int[1 << 8];
    private int size;
    private int peak;

    /** The slot of {@code key}, -1 when the message is not in flight. */
    int find(long key) {
        int mask = keys.length - 1;
        for (int slot = slot(key, mask); used[slot]; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    /** The slot of {@code key}, adding it (no state, nothing remaining) when it is not in flight. */
    int put(long key) {
        int mask = keys.length - 1;
        int slot = slot(key, mask);
        for (; used[slot]; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        if (size + 1 > keys.length - (keys.length >>> 2)) {
            grow();
            return put(key);
        }
        used[slot] = true;
        keys[slot] = key;
        states[slot] = 0;
        sentL[slot] = 0;
        sentC[slot] = 0;
        remaining[slot] = 0;
        size++;
        peak = Math.max(peak, size);
        return slot;
    }

    byte state(int slot) {
        return states[slot];
    }

    void state(int slot, byte state) {
        states[slot] = state;
    }

    long sentL(int slot) {
        return sentL[slot];
    }

    int sentC(int slot) {
        return sentC[slot];
    }

    void sent(int slot, long l, int c) {
        states[slot] = SENT;
        sentL[slot] = l;
        sentC[slot] = c;
    }

    int remaining(int slot) {
        return remaining[slot];
    }

    void remaining(int slot, int value) {
        remaining[slot] = value;
    }

    /** Removes the message in {@code slot} (backward-shift deletion keeps every probe chain intact). */
    void remove(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (used[next]) {
            int home = slot(keys[next], mask);
            // move next into the hole unless its home lies cyclically in (hole, next]
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                move(next, hole);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        used[hole] = false;
        size--;
    }

    /** Messages in flight. */
    int size() {
        return size;
    }

    /** The most messages in flight at once. */
    int peak() {
        return peak;
    }

    private void move(int from, int to) {
        keys[to] = keys[from];
        states[to] = states[from];
        sentL[to] = sentL[from];
        sentC[to] = sentC[from];
        remaining[to] = remaining[from];
        used[to] = true;
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        byte[] oldStates = states;
        long[] oldL = sentL;
        int[] oldC = sentC;
        int[] oldRemaining = remaining;
        int capacity = keys.length * 2;
        keys = new long[capacity];
        used = new boolean[capacity];
        states = new byte[capacity];
        sentL = new long[capacity];
        sentC = new int[capacity];
        remaining = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (!oldUsed[i]) {
                continue;
            }
            int slot = slot(oldKeys[i], mask);
            while (used[slot]) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keys[slot] = oldKeys[i];
            states[slot] = oldStates[i];
            sentL[slot] = oldL[i];
            sentC[slot] = oldC[i];
            remaining[slot] = oldRemaining[i];
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
