package io.retrocut.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event on its way through the ingest: filled by {@link EventParser} (names), completed with dictionary ids
 * and the final HLC, written to and read back from the {@link Spill}, then written to Parquet. Mutable and reused
 * line after line so that the per-line cost stays allocation-light; never shared between threads.
 */
final class EventRecord {
    static final byte LONG = 0;
    static final byte DOUBLE = 1;
    static final byte BOOLEAN = 2;
    static final byte STRING = 3;
    static final byte NULL = 4;

    String node;
    int nodeId;
    boolean hasHlc;
    long hlcL;
    int hlcC;
    boolean hasTs;
    long tsSecond;
    int tsNano;
    String key = "";
    int keyId;
    String type;
    int fileId;
    long line;

    int varCount;
    String[] varNames = new String[8];
    int[] varIds = new int[8];
    /** {@link #LONG}, {@link #DOUBLE}, {@link #BOOLEAN}, {@link #STRING} or {@link #NULL} (unset). */
    byte[] varTags = new byte[8];
    /** LONG: the value; BOOLEAN: 1 or 0. */
    long[] varLongs = new long[8];
    /** STRING: the value; DOUBLE: the number's JSON text (so a variable widened to string keeps it exactly). */
    String[] varTexts = new String[8];

    /**
     * A vector clock (ShiViz/GoVector logs): node → count of that node's events this event knows of, including its
     * own. Empty when the format has none. Used to derive a total order consistent with happens-before.
     */
    final Map<String, Long> vectorClock = new HashMap<>();

    boolean hasSend;
    final List<String> send = new ArrayList<>();
    boolean hasRecv;
    final List<String> recv = new ArrayList<>();
    /**
     * Set by {@link FastEventParser} when every id of {@link #send} and {@link #recv} is ASCII and written without
     * escapes: the line's bytes, in which {@link #sendSpans} and {@link #recvSpans} locate each id (start in the high
     * 32 bits, length in the low), and {@link #sendIds} and {@link #recvIds} then already hold the ids' partitions. For
     * ASCII, these bytes are both the ids' UTF-8 and {@link CausalLinks}' encoding, so the ingest thread copies them
     * instead of encoding strings; {@link #send} and {@link #recv} then hold a null per id (most ids are never needed
     * as strings: {@link #sendId} and {@link #recvId} make one). Valid only as long as the line's bytes; null
     * otherwise. In pass 2, the spilled record's bytes, where the ids are UTF-8 (see {@code Spill.Reader}).
     */
    byte[] idBytes;
    long[] sendSpans = new long[4];
    long[] recvSpans = new long[4];
    /**
     * The partitions {@link CausalLinks} put the ids of {@link #send} and {@link #recv} in, in the same order (pass 1
     * and the spill).
     */
    int[] sendIds = new int[4];
    int[] recvIds = new int[4];
    /** In the merge ({@link CausalLinks.Cursor}): each send's message key and how many receives name it. */
    long[] sendKeys = new long[4];
    int[] sendReceives = new int[4];
    /** In the merge: each receive's message key and whether an ingested event sends it. */
    long[] recvKeys = new long[4];
    boolean[] recvHasSend = new boolean[4];
    String extra;
    /**
     * {@link #extra} as UTF-8 in {@code extraBytes[0, extraLength)}, the form {@link FastEventParser} gives (and the
     * spill stores as it is); {@link #extra} is then null. -1 when the event has no extra in this form.
     */
    byte[] extraBytes = new byte[0];
    int extraLength = -1;

    void reset() {
        node = null;
        nodeId = -1;
        hasHlc = false;
        hlcL = 0;
        hlcC = 0;
        hasTs = false;
        tsSecond = 0;
        tsNano = 0;
        key = "";
        keyId = -1;
        type = null;
        varCount = 0;
        Arrays.fill(varTexts, null);
        hasSend = false;
        send.clear();
        hasRecv = false;
        recv.clear();
        extra = null;
        extraLength = -1;
        idBytes = null;
        vectorClock.clear();
    }

    boolean hasExtra() {
        return extra != null || extraLength >= 0;
    }

    /** {@link #extra}, from whichever form it has; null when the event has none. */
    String extraText() {
        return extra != null || extraLength < 0 ? extra
                : new String(extraBytes, 0, extraLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Send {@code index}'s id, made from {@link #idBytes} when the parser left it there. */
    String sendId(int index) {
        String id = send.get(index);
        return id != null ? id : idFromBytes(sendSpans[index]);
    }

    /** Receive {@code index}'s id, made from {@link #idBytes} when the parser left it there. */
    String recvId(int index) {
        String id = recv.get(index);
        return id != null ? id : idFromBytes(recvSpans[index]);
    }

    private String idFromBytes(long span) {
        // ASCII from the parser, UTF-8 from the spill: UTF-8 either way
        return new String(idBytes, (int) (span >>> 32), (int) span, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Turns ids left as {@link #idBytes} into strings in {@link #send} and {@link #recv}; idBytes is null after. */
    void idsAsStrings() {
        if (idBytes == null) {
            return;
        }
        for (int i = 0; i < send.size(); i++) {
            send.set(i, sendId(i));
        }
        for (int i = 0; i < recv.size(); i++) {
            recv.set(i, recvId(i));
        }
        idBytes = null;
    }

    /** Room for the span and partition of the send (or receive) at {@code index}. */
    void ensureSpan(boolean isSend, int index) {
        if (isSend && index >= sendSpans.length) {
            sendSpans = Arrays.copyOf(sendSpans, 2 * index);
        } else if (!isSend && index >= recvSpans.length) {
            recvSpans = Arrays.copyOf(recvSpans, 2 * index);
        }
        if (isSend && index >= sendIds.length) {
            sendIds = Arrays.copyOf(sendIds, 2 * index);
        } else if (!isSend && index >= recvIds.length) {
            recvIds = Arrays.copyOf(recvIds, 2 * index);
        }
    }

    /** Appends a variable assignment and returns its index. */
    int addVariable(String name, byte tag, long longValue, String text) {
        if (varCount == varNames.length) {
            int size = varCount * 2;
            varNames = Arrays.copyOf(varNames, size);
            varIds = Arrays.copyOf(varIds, size);
            varTags = Arrays.copyOf(varTags, size);
            varLongs = Arrays.copyOf(varLongs, size);
            varTexts = Arrays.copyOf(varTexts, size);
        }
        varNames[varCount] = name;
        varIds[varCount] = -1;
        varTags[varCount] = tag;
        varLongs[varCount] = longValue;
        varTexts[varCount] = text;
        return varCount++;
    }

    /** Makes the per-send and per-receive arrays at least as long as {@link #send} and {@link #recv}. */
    void ensureMessageIds() {
        int sends = send.size();
        if (sendIds.length < sends || sendKeys.length < sends) {
            int size = Math.max(sends, Math.max(sendIds.length, sendKeys.length) * 2);
            sendIds = Arrays.copyOf(sendIds, size);
            sendKeys = new long[size];
            sendReceives = new int[size];
        }
        int recvs = recv.size();
        if (recvIds.length < recvs || recvKeys.length < recvs) {
            int size = Math.max(recvs, Math.max(recvIds.length, recvKeys.length) * 2);
            recvIds = Arrays.copyOf(recvIds, size);
            recvKeys = new long[size];
            recvHasSend = new boolean[size];
        }
    }

    /** The {@code ts} as epoch microseconds (floor), for the {@code ts} column. */
    long tsMicros() {
        return Math.addExact(Math.multiplyExact(tsSecond, 1_000_000L), tsNano / 1_000);
    }
}
