package io.retrocut.ingest.format;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves {@code --format}: a preset name shipped in the jar, or the path of a format file.
 *
 * <p>Presets: {@code canonical} (retrocut events v1, the default), {@code etcd}, {@code etcd-raft-trace},
 * {@code govector}, {@code retroscope}, {@code shiviz}, {@code zookeeper}. All but {@code canonical} and
 * {@code retroscope} are format files under {@code io/retrocut/formats/} in the jar.
 */
public final class Formats {
    /** The preset names, sorted. */
    public static final List<String> PRESETS = List.of("canonical", "etcd", "etcd-raft-trace", "govector",
            "retroscope", "shiviz", "zookeeper");
    private static final String RESOURCES = "/io/retrocut/formats/";

    private Formats() {
    }

    /**
     * The format named by {@code nameOrPath}. A fresh instance each call: formats that number messages or track
     * Retroscope sets keep that state for one ingest run.
     *
     * @throws UserException {@link UserException.Kind#USAGE} for an unknown preset, a missing or unreadable format
     *     file, or a mistake in it
     */
    public static Format resolve(String nameOrPath) {
        requireNonNull(nameOrPath, "nameOrPath is null");
        if (PRESETS.contains(nameOrPath)) {
            return preset(nameOrPath);
        }
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.endsWith(".yaml")
                || nameOrPath.endsWith(".yml");
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            if (looksLikePath) {
                throw UserException.usage("format file " + nameOrPath + " does not exist");
            }
            throw UserException.usage("unknown format '" + nameOrPath + "'; presets: " + String.join(", ", PRESETS)
                    + "; or give a format file path");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserException.usage("cannot read format file " + nameOrPath + ": " + e.getMessage());
        }
        return FormatFile.compile(nameOrPath, text);
    }

    /** The text of a YAML preset, as shipped (for documentation and for users who want to copy one). */
    public static String presetText(String name) {
        try (InputStream in = Formats.class.getResourceAsStream(RESOURCES + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("preset " + name + " is not a format file in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read preset " + name + " from the jar", e);
        }
    }

    private static Format preset(String name) {
        return switch (name) {
            case "canonical" -> Format.CANONICAL;
            case "retroscope" -> new RetroscopeFormat();
            default -> FormatFile.compile(name, presetText(name));
        };
    }
}
