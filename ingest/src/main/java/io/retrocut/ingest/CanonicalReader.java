package io.retrocut.ingest;

import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The reading half of pass 1 for canonical input, on threads of its own so that it overlaps the ingest thread's
 * half: a reading thread reads the files in order and splits them into lines, and parsing threads check each line's
 * UTF-8 and parse it into an {@link EventRecord}. Everything that depends on the lines before (HLC checks, message
 * ids, dictionaries, the spill, the quarantine and the counts) stays with the consumer, which takes the outcomes in
 * input order, so the result does not depend on the threads' timing or on their number.
 *
 * <p>Lines travel in {@link Batch}es of consecutive lines of one file, numbered in input order, through a fixed ring
 * of batches, which bounds memory to a few thousand lines. Any parsing thread takes the oldest batch read and not yet
 * parsed. The consumer parses too: when the batch it needs next is read but not taken, it parses that one itself, and
 * while another thread still parses it, it parses a later one. The consumer is the one stage that cannot be split
 * (it needs about as much CPU as the parsing), so it should not wait while there is parsing to do, nor be crowded
 * off its core: by default there is one parsing thread fewer than cores. With two parsing threads on two cores the
 * consumer of a 10M-event ingest was preempted for 1.4 s and waited for 0.95 s of a 6.2 s first pass. The consumer
 * must hand every batch back with {@link #release}, in order, and close the reader. Failures of any of the threads
 * arrive in their place in the input order, as a {@link Kind#FAILURE} outcome.
 */
final class CanonicalReader implements AutoCloseable {
    static final int BATCH_LINES = 1024;
    static final int BATCH_BYTES = 1 << 18;
    private static final int RAW_PREFIX_BYTES = 1024;

    enum Kind {
        /** A line the reading thread passed on; a parsing thread turns it into one of the kinds below. */
        LINE,
        /** A parsed event; its raw line is in the batch's text, for a rejection by the consumer. */
        EVENT,
        BLANK,
        /** A line to quarantine: {@link Outcome#reason}, and the raw line as {@link Outcome#raw} or in the text. */
        BAD,
        /** The end of the batch's file, which was read to its end (or to a gzip truncation). */
        END_OF_FILE,
        /** Reading or parsing failed: {@link Outcome#failure} is to be thrown, after the outcomes before it. */
        FAILURE
    }

    /** Parses one line, which is valid UTF-8, into an event or rejects it; one instance per parsing thread. */
    @FunctionalInterface
    interface LineParser {
        void parse(byte[] bytes, int offset, int length, EventRecord event) throws BadLineException;
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
        final Outcome[] outcomes;
        byte[] text;
        int textLength;

        Batch(int lines, int bytes) {
            outcomes = new Outcome[lines];
            text = new byte[bytes];
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
    private final int batchLines;
    private final int batchBytes;
    /** Batch number {@code n} lives in {@code ring[n % ring.length]}; {@link #states} says what became of it. */
    private final Batch[] ring;
    private final State[] states;
    private final Supplier<LineParser> parsers;
    /** The consumer's own parser, made when it first parses. */
    private LineParser consumerParser;
    private final List<Thread> threads = new ArrayList<>();
    /** Guards {@link #states}, {@link #filled}, {@link #taken} and {@link #released}; {@link #changed} tells of changes. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The number of batches the reading thread has filled and handed on. */
    private long filled;
    /** The number of batches {@link #next} has returned. */
    private long taken;
    /** The number of batches {@link #release} has handed back. */
    private long released;

    /** What became of a batch of the ring. */
    private enum State {
        /** Handed back (or never used): the reading thread may fill it. */
        FREE,
        /** Filled by the reading thread, for any parser to take. */
        READ,
        PARSING,
        /** For the consumer, in its turn. */
        PARSED,
        /** Returned by {@link #next}, until released. */
        TAKEN
    }

    CanonicalReader(List<Path> files, int maxLineBytes, HlcUnit unit) {
        this(files, maxLineBytes, defaultParsers(), () -> new EventParser(unit)::parse, BATCH_LINES, BATCH_BYTES);
    }

    /**
     * @param parsers the number of parsing threads besides the consumer (0: the consumer parses every line)
     * @param parser makes each parsing thread's parser, and the consumer's
     * @param batchLines lines per batch at most
     * @param batchBytes the size of a batch's text buffer (a longer line gets a buffer of its own size)
     */
    CanonicalReader(List<Path> files, int maxLineBytes, int parsers, Supplier<LineParser> parser, int batchLines,
            int batchBytes) {
        if (parsers < 0 || batchLines < 2) {
            throw new IllegalArgumentException("parsers " + parsers + " and lines per batch " + batchLines
                    + " must be at least 0 and 2");
        }
        this.files = List.copyOf(files);
        this.maxLineBytes = maxLineBytes;
        this.batchLines = batchLines;
        this.batchBytes = batchBytes;
        this.parsers = parser;
        // enough batches for every parser to work ahead while the consumer holds one and the reader fills another
        int batches = 2 * (parsers + 1) + 2;
        this.ring = new Batch[batches];
        this.states = new State[batches];
        for (int i = 0; i < batches; i++) {
            ring[i] = new Batch(batchLines, batchBytes);
            states[i] = State.FREE;
        }
        threads.add(thread(this::read, "retrocut-ingest-reader"));
        for (int i = 0; i < parsers; i++) {
            threads.add(thread(this::parseBatches, "retrocut-ingest-parser-" + i));
        }
        threads.forEach(Thread::start);
    }

    /**
     * A parsing thread for every core but one, which is the consumer's: it needs about as much CPU as the parsing,
     * and parses itself whenever it would wait (on two cores, one parsing thread gave a 10M-event ingest's first pass
     * 4.8 s where two took 6.2 s).
     */
    static int defaultParsers() {
        return Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    }

    private static Thread thread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * The next batch, in input order, parsed (by this thread, if no other has taken it); after the last file's
     * {@link Kind#END_OF_FILE}, never returns.
     */
    Batch next() {
        lock.lock();
        try {
            while (true) {
                int slot = (int) (taken % ring.length);
                if (taken < filled && states[slot] == State.PARSED) {
                    states[slot] = State.TAKEN;
                    taken++;
                    return ring[slot];
                }
                if (consumerParser == null) {
                    consumerParser = makeParser(parsers);
                }
                if (taken < filled && states[slot] == State.READ) {
                    parse(slot, consumerParser);
                    continue;
                }
                // the next batch is being parsed elsewhere (or not read yet): parse a later one meanwhile
                int later = oldestRead();
                if (later >= 0) {
                    parse(later, consumerParser);
                } else {
                    changed.await();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for input lines", e);
        } finally {
            lock.unlock();
        }
    }

    /** Parses the batch in {@code slot} on this thread; the lock is held on entry and exit, not while parsing. */
    private void parse(int slot, LineParser parser) {
        states[slot] = State.PARSING;
        lock.unlock();
        try {
            parseBatch(parser, ring[slot]);
        } finally {
            lock.lock();
        }
        states[slot] = State.PARSED;
        changed.signalAll();
    }

    /** The ring slot of the oldest batch read and not taken by a parser, or -1; with the lock held. */
    private int oldestRead() {
        for (long n = taken; n < filled; n++) {
            int slot = (int) (n % ring.length);
            if (states[slot] == State.READ) {
                return slot;
            }
        }
        return -1;
    }

    /** Hands a batch taken with {@link #next} back for reuse, in the order they were taken. */
    void release(Batch batch) {
        lock.lock();
        try {
            int slot = (int) (released % ring.length);
            if (ring[slot] != batch || states[slot] != State.TAKEN) {
                throw new IllegalStateException("batches must be released in the order they were taken");
            }
            states[slot] = State.FREE;
            released++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the threads (if still running, e.g. after {@code --strict} stopped the ingest) and waits for them. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the reading thread

    private void read() {
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
                if (batch.count == batchLines
                        || (batch.count > 0 && batch.textLength + reader.length() > batch.text.length)) {
                    handOn(batch);
                    batch = take(fileId);
                }
                Outcome outcome = batch.outcomes[batch.count++];
                outcome.line = line;
                split(reader, batch, outcome);
                outcome.bytesRead = raw.count();
            }
        } catch (IOException e) {
            fail(batch, UserException.badInput("cannot read " + fileName + ": " + IoErrors.describe(e)));
            return false;
        } catch (RuntimeException | Error e) {
            fail(batch, e);
            return false;
        }
        if (batch.count == batchLines) {
            handOn(batch);
            batch = take(fileId);
        }
        Outcome end = batch.outcomes[batch.count++];
        end.kind = Kind.END_OF_FILE;
        handOn(batch);
        return true;
    }

    private void fail(Batch batch, Throwable failure) throws InterruptedException {
        if (batch.count == batchLines) {
            handOn(batch);
            batch = take(batch.fileId);
        }
        Outcome outcome = batch.outcomes[batch.count++];
        outcome.kind = Kind.FAILURE;
        outcome.failure = failure;
        handOn(batch);
    }

    /** Hands the batch being filled, which is the ring's next one, on to the parsers. */
    private void handOn(Batch batch) {
        lock.lock();
        try {
            states[(int) (filled % ring.length)] = State.READ;
            filled++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The ring's next batch, once the consumer has released it, emptied for the lines of file {@code fileId}. */
    private Batch take(int fileId) throws InterruptedException {
        int slot = (int) (filled % ring.length);
        lock.lockInterruptibly();
        try {
            while (states[slot] != State.FREE) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        Batch batch = ring[slot];
        batch.fileId = fileId;
        batch.count = 0;
        batch.textLength = 0;
        if (batch.text.length > 4 * batchBytes) {
            batch.text = new byte[batchBytes]; // do not keep a huge line's buffer
        }
        return batch;
    }

    /** The reading thread's part of a line: the lines it can tell are bad, and the text of the others. */
    private void split(LineReader reader, Batch batch, Outcome outcome) {
        outcome.reason = null;
        outcome.raw = null;
        outcome.failure = null;
        byte[] bytes = reader.bytes();
        int offset = reader.offset();
        int length = reader.length();
        switch (reader.kind()) {
            case TOO_LONG -> bad(outcome, "line is " + reader.fullLength() + " bytes, longer than the limit of "
                    + maxLineBytes + " bytes", prefix(bytes, offset, length, maxLineBytes));
            case TRUNCATED -> bad(outcome, "truncated gzip: compressed data ends unexpectedly", partial(reader));
            case CORRUPT -> bad(outcome, "corrupt gzip: " + reader.error(), partial(reader));
            case LINE -> {
                outcome.kind = Kind.LINE;
                keepText(batch, outcome, bytes, offset, length);
            }
        }
    }

    private static void bad(Outcome outcome, String reason, String raw) {
        outcome.kind = Kind.BAD;
        outcome.reason = reason;
        outcome.raw = raw;
    }

    private static void keepText(Batch batch, Outcome outcome, byte[] bytes, int offset, int length) {
        if (batch.textLength + length > batch.text.length) {
            // only a batch's first line can be longer than the text buffer (see readFile)
            batch.text = Arrays.copyOf(batch.text, batch.textLength + length);
        }
        System.arraycopy(bytes, offset, batch.text, batch.textLength, length);
        outcome.textOffset = batch.textLength;
        outcome.textLength = length;
        batch.textLength += length;
    }

    // ---- the parsing threads

    private void parseBatches() {
        LineParser parser = makeParser(parsers);
        try {
            lock.lockInterruptibly();
            try {
                while (true) {
                    int slot = oldestRead();
                    if (slot < 0) {
                        changed.await();
                    } else {
                        parse(slot, parser);
                    }
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        }
    }

    /** A parser; one that cannot be made fails every line it is given (so the first line fails in its place). */
    private static LineParser makeParser(Supplier<LineParser> parsers) {
        try {
            return parsers.get();
        } catch (RuntimeException | Error e) {
            return (bytes, offset, length, event) -> {
                throw e;
            };
        }
    }

    /** Parses a batch's lines; a failure ends the batch with a {@link Kind#FAILURE} in the failed line's place. */
    static void parseBatch(LineParser parser, Batch batch) {
        for (int i = 0; i < batch.count; i++) {
            Outcome outcome = batch.outcomes[i];
            if (outcome.kind != Kind.LINE) {
                continue;
            }
            try {
                parseLine(parser, batch, outcome);
            } catch (RuntimeException | Error e) {
                outcome.kind = Kind.FAILURE;
                outcome.failure = e;
                batch.count = i + 1;
                return;
            }
        }
    }

    private static void parseLine(LineParser parser, Batch batch, Outcome outcome) {
        byte[] bytes = batch.text;
        int offset = outcome.textOffset;
        int length = outcome.textLength;
        if (isBlank(bytes, offset, length)) {
            outcome.kind = Kind.BLANK;
            return;
        }
        if (outcome.line == 1 && startsWithByteOrderMark(bytes, offset, length)) {
            // a UTF-8 byte order mark is allowed at the start of a file; Jackson skips it
            offset += 3;
            length -= 3;
            outcome.textOffset = offset;
            outcome.textLength = length;
        }
        int invalid = Utf8.firstInvalid(bytes, offset, length);
        if (invalid >= 0) {
            outcome.kind = Kind.BAD;
            outcome.reason = "invalid UTF-8 at byte offset " + invalid;
            return;
        }
        try {
            parser.parse(bytes, offset, length, outcome.event);
            outcome.kind = Kind.EVENT;
        } catch (BadLineException e) {
            outcome.kind = Kind.BAD;
            outcome.reason = e.getMessage();
        }
    }

    // ---- shared with the ingest's other formats

    static boolean startsWithByteOrderMark(byte[] bytes, int offset, int length) {
        return length >= 3 && bytes[offset] == (byte) 0xEF && bytes[offset + 1] == (byte) 0xBB
                && bytes[offset + 2] == (byte) 0xBF;
    }

    static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The first {@value #RAW_PREFIX_BYTES} bytes (at most the line limit), cut back to a character boundary. */
    static String prefix(byte[] bytes, int offset, int length, int maxLineBytes) {
        int end = Math.min(length, Math.min(RAW_PREFIX_BYTES, maxLineBytes));
        if (end < length) {
            while (end > 0 && (bytes[offset + end] & 0xC0) == 0x80) {
                end--;
            }
        }
        return new String(bytes, offset, end, StandardCharsets.UTF_8);
    }

    /** The raw text of a line cut short by a gzip problem. */
    static String partial(LineReader reader, int maxLineBytes) {
        return reader.fullLength() > maxLineBytes
                ? prefix(reader.bytes(), reader.offset(), reader.length(), maxLineBytes)
                : new String(reader.bytes(), reader.offset(), reader.length(), StandardCharsets.UTF_8);
    }

    private String partial(LineReader reader) {
        return partial(reader, maxLineBytes);
    }
}
