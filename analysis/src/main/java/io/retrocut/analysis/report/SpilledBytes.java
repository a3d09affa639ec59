package io.retrocut.analysis.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte records appended once and read back by offset: in memory up to a limit, then in a temporary file, so that a
 * result much larger than the heap (millions of violation intervals with their witnesses) costs disk, not memory.
 * The file is opened {@code DELETE_ON_CLOSE}: on POSIX systems it is unlinked at once (a killed run leaves nothing
 * behind), elsewhere it is deleted when this is closed or the JVM exits. Thread-safe.
 */
public final class SpilledBytes implements AutoCloseable {
    private static final int PAGE = 1 << 20;
    private static final int WRITE_BUFFER = 1 << 16;
    /**
     * Bytes read from the file around a small record. Records are read back in another order than they were appended
     * (a check's intervals by invariant and key, appended by part), so a window serves a few records at most: a
     * larger one only copies more from the kernel per read (with 256 KB a seven-invariant 10M check read 9.5 GB
     * through read(2) to write its report; with 16 KB, 0.96 GB).
     */
    private static final int READ_WINDOW = 1 << 14;

    private final long memoryLimit;
    private final Path directory;
    /** Bytes {@code [0, memoryEnd)} in pages of {@link #PAGE} bytes. */
    private final List<byte[]> pages = new ArrayList<>();
    private long memoryEnd;
    /** Bytes {@code [memoryEnd, size)}, once the memory is full. */
    private FileChannel file;
    private Path path;
    private final ByteBuffer pendingWrites = ByteBuffer.allocate(WRITE_BUFFER);
    private ByteBuffer window;
    private long windowStart = -1;
    private long size;

    /**
     * @param memoryLimit bytes kept in memory before the rest goes to a file
     * @param directory where the file goes
     */
    public SpilledBytes(long memoryLimit, Path directory) {
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("memoryLimit is negative: " + memoryLimit);
        }
        this.memoryLimit = memoryLimit;
        this.directory = directory;
    }

    /** Appends {@code bytes[offset, offset + length)} as one record; returns where it starts, for {@link #read}. */
    public synchronized long append(byte[] bytes, int offset, int length) {
        long start = size;
        byte[] prefix = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        put(prefix, 0, 4);
        put(bytes, offset, length);
        return start;
    }

    /** The record appended at {@code offset}. */
    public synchronized byte[] read(long offset) {
        if (offset < 0 || offset + 4 > size) {
            throw new IllegalArgumentException("no record at " + offset + " of " + size + " bytes");
        }
        byte[] prefix = new byte[4];
        get(offset, prefix);
        int length = (prefix[0] & 0xFF) << 24 | (prefix[1] & 0xFF) << 16 | (prefix[2] & 0xFF) << 8 | prefix[3] & 0xFF;
        byte[] record = new byte[length];
        get(offset + 4, record);
        return record;
    }

    /** Bytes appended so far, in memory and in the file. */
    public synchronized long size() {
        return size;
    }

    /** Whether some bytes went to the file. */
    public synchronized boolean spilled() {
        return file != null;
    }

    @Override
    public synchronized void close() {
        pages.clear();
        if (file != null) {
            try {
                file.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
            } finally {
                file = null;
            }
        }
    }

    private void put(byte[] bytes, int offset, int length) {
        while (length > 0 && file == null && memoryEnd < memoryLimit) {
            int page = (int) (memoryEnd / PAGE);
            int at = (int) (memoryEnd % PAGE);
            if (page == pages.size()) {
                pages.add(new byte[PAGE]);
            }
            int n = (int) Math.min(Math.min(length, PAGE - at), memoryLimit - memoryEnd);
            System.arraycopy(bytes, offset, pages.get(page), at, n);
            offset += n;
            length -= n;
            memoryEnd += n;
            size += n;
        }
        if (length == 0) {
            return;
        }
        try {
            if (file == null) {
                Files.createDirectories(directory);
                path = Files.createTempFile(directory, "retrocut-check-", ".spill");
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
                path.toFile().deleteOnExit();
            }
            while (length > 0) {
                int n = Math.min(length, pendingWrites.remaining());
                pendingWrites.put(bytes, offset, n);
                offset += n;
                length -= n;
                size += n;
                if (!pendingWrites.hasRemaining()) {
                    flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill the check's results to " + (path == null ? directory : path) + ": "
                    + e.getMessage(), e);
        }
    }

    private void flush() throws IOException {
        pendingWrites.flip();
        long at = size - pendingWrites.remaining();
        while (pendingWrites.hasRemaining()) {
            at += file.write(pendingWrites, at);
        }
        pendingWrites.clear();
    }

    private void get(long offset, byte[] into) {
        int done = 0;
        while (done < into.length && offset + done < memoryEnd) {
            long at = offset + done;
            int page = (int) (at / PAGE);
            int within = (int) (at % PAGE);
            int n = (int) Math.min(Math.min(into.length - done, PAGE - within), memoryEnd - at);
            System.arraycopy(pages.get(page), within, into, done, n);
            done += n;
        }
        if (done == into.length) {
            return;
        }
        try {
            if (pendingWrites.position() > 0) {
                flush();
            }
            long at = offset + done;
            int remaining = into.length - done;
            if (remaining > READ_WINDOW) {
                ByteBuffer target = ByteBuffer.wrap(into, done, remaining);
                while (target.hasRemaining()) {
                    if (file.read(target, at + target.position() - done) < 0) {
                        throw new IOException("the spill file ends early");
                    }
                }
                return;
            }
            if (window == null) {
                window = ByteBuffer.allocate(READ_WINDOW);
            }
            if (windowStart < 0 || at < windowStart || at + remaining > windowStart + window.limit()) {
                window.clear();
                windowStart = at;
                long end = Math.min(size, at + READ_WINDOW);
                window.limit((int) (end - at));
                while (window.hasRemaining()) {
                    if (file.read(window, at + window.position()) < 0) {
                        throw new IOException("the spill file ends early");
                    }
                }
            }
            window.get((int) (at - windowStart), into, done, remaining);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the check's results back from " + path + ": " + e.getMessage(), e);
        }
    }
}
