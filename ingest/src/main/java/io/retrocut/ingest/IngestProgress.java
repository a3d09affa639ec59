package io.retrocut.ingest;

/**
 * Receives progress reports from {@link Ingest#run}. Called from the ingesting thread; implementations must be
 * cheap (reports are throttled to about one per MiB of input).
 */
public interface IngestProgress {
    /** Ignores every report. */
    IngestProgress NONE = new IngestProgress() {
        @Override
        public void bytesRead(long done, long total) {
        }

        @Override
        public void phase(String name) {
        }
    };

    /** {@code done} of {@code total} input bytes (as stored on disk, i.e. compressed for {@code .gz}) are consumed. */
    void bytesRead(long done, long total);

    /**
     * A new phase starts: {@code "reading input"}, then {@code "writing parquet"}; between them
     * {@code "reading input again (message ids sent twice)"} when some message id is sent twice (the progress of
     * that read follows).
     */
    void phase(String name);
}
