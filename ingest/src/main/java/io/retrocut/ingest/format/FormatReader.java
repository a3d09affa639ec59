package io.retrocut.ingest.format;

/** Parses the records of one input file. Keeps per-file state (e.g. Retroscope's short lines); not thread-safe. */
public interface FormatReader {
    enum Outcome {
        /** The sink holds an event. */
        EVENT,
        /** No rule of the format matches: counted as ignored, not quarantined. */
        IGNORED
    }

    /**
     * Parses one complete record into {@code sink}.
     *
     * @throws BadRecordException when the record is recognised but cannot become an event; it is quarantined
     */
    Outcome parse(LogRecord record, EventSink sink) throws BadRecordException;
}
