package io.retrocut.ingest.format;

/**
 * A compiled log format: how to cut an input file into records ({@link #framing()}) and how to turn a record into an
 * event ({@link #open}). Immutable and shareable; the per-file state lives in the {@link FormatReader}.
 *
 * <p>The canonical format (retrocut events v1, SPEC §2) is {@link #CANONICAL}: the ingest parses it with its own
 * byte-level parser, so it has no reader here.
 */
public interface Format {
    /** The canonical JSON-lines format; {@link #open} is not supported, the ingest reads it directly. */
    Format CANONICAL = new Format() {
        @Override
        public String name() {
            return "canonical";
        }

        @Override
        public Framing framing() {
            return Framing.LINE;
        }

        @Override
        public FormatReader open(String file) {
            throw new UnsupportedOperationException("the canonical format is parsed by the ingest itself");
        }
    };

    /** The preset name, or the format file's path. */
    String name();

    Framing framing();

    /**
     * A reader for one input file.
     *
     * @param file the file's path as the ingest reports it (formats may take the node from its name)
     */
    FormatReader open(String file);

    /** Lines to drop before framing (e.g. a ShiViz header), counted as ignored; null when none. */
    default java.util.regex.Pattern skip() {
        return null;
    }
}
