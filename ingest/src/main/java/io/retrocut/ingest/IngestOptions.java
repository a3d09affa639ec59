package io.retrocut.ingest;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.HlcUnit;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Ingest#run} reads and where it writes.
 *
 * @param inputs files or directories (directories are read recursively, hidden entries skipped); {@code .gz} files
 *     are decompressed
 * @param output the events directory to create
 * @param hlcUnit the unit of {@code hlc.l} in the input; {@code ts} values are converted into it
 * @param strict stop at the first bad line instead of quarantining it
 * @param overwrite replace an existing output
 * @param maxLineBytes lines longer than this (without the line terminator) are quarantined unread
 * @param format the input format: a preset name ({@code canonical}, the default, or one of
 *     {@link io.retrocut.ingest.format.Formats#PRESETS}) or the path of a format file; resolved by {@link Ingest#run}
 */
public record IngestOptions(
        List<Path> inputs, Path output, HlcUnit hlcUnit, boolean strict, boolean overwrite, int maxLineBytes,
        String format) {
    public static final String DEFAULT_FORMAT = "canonical";

    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /** One line is held in memory, so its limit is bounded (1 GiB). */
    public static final int MAX_LINE_BYTES_LIMIT = 1 << 30;

    public IngestOptions {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        requireNonNull(output, "output is null");
        requireNonNull(hlcUnit, "hlcUnit is null");
        requireNonNull(format, "format is null");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs is empty");
        }
        if (maxLineBytes < 1 || maxLineBytes > MAX_LINE_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be between 1 and " + MAX_LINE_BYTES_LIMIT + ": " + maxLineBytes);
        }
    }

    /** The canonical format. */
    public IngestOptions(
            List<Path> inputs, Path output, HlcUnit hlcUnit, boolean strict, boolean overwrite, int maxLineBytes) {
        this(inputs, output, hlcUnit, strict, overwrite, maxLineBytes, DEFAULT_FORMAT);
    }

    /** Defaults: canonical format, milliseconds, quarantine bad lines, refuse to overwrite, 1 MiB lines. */
    public static IngestOptions of(List<Path> inputs, Path output) {
        return new IngestOptions(inputs, output, HlcUnit.MS, false, false, DEFAULT_MAX_LINE_BYTES, DEFAULT_FORMAT);
    }

    public IngestOptions withFormat(String value) {
        return new IngestOptions(inputs, output, hlcUnit, strict, overwrite, maxLineBytes, value);
    }

    public IngestOptions withHlcUnit(HlcUnit unit) {
        return new IngestOptions(inputs, output, unit, strict, overwrite, maxLineBytes, format);
    }

    public IngestOptions withStrict(boolean value) {
        return new IngestOptions(inputs, output, hlcUnit, value, overwrite, maxLineBytes, format);
    }

    public IngestOptions withOverwrite(boolean value) {
        return new IngestOptions(inputs, output, hlcUnit, strict, value, maxLineBytes, format);
    }

    public IngestOptions withMaxLineBytes(int value) {
        return new IngestOptions(inputs, output, hlcUnit, strict, overwrite, value, format);
    }
}
