package io.retrocut.ingest.format;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How a log is cut into records: one line each (the default), a fixed number of lines, a record that starts at a line
 * matching a regular expression (a log line followed by a stack trace; GoVector's clock line followed by its event),
 * or one that ends at such a line (ShiViz: the event, then its clock line). Blank lines never belong to a record.
 *
 * @param kind which of the four
 * @param lines for {@link Kind#LINES}: the number of lines of each record
 * @param boundary for {@link Kind#START}/{@link Kind#END}: the line that starts/ends a record
 * @param maxLines a record that grows beyond this many lines is quarantined as too long
 */
public record Framing(Kind kind, int lines, Pattern boundary, int maxLines) {
    public enum Kind {
        LINES,
        START,
        END
    }

    public static final int DEFAULT_MAX_LINES = 1000;
    public static final Framing LINE = new Framing(Kind.LINES, 1, null, 1);

    public Framing {
        requireNonNull(kind, "kind is null");
        if (kind == Kind.LINES ? lines < 1 || boundary != null : boundary == null) {
            throw new IllegalArgumentException("a " + kind + " framing with lines " + lines + ", boundary " + boundary);
        }
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be positive: " + maxLines);
        }
    }

    public boolean singleLine() {
        return kind == Kind.LINES && lines == 1;
    }

    public Framer framer() {
        return new Framer(this);
    }

    /** Cuts the lines of one file into records; feed it every non-blank line in order. Not thread-safe. */
    public static final class Framer {
        private final Framing framing;
        private final List<String> pending = new ArrayList<>();
        private long first;

        private Framer(Framing framing) {
            this.framing = framing;
        }

        /** Offers the next non-blank line; completed records go to {@code out}. */
        public void line(String text, long line, Consumer<LogRecord> out) {
            switch (framing.kind) {
                case LINES -> {
                    add(text, line);
                    if (pending.size() == framing.lines) {
                        emit(out, null);
                    }
                }
                case START -> {
                    if (!pending.isEmpty() && framing.boundary.matcher(text).find()) {
                        emit(out, null);
                    }
                    add(text, line);
                    tooLong(out);
                }
                case END -> {
                    add(text, line);
                    if (framing.boundary.matcher(text).find()) {
                        emit(out, null);
                    } else {
                        tooLong(out);
                    }
                }
            }
        }

        /**
         * A line that could not be read (too long, invalid UTF-8, a gzip error) interrupts the record being collected:
         * with a start boundary it is complete as far as it goes; otherwise it is incomplete.
         */
        public void interrupt(long line, Consumer<LogRecord> out) {
            if (pending.isEmpty()) {
                return;
            }
            emit(out, framing.kind == Kind.START ? null
                    : "incomplete record: line " + line + " inside it could not be read (" + expectation() + ")");
        }

        /** The end of the file: a record still being collected is emitted (incomplete unless it has a start). */
        public void end(Consumer<LogRecord> out) {
            if (pending.isEmpty()) {
                return;
            }
            emit(out, framing.kind == Kind.START ? null
                    : "incomplete record: the file ends after " + pending.size() + " line(s) (" + expectation() + ")");
        }

        private String expectation() {
            return framing.kind == Kind.LINES
                    ? "a record has " + framing.lines + " lines"
                    : "a record ends at a line matching '" + framing.boundary.pattern() + "'";
        }

        private void add(String text, long line) {
            if (pending.isEmpty()) {
                first = line;
            }
            pending.add(text);
        }

        private void tooLong(Consumer<LogRecord> out) {
            if (pending.size() >= framing.maxLines) {
                emit(out, "record is longer than " + framing.maxLines + " lines (max_lines); is the "
                        + (framing.kind == Kind.START ? "start" : "end") + " pattern '" + framing.boundary.pattern()
                        + "' right?");
            }
        }

        private void emit(Consumer<LogRecord> out, String incomplete) {
            String text = pending.size() == 1 ? pending.get(0) : String.join("\n", pending);
            LogRecord record = new LogRecord(text, first, pending.size(), incomplete);
            pending.clear();
            out.accept(record);
        }
    }
}
