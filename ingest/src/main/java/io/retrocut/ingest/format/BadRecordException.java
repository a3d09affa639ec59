package io.retrocut.ingest.format;

/**
 * A record that a format recognises but cannot turn into an event (a bad number, a bad time, no node); the message is
 * the reason written to the quarantine file. Thrown per record, so it carries no stack trace.
 */
public final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRecordException(String reason) {
        super(reason, null, false, false);
    }
}
