package io.retrocut.ingest;

import io.retrocut.events.UserException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Expands the input arguments into the sorted list of regular files to read. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * Every input must exist (checked for all of them before anything is read). A directory contributes all regular
     * files below it whose names (and whose directories' names) do not start with {@code '.'}; the whole list is
     * sorted by path and de-duplicated.
     */
    static List<Path> resolve(List<Path> inputs) {
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw UserException.badInput("input not found: " + input);
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                walk(input, files);
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

    private static void walk(Path root, List<Path> files) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
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
            throw UserException.badInput("cannot list input directory " + root + ": " + e.getMessage());
        }
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
