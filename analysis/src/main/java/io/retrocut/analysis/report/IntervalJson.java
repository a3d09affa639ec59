package io.retrocut.analysis.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes violation intervals as the JSON of SPEC §5 straight from their {@link IntervalStore} records: the same text
 * {@link CheckReports}' Jackson generator wrote for the decoded interval, made without decoding it (no witness
 * objects, strings or generator calls). A check with millions of intervals spent seconds on one thread after its last
 * task decoding and generating them (a 10M-event check with seven invariants writes 316 MB).
 *
 * <p>Reads the record layout {@link IntervalStore} and {@link WitnessCodec} write, strings inline (an int, the length
 * + 1 or 0 for null, then UTF-8). Escapes strings as Jackson's default generator does: the quote, the backslash, and
 * control characters as {@code \b \t \n \f \r} or {@code \}{@code u00XX} (upper-case hex); everything else, non-ASCII
 * included, as it is. Not thread-safe.
 */
final class IntervalJson {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** The text is handed to the writer once this much is buffered, always after a whole interval. */
    private static final int FLUSH_AT = 1 << 16;
    private static final byte[] KEY = ascii("{\"key\":");
    private static final byte[] START = ascii(",\"start\":");
    private static final byte[] END = ascii(",\"end\":");
    private static final byte[] DURATION = ascii(",\"duration_ms\":");
    private static final byte[] CUTS = ascii(",\"cuts\":");
    private static final byte[] POSSIBLE = ascii(",\"certainty\":\"possible\"");
    private static final byte[] DEFINITE = ascii(",\"certainty\":\"definite\"");
    private static final byte[] NODES = ascii(",\"witness\":{\"nodes\":[");
    private static final byte[] FIRST_NODE = ascii("{\"node\":");
    private static final byte[] NEXT_NODE = ascii(",{\"node\":");
    private static final byte[] EVENTS = ascii("],\"events\":[");
    private static final byte[] EVENT_HLC = ascii(",\"hlc\":");
    private static final byte[] TYPE = ascii(",\"type\":");
    private static final byte[] FILE = ascii(",\"file\":");
    private static final byte[] LINE = ascii(",\"line\":");
    private static final byte[] EXTRA = ascii(",\"extra\":");
    private static final byte[] CLOSE = ascii("]}}");
    private static final byte[] HLC_L = ascii("{\"l\":");
    private static final byte[] HLC_C = ascii(",\"c\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));

    /** Exactly one of the two is set. */
    private final Writer out;
    private final OutputStream bytes;
    private byte[] text = new byte[2 * FLUSH_AT];
    private int length;
    private byte[] record;
    private int at;

    IntervalJson(Writer out) {
        this.out = out;
        this.bytes = null;
    }

    /** Writes the text to {@code bytes} as the UTF-8 it is made in. */
    IntervalJson(OutputStream bytes) {
        this.out = null;
        this.bytes = bytes;
    }

    /**
     * Appends the interval encoded in {@code record}, after a comma unless it is the first of its array.
     *
     * @param maxSkewMs the result's declared clock skew, or null (see {@link CheckResult#certainty})
     */
    void write(byte[] record, boolean first, Long maxSkewMs) throws IOException {
        this.record = record;
        at = 0;
        if (!first) {
            put((byte) ',');
        }
        put(KEY);
        string();
        put(START);
        hlc();
        put(END);
        hlc();
        long durationMs = readLong();
        put(DURATION);
        number(durationMs);
        put(CUTS);
        number(readLong());
        if (maxSkewMs != null) {
            put(durationMs < maxSkewMs ? POSSIBLE : DEFINITE);
        }
        put(NODES);
        int nodes = readInt();
        for (int node = 0; node < nodes; node++) {
            put(node == 0 ? FIRST_NODE : NEXT_NODE);
            string();
            int values = readInt();
            for (int value = 0; value < values; value++) {
                put((byte) ',');
                string();
                put((byte) ':');
                value();
            }
            put((byte) '}');
        }
        put(EVENTS);
        int events = readInt();
        for (int event = 0; event < events; event++) {
            put(event == 0 ? FIRST_NODE : NEXT_NODE);
            string();
            put(EVENT_HLC);
            hlc();
            put(TYPE);
            string();
            put(FILE);
            string();
            put(LINE);
            number(readLong());
            int extra = readInt() - 1;
            if (extra >= 0) {
                // the event's unknown fields, already JSON text
                put(EXTRA);
                copy(extra);
            }
            put((byte) '}');
        }
        put(CLOSE);
        if (at != record.length) {
            throw new IOException("a stored interval has " + (record.length - at) + " bytes left after its witness");
        }
        this.record = null;
        if (length >= FLUSH_AT) {
            flush();
        }
    }

    /** Hands what is buffered to the writer. */
    void flush() throws IOException {
        if (length > 0) {
            if (bytes != null) {
                bytes.write(text, 0, length);
            } else {
                out.write(new String(text, 0, length, StandardCharsets.UTF_8));
            }
            length = 0;
        }
    }

    private void hlc() throws IOException {
        if (readByte() == 0) {
            put(NULL);
            return;
        }
        put(HLC_L);
        number(readLong());
        put(HLC_C);
        number(readInt());
        put((byte) '}');
    }

    /** A value as {@link WitnessCodec#writeValue} tags it. */
    private void value() throws IOException {
        byte tag = readByte();
        switch (tag) {
            case WitnessCodec.NULL -> put(NULL);
            case WitnessCodec.LONG -> number(readLong());
            case WitnessCodec.DOUBLE -> {
                double value = Double.longBitsToDouble(readLong());
                // Jackson quotes NaN and the infinities (QUOTE_NON_NUMERIC_NUMBERS) and writes Double.toString
                put(ascii(Double.isFinite(value) ? Double.toString(value) : "\"" + value + "\""));
            }
            case WitnessCodec.BOOLEAN -> put(readByte() != 0 ? TRUE : FALSE);
            case WitnessCodec.STRING -> string();
            default -> throw new IOException("corrupt value tag " + tag + " in a stored interval");
        }
    }

    /** A string (or null) as a JSON string. */
    private void string() throws IOException {
        int size = readInt() - 1;
        if (size < 0) {
            put(NULL);
            return;
        }
        int end = take(size) + size;
        ensure(2 + 6 * size);
        byte[] into = text;
        int n = length;
        into[n++] = '"';
        for (int i = end - size; i < end; i++) {
            byte b = record[i];
            if ((b >= 0x20 || b < 0) && b != '"' && b != '\\') {
                into[n++] = b;
                continue;
            }
            into[n++] = '\\';
            switch (b) {
                case '"', '\\' -> into[n++] = b;
                case '\b' -> into[n++] = 'b';
                case '\t' -> into[n++] = 't';
                case '\n' -> into[n++] = 'n';
                case '\f' -> into[n++] = 'f';
                case '\r' -> into[n++] = 'r';
                default -> {
                    into[n++] = 'u';
                    into[n++] = '0';
                    into[n++] = '0';
                    into[n++] = HEX[b >> 4];
                    into[n++] = HEX[b & 0xF];
                }
            }
        }
        into[n++] = '"';
        length = n;
    }

    private void copy(int size) throws IOException {
        int from = take(size);
        ensure(size);
        System.arraycopy(record, from, text, length, size);
        length += size;
    }

    /** A long in decimal, as {@link Long#toString(long)} writes it. */
    private void number(long value) {
        if (value == Long.MIN_VALUE) {
            put(LONG_MIN);
            return;
        }
        ensure(20);
        if (value < 0) {
            text[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int at = length + digits;
        do {
            text[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        length += digits;
    }

    private void put(byte b) {
        ensure(1);
        text[length++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, text, length, bytes.length);
        length += bytes.length;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void ensure(int more) {
        if (length + more > text.length) {
            text = Arrays.copyOf(text, Math.max(2 * text.length, length + more));
        }
    }

    private int take(int size) throws IOException {
        if (size < 0 || size > record.length - at) {
            throw new IOException("a stored interval ends early: needs " + size + " bytes at " + at + " of " + record.length);
        }
        int from = at;
        at += size;
        return from;
    }

    private byte readByte() throws IOException {
        return record[take(1)];
    }

    private int readInt() throws IOException {
        return (int) INT.get(record, take(Integer.BYTES));
    }

    private long readLong() throws IOException {
        return (long) LONG.get(record, take(Long.BYTES));
    }
}
