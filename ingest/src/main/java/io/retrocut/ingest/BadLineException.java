package io.retrocut.ingest;

/**
 * A line that cannot become an event; {@link #getMessage()} is the reason shown in the quarantine file and in the
 * {@code --strict} error. Thrown per bad line, so it carries no stack trace.
 */
final class BadLineException extends Exception {
    private static final long serialVersionUID = 1L;

    BadLineException(String reason) {
        super(reason, null, false, false);
    }
}
