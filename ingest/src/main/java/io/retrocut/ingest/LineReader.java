package io.retrocut.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Splits a byte stream into lines without ever holding more than {@code maxLineBytes + 1} bytes of one line: the
 * rest of a longer line is skipped (only counted). Lines end at {@code \n}; a {@code \r} before it is dropped. A
 * last line without a terminator is still a line. For gzip input, a stream that ends inside the compressed data
 * yields one final {@link Kind#TRUNCATED} record holding the partial line (possibly empty), then ends.
 *
 * <p>A line that lies within one read chunk is not copied: {@link #bytes()} is then the chunk and {@link #offset()}
 * where the line starts in it; both are valid until the next call of {@link #next()}.
 */
final class LineReader {
    enum Kind {
        LINE,
        TOO_LONG,
        TRUNCATED,
        CORRUPT
    }

    private static final int CHUNK = 1 << 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private final InputStream raw;
    private final boolean gzip;
    private final int maxLineBytes;
    private InputStream in;
    private final byte[] chunk = new byte[CHUNK];
    private int position;
    private int limit;
    private boolean finished;

    /** Where lines that cross chunks (or are cut short) are collected; grows up to {@code maxLineBytes + 1}. */
    private byte[] buffer;
    private byte[] line;
    private int offset;
    private int length;
    private long fullLength;
    private Kind kind;
    private String error;

    LineReader(InputStream raw, boolean gzip, int maxLineBytes) {
        this.raw = raw;
        this.gzip = gzip;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[Math.min(256, maxLineBytes + 1)];
        this.line = buffer;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (finished) {
            return false;
        }
        line = buffer;
        offset = 0;
        length = 0;
        fullLength = 0;
        kind = Kind.LINE;
        error = null;
        boolean any = false;
        byte last = 0;
        if (position < limit) {
            // the common case: the whole line is in the chunk, and stays there
            int newline = indexOfNewline(position, limit);
            if (newline >= 0) {
                fullLength = newline - position;
                if (fullLength > 0) {
                    last = chunk[newline - 1];
                }
                line = chunk;
                offset = position;
                length = (int) Math.min(fullLength, maxLineBytes + 1L);
                position = newline + 1;
                return end(last);
            }
        }
        while (true) {
            if (position == limit) {
                int read;
                try {
                    read = fill();
                } catch (EOFException e) {
                    if (!gzip) {
                        throw e;
                    }
                    finished = true;
                    kind = Kind.TRUNCATED;
                    return true;
                } catch (ZipException e) {
                    if (!gzip) {
                        throw e;
                    }
                    finished = true;
                    kind = Kind.CORRUPT;
                    error = e.getMessage();
                    return true;
                }
                if (read < 0) {
                    finished = true;
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            int newline = indexOfNewline(position, limit);
            int end = newline < 0 ? limit : newline;
            if (end > position) {
                append(position, end - position);
                last = chunk[end - 1];
            }
            any = true;
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        return end(last);
    }

    private boolean end(byte last) {
        if (fullLength > 0 && last == '\r') {
            fullLength--;
            length = (int) Math.min(length, fullLength);
        }
        if (fullLength > maxLineBytes) {
            kind = Kind.TOO_LONG;
        }
        return true;
    }

    private int fill() throws IOException {
        if (in == null) {
            in = gzip ? new GZIPInputStream(raw, CHUNK) : raw;
        }
        int read = in.read(chunk, 0, CHUNK);
        while (read == 0) {
            read = in.read(chunk, 0, CHUNK);
        }
        position = 0;
        limit = Math.max(read, 0);
        return read;
    }

    /** The first {@code \n} in {@code chunk[from, to)}, or -1; eight bytes at a time. */
    private int indexOfNewline(int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(chunk, i) ^ NEWLINES;
            // a zero byte of word (a newline) sets its high bit here; only bytes after a zero byte can be false alarms
            long zeros = (word - ONES) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int count) {
        fullLength += count;
        int room = maxLineBytes + 1 - length;
        int take = Math.min(room, count);
        if (take <= 0) {
            return;
        }
        if (line == chunk) {
            throw new IllegalStateException("appending to a line that is in the chunk");
        }
        if (length + take > line.length) {
            long size = Math.min((long) maxLineBytes + 1, Math.max((long) line.length * 2, length + take));
            byte[] bigger = new byte[(int) size];
            System.arraycopy(line, 0, bigger, 0, length);
            buffer = bigger;
            line = bigger;
        }
        System.arraycopy(chunk, from, line, length, take);
        length += take;
    }

    /**
     * The array that holds the line's bytes, from {@link #offset()} for {@link #length()} bytes; for
     * {@link Kind#TOO_LONG} only a prefix.
     */
    byte[] bytes() {
        return line;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** The line's full length in bytes, without the terminator, also for lines too long to hold. */
    long fullLength() {
        return fullLength;
    }

    Kind kind() {
        return kind;
    }

    /** For {@link Kind#CORRUPT}: the decompressor's message. */
    String error() {
        return error;
    }
}
