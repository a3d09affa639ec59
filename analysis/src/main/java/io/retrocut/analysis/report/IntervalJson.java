package io.retrocut.analysis.report;

import java.io.IOException;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

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

    private final Writer out;
    private byte[] text = new byte[2 * FLUSH_AT];
    private int length;
    private byte[] record;
    private int at;

    IntervalJson(Writer out) {
        this.out = out;
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
            ascii(",");
        }
        ascii("{\"key\":");
        string();
        ascii(",\"start\":");
        hlc();
        ascii(",\"end\":");
        hlc();
        long durationMs = readLong();
        ascii(",\"duration_ms\":");
        number(durationMs);
        ascii(",\"cuts\":");
        number(readLong());
        if (maxSkewMs != null) {
            ascii(durationMs < maxSkewMs ? ",\"certainty\":\"possible\"" : ",\"certainty\":\"definite\"");
        }
        ascii(",\"witness\":{\"nodes\":[");
        int nodes = readInt();
        for (int node = 0; node < nodes; node++) {
            ascii(node == 0 ? "{\"node\":" : ",{\"node\":");
            string();
            int values = readInt();
            for (int value = 0; value < values; value++) {
                ascii(",");
                string();
                ascii(":");
                value();
            }
            ascii("}");
        }
        ascii("],\"events\":[");
        int events = readInt();
        for (int event = 0; event < events; event++) {
            ascii(event == 0 ? "{\"node\":" : ",{\"node\":");
            string();
            ascii(",\"hlc\":");
            hlc();
            ascii(",\"type\":");
            string();
            ascii(",\"file\":");
            string();
            ascii(",\"line\":");
            number(readLong());
            int extra = readInt() - 1;
            if (extra >= 0) {
                // the event's unknown fields, already JSON text
                ascii(",\"extra\":");
                copy(extra);
            }
            ascii("}");
        }
        ascii("]}}");
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
            out.write(new String(text, 0, length, StandardCharsets.UTF_8));
            length = 0;
        }
    }

    private void hlc() throws IOException {
        if (readByte() == 0) {
            ascii("null");
            return;
        }
        ascii("{\"l\":");
        number(readLong());
        ascii(",\"c\":");
        number(readInt());
        ascii("}");
    }

    /** A value as {@link WitnessCodec#writeValue} tags it. */
    private void value() throws IOException {
        byte tag = readByte();
        switch (tag) {
            case WitnessCodec.NULL -> ascii("null");
            case WitnessCodec.LONG -> number(readLong());
            case WitnessCodec.DOUBLE -> {
                double value = Double.longBitsToDouble(readLong());
                // Jackson quotes NaN and the infinities (QUOTE_NON_NUMERIC_NUMBERS) and writes Double.toString
                ascii(Double.isFinite(value) ? Double.toString(value) : "\"" + value + "\"");
            }
            case WitnessCodec.BOOLEAN -> ascii(readByte() != 0 ? "true" : "false");
            case WitnessCodec.STRING -> string();
            default -> throw new IOException("corrupt value tag " + tag + " in a stored interval");
        }
    }

    /** A string (or null) as a JSON string. */
    private void string() throws IOException {
        int size = readInt() - 1;
        if (size < 0) {
            ascii("null");
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

    private void number(long value) {
        ascii(Long.toString(value));
    }

    private void ascii(String ascii) {
        int size = ascii.length();
        ensure(size);
        ascii.getBytes(0, size, text, length); // ASCII only: the deprecated form copies the low bytes, no encoder
        length += size;
    }

    private void ensure(int more) {
        if (length + more > text.length) {
            text = java.util.Arrays.copyOf(text, Math.max(2 * text.length, length + more));
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
