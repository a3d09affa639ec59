package io.retrocut.ingest;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.EventsSchema;
import io.retrocut.events.UserException;
import io.retrocut.ingest.format.Format;
import io.retrocut.ingest.format.Formats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Converts canonical JSON-lines logs (SPEC §2) into the Parquet events dataset of {@link EventsSchema}.
 *
 * <p>Two streaming passes: the first reads, validates and quarantines lines and infers variable types while writing
 * each node's events to a spill; the second merges the nodes' events in causal order, derives the HLCs that are
 * missing (Kulkarni et al. 2014) and writes Parquet once the schema is known. Memory grows with the number of nodes,
 * keys and variables, not with the number of events or message ids (those beyond a budget go to files).
 *
 * <p>Everything is written into a hidden temporary sibling of the output directory that is renamed onto the output
 * at the end, so a failed or interrupted run leaves nothing at the target path (and removes its temporary directory
 * when it can). Not thread-safe per call; separate calls are independent.
 */
public final class Ingest {
    /** Rows per part: 0 = {@link IngestRun#automaticRowsPerPart}. */
    static final long DEFAULT_ROWS_PER_PART = 0;

    private Ingest() {
    }

    /**
     * Runs an ingest.
     *
     * @throws UserException {@link UserException.Kind#BAD_INPUT} for a missing or unreadable input or (with
     *     {@code strict}) the first bad line as {@code file:line: reason}; {@link UserException.Kind#USAGE} when the
     *     output exists and {@code overwrite} is off, or for an unknown format or a bad format file
     * @throws UncheckedIOException when the output cannot be written (the message names the file)
     */
    public static IngestSummary run(IngestOptions options, IngestProgress progress) throws UserException {
        return run(options, progress, DEFAULT_ROWS_PER_PART);
    }

    static IngestSummary run(IngestOptions options, IngestProgress progress, long rowsPerPart) {
        return run(options, progress, rowsPerPart, CausalLinks.DEFAULT_BUDGET);
    }

    /** With {@code messageBudget}: the bytes of message-id occurrences held in memory ({@link CausalLinks}). */
    static IngestSummary run(IngestOptions options, IngestProgress progress, long rowsPerPart, long messageBudget) {
        requireNonNull(options, "options is null");
        requireNonNull(progress, "progress is null");
        Format format = Formats.resolve(options.format());
        List<Path> files = InputFiles.resolve(options.inputs(), options.output());
        Path output = options.output().toAbsolutePath().normalize();
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !options.overwrite()) {
            throw alreadyExists(options.output());
        }
        Path parent = output.getParent();
        Path temp;
        try {
            Files.createDirectories(parent);
            temp = createTemporarySibling(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory next to " + output + ": "
                    + IoErrors.describe(e), e);
        }
        boolean published = false;
        try {
            IngestSummary summary = new IngestRun(options, format, files, temp, progress, rowsPerPart, messageBudget, null)
                    .execute();
            publish(temp, output, options);
            published = true;
            return summary;
        } finally {
            if (!published) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Creates {@code .<name>.tmp-<random>} next to the output. Not {@link Files#createTempDirectory}: that makes the
     * directory owner-only, and the dataset keeps the permissions of the directory it is renamed from.
     */
    private static Path createTemporarySibling(Path output) throws IOException {
        while (true) {
            Path temp = output.resolveSibling("." + output.getFileName() + ".tmp-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                return Files.createDirectory(temp);
            } catch (FileAlreadyExistsException e) {
                // another run picked the same name; draw again
            }
        }
    }

    private static UserException alreadyExists(Path output) {
        return UserException.usage("output " + output + " already exists; pass --overwrite to replace it");
    }

    private static void publish(Path temp, Path output, IngestOptions options) {
        try {
            if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            if (!options.overwrite()) {
                throw alreadyExists(options.output());
            }
            // move the old dataset aside first, so that the target path only ever holds a complete dataset
            Path old = output.resolveSibling("." + output.getFileName() + ".old-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            Files.move(output, old, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(old, output, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            deleteQuietly(old);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot move the finished dataset to " + output + ": " + IoErrors.describe(e), e);
        }
    }

    static void deleteQuietly(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: the temporary directory is hidden and named as ours, the user can remove it
        }
    }
}
