package io.retrocut.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What pass 1 learns about the links between events, for {@link HlcReconstruction}: every message id with where it
 * was sent and how many receives name it, and the node names that vector clocks use.
 *
 * <p>Every distinct message id gets a dense number (0, 1, 2, … in order of first appearance) that pass 1 stores with
 * the event ({@link EventRecord#sendIds}, {@link EventRecord#recvIds}) and spills, so that the merge of pass 2 finds a
 * message by indexing arrays instead of hashing its id again. The table holds no object per message (a million ids
 * as objects kept the garbage collector copying them): ASCII ids (the common case) are kept as bytes in one array and
 * found through hash chains of numbers in int arrays; other ids go to a plain map, which keeps {@link String} equality
 * exact for any id. Ids usually end in a counter ({@code m1}, {@code m2}, …): the bucket is a hash of the rest plus
 * the counter's value, so ids that count up fill consecutive buckets, and the receives of a node's file, which name
 * messages in about the order they were sent, walk the table and the per-message arrays instead of missing the cache
 * at every id (as {@link String#hashCode} buckets do: consecutive ids lie thousands of buckets apart).
 *
 * <p>Memory: about 60 bytes per distinct message id (sent or received) — deciding that a receive's send is missing
 * anywhere in the input needs the whole set — and one entry per distinct vector-clock node name. {@link
 * #endOfInput()} releases the lookup by id once pass 1 is done; the per-message state stays for the merge. Not
 * thread-safe.
 */
final class CausalLinks {
    private static final byte SENT = 1;
    private static final byte LOST = 2;
    private static final byte DONE = 4;

    // lookup by id (pass 1)
    /** The first message number + 1 of each bucket's chain, 0 for none; the length is a power of two. */
    private int[] buckets = new int[1 << 8];
    /** The next message number + 1 in the same bucket's chain, 0 at its end. */
    private int[] chains = new int[256];
    private int[] hashes = new int[256];
    /** The ASCII ids' bytes, one after another. */
    private byte[] keyBytes = new byte[1 << 12];
    private int keyEnd;
    /** Where each id's bytes start in {@link #keyBytes}; -1 for an id that is not ASCII (in {@link #otherIds}). */
    private int[] keyStarts = new int[256];
    private int[] keyLengths = new int[256];
    private final Map<String, Integer> otherIds = new HashMap<>();
    private boolean lookupReleased;

    // per message, by number
    private int size;
    /** The file id of the send's line, -1 while no ingested event sends it. */
    private int[] sendFiles = new int[256];
    private long[] sendLines = new long[256];
    /** Receives not yet ordered by the merge. */
    private int[] receives = new int[256];
    private byte[] states = new byte[256];
    /** The HLC the send was stamped with, once it is ordered. */
    private long[] sentL = new long[256];
    private int[] sentC = new int[256];
    /** Messages the merge is not done with. */
    private int live;

    private final Map<String, Integer> clockNameIds = new HashMap<>();
    private final List<String> clockNames = new ArrayList<>();
    private final List<String> clockNamesFirstSeen = new ArrayList<>();

    /**
     * Records an event's sends and receives, numbering their ids into {@code event.sendIds} and
     * {@code event.recvIds}, unless one of its sends was sent before (SPEC §8), by an earlier line or twice by this
     * one: then nothing is recorded and the reason is returned. One table lookup per id.
     */
    String checkAndRecord(EventRecord event, int fileId, long line, List<String> fileNames) {
        List<String> sends = event.send;
        List<String> recvs = event.recv;
        event.ensureMessageIds();
        int before = size;
        for (int i = 0; i < sends.size(); i++) {
            String id = sends.get(i);
            int message = intern(id);
            event.sendIds[i] = message;
            String reason = null;
            if (sendFiles[message] >= 0) {
                reason = duplicate(id, fileNames.get(sendFiles[message]) + ":" + sendLines[message]);
            } else {
                for (int k = 0; k < i; k++) {
                    if (event.sendIds[k] == message) {
                        reason = duplicate(id, fileNames.get(fileId) + ":" + line);
                        break;
                    }
                }
            }
            if (reason != null) {
                truncate(before);
                return reason;
            }
        }
        for (int i = 0; i < sends.size(); i++) {
            sendFiles[event.sendIds[i]] = fileId;
            sendLines[event.sendIds[i]] = line;
        }
        for (int i = 0; i < recvs.size(); i++) {
            int message = intern(recvs.get(i));
            event.recvIds[i] = message;
            receives[message]++;
        }
        return null;
    }

    private static String duplicate(String id, String firstSent) {
        return "duplicate message id '" + id + "' (first sent at " + firstSent + ")";
    }

    /** Records an event's sends and receives without checking them (for tests that build links directly). */
    void record(List<String> sends, List<String> recvs, int fileId, long line) {
        for (String id : sends) {
            int message = intern(id);
            sendFiles[message] = fileId;
            sendLines[message] = line;
        }
        for (String id : recvs) {
            receives[intern(id)]++;
        }
    }

    /** The number of message id {@code id}, -1 when no ingested event names it. */
    int find(String id) {
        if (lookupReleased) {
            throw new IllegalStateException("the lookup by message id was released");
        }
        int hash = hash(id);
        if (!isAscii(id)) {
            Integer number = otherIds.get(id);
            return number == null ? -1 : number;
        }
        for (int next = buckets[bucket(hash)]; next != 0; next = chains[next - 1]) {
            int number = next - 1;
            if (hashes[number] == hash && matches(number, id)) {
                return number;
            }
        }
        return -1;
    }

    /** Releases the lookup by id (pass 1 is over); the merge works with the numbers only. */
    void endOfInput() {
        lookupReleased = true;
        buckets = null;
        chains = null;
        hashes = null;
        keyBytes = null;
        keyStarts = null;
        keyLengths = null;
        otherIds.clear();
    }

    /** The send of message {@code message} is an ingested event. */
    boolean hasSend(int message) {
        return sendFiles[message] >= 0;
    }

    int sendFile(int message) {
        return sendFiles[message];
    }

    long sendLine(int message) {
        return sendLines[message];
    }

    /** The send was ordered and stamped {@link #sentL}, {@link #sentC}. */
    boolean sent(int message) {
        return (states[message] & SENT) != 0;
    }

    /** The send's line was quarantined by the merge: its receives have no send. */
    boolean lost(int message) {
        return (states[message] & LOST) != 0;
    }

    long sentL(int message) {
        return sentL[message];
    }

    int sentC(int message) {
        return sentC[message];
    }

    /** Marks the send ordered with HLC {@code (l, c)}. */
    void markSent(int message, long l, int c) {
        states[message] |= SENT;
        sentL[message] = l;
        sentC[message] = c;
    }

    void markLost(int message) {
        states[message] |= LOST;
    }

    /** Receives of {@code message} not ordered yet. */
    int receives(int message) {
        return receives[message];
    }

    /** Counts one receive of {@code message} as ordered; the message must not be done with. */
    void received(int message) {
        if ((states[message] & DONE) != 0 || receives[message] == 0) {
            throw new IllegalStateException("message " + message + " has no receive left to order");
        }
        receives[message]--;
    }

    /** The merge is done with {@code message}: its send (if any) and every receive are ordered. */
    void forget(int message) {
        if ((states[message] & DONE) == 0) {
            states[message] |= DONE;
            live--;
        }
    }

    /** Messages the merge is not done with. */
    int messages() {
        return live;
    }

    /** The dense id of a vector-clock node name, registering it as first seen at {@code file:line}. */
    int clockNameId(String name, String file, long line) {
        Integer id = clockNameIds.get(name);
        if (id == null) {
            id = clockNames.size();
            clockNameIds.put(name, id);
            clockNames.add(name);
            clockNamesFirstSeen.add(file + ":" + line);
        }
        return id;
    }

    /** Vector-clock node names by id. */
    List<String> clockNames() {
        return clockNames;
    }

    /** Where each vector-clock node name was first seen ({@code file:line}), by id. */
    List<String> clockNamesFirstSeen() {
        return clockNamesFirstSeen;
    }

    boolean hasVectorClocks() {
        return !clockNames.isEmpty();
    }

    /** The number of message id {@code id}, numbering it if it is new. */
    private int intern(String id) {
        if (lookupReleased) {
            throw new IllegalStateException("the lookup by message id was released");
        }
        int hash = hash(id);
        if (!isAscii(id)) {
            Integer number = otherIds.get(id);
            if (number != null) {
                return number;
            }
            int created = add(hash);
            otherIds.put(id, created);
            keyStarts[created] = -1;
            return created;
        }
        int bucket = bucket(hash);
        for (int next = buckets[bucket]; next != 0; next = chains[next - 1]) {
            int number = next - 1;
            if (hashes[number] == hash && matches(number, id)) {
                return number;
            }
        }
        int created = add(hash);
        int length = id.length();
        if ((long) keyEnd + length > keyBytes.length) {
            keyBytes = Arrays.copyOf(keyBytes, grow(keyBytes.length, (long) keyEnd + length, "bytes of distinct message ids"));
        }
        for (int i = 0; i < length; i++) {
            keyBytes[keyEnd + i] = (byte) id.charAt(i);
        }
        keyStarts[created] = keyEnd;
        keyLengths[created] = length;
        keyEnd += length;
        chains[created] = buckets[bucket];
        buckets[bucket] = created + 1;
        if (size > buckets.length - (buckets.length >>> 2) && buckets.length < MAX_BUCKETS) {
            rehash(buckets.length * 2);
        }
        return created;
    }

    /** The largest array length the JVM allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Buckets stop doubling here (more ids only lengthen the chains): the next power of two is no array length. */
    private static final int MAX_BUCKETS = 1 << 30;

    /**
     * A new length for an array of {@code current} entries that must hold {@code needed}: double, up to the largest
     * array (doubling past 2^30 would overflow an int).
     *
     * @throws IllegalStateException when {@code needed} is beyond any array: the input has more message ids than
     *     this table can hold
     */
    static int grow(int current, long needed, String what) {
        if (needed > MAX_ARRAY) {
            throw new IllegalStateException("the message-id table is full: " + needed + " " + what + " are more than an array holds ("
                    + MAX_ARRAY + ")");
        }
        return (int) Math.min(MAX_ARRAY, Math.max(2L * current, needed));
    }

    /** A new message with no send and no receive yet. */
    private int add(int hash) {
        if (size == sendFiles.length) {
            int capacity = grow(size, size + 1L, "distinct message ids");
            hashes = Arrays.copyOf(hashes, capacity);
            chains = Arrays.copyOf(chains, capacity);
            keyStarts = Arrays.copyOf(keyStarts, capacity);
            keyLengths = Arrays.copyOf(keyLengths, capacity);
            sendFiles = Arrays.copyOf(sendFiles, capacity);
            sendLines = Arrays.copyOf(sendLines, capacity);
            receives = Arrays.copyOf(receives, capacity);
            states = Arrays.copyOf(states, capacity);
            sentL = Arrays.copyOf(sentL, capacity);
            sentC = Arrays.copyOf(sentC, capacity);
        }
        int number = size++;
        hashes[number] = hash;
        sendFiles[number] = -1;
        live++;
        return number;
    }

    /** Forgets the messages numbered from {@code newSize} on (those the rejected event created). */
    private void truncate(int newSize) {
        while (size > newSize) {
            size--;
            live--;
            if (keyStarts[size] < 0) {
                otherIds.values().remove(Integer.valueOf(size));
            } else {
                keyEnd = keyStarts[size];
                unlink(size);
            }
        }
    }

    /** Takes the newest message of its bucket's chain out of it (the newest is always at the head). */
    private void unlink(int number) {
        int bucket = bucket(hashes[number]);
        if (buckets[bucket] != number + 1) {
            throw new IllegalStateException("message " + number + " is not the newest of its bucket");
        }
        buckets[bucket] = chains[number];
    }

    private void rehash(int capacity) {
        buckets = new int[capacity];
        for (int number = 0; number < size; number++) {
            if (keyStarts[number] < 0) {
                continue;
            }
            int bucket = bucket(hashes[number]);
            chains[number] = buckets[bucket];
            buckets[bucket] = number + 1;
        }
    }

    private boolean matches(int number, String id) {
        int start = keyStarts[number];
        int length = id.length();
        if (start < 0 || keyLengths[number] != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (keyBytes[start + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private int bucket(int hash) {
        return hash & (buckets.length - 1);
    }

    /**
     * The id's hash: its trailing digits (at most nine) as a number, plus a well-mixed hash of the characters before
     * them and of how many digits there are. Consecutive counters give consecutive hashes.
     */
    static int hash(String id) {
        int end = id.length();
        int digits = end;
        while (digits > 0 && end - digits < 9) {
            char ch = id.charAt(digits - 1);
            if (ch < '0' || ch > '9') {
                break;
            }
            digits--;
        }
        int prefix = end - digits;
        for (int i = 0; i < digits; i++) {
            prefix = 31 * prefix + id.charAt(i);
        }
        int counter = 0;
        for (int i = digits; i < end; i++) {
            counter = 10 * counter + (id.charAt(i) - '0');
        }
        return prefix * 0x9E3779B9 + counter;
    }
}
