package io.retrocut.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Splits a byte stream into lines without ever holding more than {@code maxLineBytes + 1} bytes of one line: the
 * rest of a longer line is skipped (only counted). Lines end at {@code \n}; a {@code \r} before it is dropped. A
 * last line without a terminator is still a line. For gzip input, a stream that ends inside the compressed data
 * yields one final {@link Kind#TRUNCATED} record holding the partial line (possibly empty), then ends.
 */
final class LineReader {
    enum Kind {
        LINE,
        TOO_LONG,
        TRUNCATED,
        CORRUPT
    }

    private static final int CHUNK = 1 << 16;

    private final InputStream raw;
    private final boolean gzip;
    private final int maxLineBytes;
    private InputStream in;
    private final byte[] chunk = new byte[CHUNK];
    private int position;
    private int limit;
    private boolean finished;

    private byte[] line;
    private int length;
    private long fullLength;
    private Kind kind;
    private String error;

    LineReader(InputStream raw, boolean gzip, int maxLineBytes) {
        this.raw = raw;
        this.gzip = gzip;
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[Math.min(256, maxLineBytes + 1)];
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (finished) {
            return false;
        }
        length = 0;
        fullLength = 0;
        kind = Kind.LINE;
        error = null;
        boolean any = false;
        byte last = 0;
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

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
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
        if (length + take > line.length) {
            long size = Math.min((long) maxLineBytes + 1, Math.max((long) line.length * 2, length + take));
            byte[] bigger = new byte[(int) size];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        System.arraycopy(chunk, from, line, length, take);
        length += take;
    }

    /** The line's bytes (valid up to {@link #length()}); for {@link Kind#TOO_LONG} only a prefix. */
    byte[] bytes() {
        return line;
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
