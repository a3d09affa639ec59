package io.retrocut.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a randomized canonical dump, one file per node: several raft groups (keys) whose nodes flap between roles
 * and terms, with many HLCs shared across nodes, so double leaders and equal-HLC cuts are common.
 */
final class RandomRaft {
    private RandomRaft() {
    }

    static void write(Path directory, Random random, int keys, int nodes, int eventsPerKey) throws IOException {
        Map<String, Writer> files = new HashMap<>();
        Map<String, long[]> last = new HashMap<>();
        try {
            for (int k = 0; k < keys; k++) {
                for (int i = 0; i < eventsPerKey; i++) {
                    String node = "n" + random.nextInt(nodes);
                    long l = 1_763_800_000_000L + i / 3;
                    long[] previous = last.computeIfAbsent(node, n -> new long[] {-1, 0});
                    int c = previous[0] < l ? random.nextInt(2) : (int) previous[1] + 1;
                    l = Math.max(l, previous[0]);
                    previous[0] = l;
                    previous[1] = c;
                    String role = switch (random.nextInt(5)) {
                        case 0 -> "\"role\":\"LEADER\",";
                        case 1 -> "\"role\":\"FOLLOWER\",";
                        case 2 -> "\"role\":null,";
                        default -> "";
                    };
                    String line = "{\"node\":\"" + node + "\",\"hlc\":{\"l\":" + l + ",\"c\":" + c + "},\"key\":\"g" + k
                            + "\",\"type\":\"Step\",\"set\":{" + role + "\"term\":" + (i / 100 + random.nextInt(2)) + "}}\n";
                    files.computeIfAbsent(node, n -> open(directory.resolve(n + ".jsonl"))).write(line);
                }
            }
        } finally {
            for (Writer writer : files.values()) {
                writer.close();
            }
        }
    }

    private static Writer open(Path file) {
        try {
            return Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
