package io.retrocut.ingest;

import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The reading half of pass 1 for canonical input, on a thread of its own so that it overlaps the ingest thread's
 * half: reads the files in order, splits lines, checks UTF-8 and parses each line into an {@link EventRecord}.
 * Everything that depends on the lines before (HLC checks, message ids, dictionaries, the spill, the quarantine and
 * the counts) stays with the consumer, which takes the outcomes in input order, so the result does not depend on the
 * threads' timing.
 *
 * <p>Outcomes travel in {@link Batch}es of one file each; a few batches circulate between the two threads, which bounds
 * memory to a few thousand lines. The consumer must hand every batch back with {@link #release} and close the reader.
 */
final class CanonicalReader implements AutoCloseable {
    private static final int BATCHES = 4;
    private static final int BATCH_LINES = 1024;
    private static final int BATCH_BYTES = 1 << 18;
    private static final int RAW_PREFIX_BYTES = 1024;

    enum Kind {
        /** A parsed event; its raw line is in the batch's text, for a rejection by the consumer. */
        EVENT,
        BLANK,
        /** A line to quarantine: {@link Outcome#reason}, and the raw line as {@link Outcome#raw} or in the text. */
        BAD,
        /** The end of the batch's file, which was read to its end (or to a gzip truncation). */
        END_OF_FILE,
        /** Reading failed: {@link Outcome#failure} is to be thrown, after the outcomes before it. */
        FAILURE
    }

    /** What became of one line (or the end of a file, or a failure). Reused batch after batch. */
    static final class Outcome {
        Kind kind;
        /** The 1-based line number in its file. */
        long line;
        final EventRecord event = new EventRecord();
        String reason;
        /** The raw line when it is not in the batch's text (a prefix of a huge line, a partial gzip line). */
        String raw;
        int textOffset;
        int textLength;
        /** Bytes of the (possibly compressed) file read so far, for progress. */
        long bytesRead;
        Throwable failure;
    }

    /** Outcomes of consecutive lines of one file. */
    static final class Batch {
        int fileId;
        int count;
        final Outcome[] outcomes = new Outcome[BATCH_LINES];
        byte[] text = new byte[BATCH_BYTES];
        int textLength;

        Batch() {
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = new Outcome();
            }
        }

        /** The raw line of an outcome, decoded. */
        String raw(Outcome outcome) {
            return outcome.raw != null ? outcome.raw
                    : new String(text, outcome.textOffset, outcome.textLength, StandardCharsets.UTF_8);
        }
    }

    private final List<Path> files;
    private final int maxLineBytes;
    private final EventParser parser;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> filled = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;

    CanonicalReader(List<Path> files, int maxLineBytes, HlcUnit unit) {
        this.files = List.copyOf(files);
        this.maxLineBytes = maxLineBytes;
        this.parser = new EventParser(unit);
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        this.thread = new Thread(this::run, "retrocut-ingest-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The next batch, in input order; after the last file's {@link Kind#END_OF_FILE}, never returns. */
    Batch next() {
        try {
            return filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for input lines", e);
        }
    }

    /** Hands a batch taken with {@link #next} back for reuse. */
    void release(Batch batch) {
        free.add(batch);
    }

    /** Stops the reading thread (if still running, e.g. after {@code --strict} stopped the ingest) and waits for it. */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            for (int fileId = 0; fileId < files.size(); fileId++) {
                if (!readFile(fileId)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        }
    }

    /** Reads one file into batches; false after a failure. */
    private boolean readFile(int fileId) throws InterruptedException {
        String fileName = files.get(fileId).toString();
        boolean gzip = fileName.endsWith(".gz");
        Batch batch = take(fileId);
        try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(files.get(fileId)))) {
            LineReader reader = new LineReader(raw, gzip, maxLineBytes);
            long line = 0;
            while (reader.next()) {
                line++;
                if (batch.count == BATCH_LINES
                        || (batch.count > 0 && batch.textLength + reader.length() > batch.text.length)) {
                    filled.put(batch);
                    batch = take(fileId);
                }
                Outcome outcome = batch.outcomes[batch.count++];
                outcome.line = line;
                handle(reader, batch, outcome, line);
                outcome.bytesRead = raw.count();
            }
        } catch (IOException e) {
            fail(batch, UserException.badInput("cannot read " + fileName + ": " + IoErrors.describe(e)));
            return false;
        } catch (RuntimeException | Error e) {
            fail(batch, e);
            return false;
        }
        if (batch.count == BATCH_LINES) {
            filled.put(batch);
            batch = take(fileId);
        }
        Outcome end = batch.outcomes[batch.count++];
        end.kind = Kind.END_OF_FILE;
        filled.put(batch);
        return true;
    }

    private void fail(Batch batch, Throwable failure) throws InterruptedException {
        if (batch.count == BATCH_LINES) {
            filled.put(batch);
            batch = take(batch.fileId);
        }
        Outcome outcome = batch.outcomes[batch.count++];
        outcome.kind = Kind.FAILURE;
        outcome.failure = failure;
        filled.put(batch);
    }

    private Batch take(int fileId) throws InterruptedException {
        Batch batch = free.take();
        batch.fileId = fileId;
        batch.count = 0;
        batch.textLength = 0;
        if (batch.text.length > 4 * BATCH_BYTES) {
            batch.text = new byte[BATCH_BYTES]; // do not keep a huge line's buffer
        }
        return batch;
    }

    private void handle(LineReader reader, Batch batch, Outcome outcome, long line) {
        outcome.reason = null;
        outcome.raw = null;
        outcome.failure = null;
        byte[] bytes = reader.bytes();
        int length = reader.length();
        switch (reader.kind()) {
            case TOO_LONG -> bad(outcome, "line is " + reader.fullLength() + " bytes, longer than the limit of "
                    + maxLineBytes + " bytes", prefix(bytes, length));
            case TRUNCATED -> bad(outcome, "truncated gzip: compressed data ends unexpectedly", partial(reader));
            case CORRUPT -> bad(outcome, "corrupt gzip: " + reader.error(), partial(reader));
            case LINE -> {
                if (isBlank(bytes, length)) {
                    outcome.kind = Kind.BLANK;
                    return;
                }
                if (line == 1 && startsWithByteOrderMark(bytes, length)) {
                    // a UTF-8 byte order mark is allowed at the start of a file; Jackson skips it
                    bytes = Arrays.copyOfRange(bytes, 3, length);
                    length -= 3;
                }
                keepText(batch, outcome, bytes, length);
                int invalid = Utf8.firstInvalid(bytes, length);
                if (invalid >= 0) {
                    outcome.kind = Kind.BAD;
                    outcome.reason = "invalid UTF-8 at byte offset " + invalid;
                    return;
                }
                try {
                    parser.parse(bytes, length, outcome.event);
                    outcome.kind = Kind.EVENT;
                } catch (BadLineException e) {
                    outcome.kind = Kind.BAD;
                    outcome.reason = e.getMessage();
                }
            }
        }
    }

    private static void bad(Outcome outcome, String reason, String raw) {
        outcome.kind = Kind.BAD;
        outcome.reason = reason;
        outcome.raw = raw;
    }

    private static void keepText(Batch batch, Outcome outcome, byte[] bytes, int length) {
        if (batch.textLength + length > batch.text.length) {
            // only a batch's first line can be longer than the text buffer (see readFile)
            batch.text = Arrays.copyOf(batch.text, batch.textLength + length);
        }
        System.arraycopy(bytes, 0, batch.text, batch.textLength, length);
        outcome.textOffset = batch.textLength;
        outcome.textLength = length;
        batch.textLength += length;
    }

    static boolean startsWithByteOrderMark(byte[] bytes, int length) {
        return length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The first {@value #RAW_PREFIX_BYTES} bytes (at most the line limit), cut back to a character boundary. */
    static String prefix(byte[] bytes, int length, int maxLineBytes) {
        int end = Math.min(length, Math.min(RAW_PREFIX_BYTES, maxLineBytes));
        if (end < length) {
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--;
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The raw text of a line cut short by a gzip problem. */
    static String partial(LineReader reader, int maxLineBytes) {
        return reader.fullLength() > maxLineBytes
                ? prefix(reader.bytes(), reader.length(), maxLineBytes)
                : new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8);
    }

    private String prefix(byte[] bytes, int length) {
        return prefix(bytes, length, maxLineBytes);
    }

    private String partial(LineReader reader) {
        return partial(reader, maxLineBytes);
    }
}
