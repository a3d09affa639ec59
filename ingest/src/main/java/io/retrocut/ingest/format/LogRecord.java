package io.retrocut.ingest.format;

import static java.util.Objects.requireNonNull;

/**
 * One record of a log: one line, or several consecutive non-blank lines joined with {@code \n}.
 *
 * @param text the record's text (lines joined with {@code \n}, without terminators)
 * @param line the 1-based line number of its first line
 * @param lines how many input lines it holds (blank lines are never part of a record)
 * @param incomplete why the record cannot be parsed (cut short by a bad line or the end of the file, too long), or
 *     null for a complete record
 */
public record LogRecord(String text, long line, int lines, String incomplete) {
    public LogRecord {
        requireNonNull(text, "text is null");
        if (line < 1 || lines < 1) {
            throw new IllegalArgumentException("line and lines must be positive: " + line + ", " + lines);
        }
    }
}
