package io.retrocut.ingest;

import io.retrocut.events.UserException;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Expands the input arguments into the sorted list of regular files to read. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * Every input must exist (checked for all of them before anything is read). A directory contributes all regular
     * files below it whose names (and whose directories' names) do not start with {@code '.'}; the whole list is
     * sorted by path and de-duplicated. Symbolic links are followed. The {@code output} directory is skipped, so
     * that re-ingesting a directory that holds a previous output does not read that output as input.
     */
    static List<Path> resolve(List<Path> inputs, Path output) {
        Path excluded = output.toAbsolutePath().normalize();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw UserException.badInput("input not found: " + input);
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                walk(input, excluded, files);
            } else {
                files.add(input);
            }
        }
        files.sort(null);
        List<Path> distinct = new ArrayList<>(files.size());
        for (Path file : files) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(file)) {
                distinct.add(file);
            }
        }
        return List.copyOf(distinct);
    }

    private static void walk(Path root, Path excluded, List<Path> files) {
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    boolean skip = !dir.equals(root)
                            && (isHidden(dir) || dir.toAbsolutePath().normalize().equals(excluded));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                    if (failure instanceof FileSystemLoopException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw failure;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && !isHidden(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw UserException.badInput("cannot list input directory " + root + ": " + IoErrors.describe(e));
        }
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
