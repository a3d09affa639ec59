package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message-id budget of {@link CausalLinks} changes where occurrences are kept, never the output. */
class IngestMessageBudgetTest {
    @TempDir
    Path dir;

    /** Four nodes over three files (one gzipped): derived and given HLCs, and duplicate, missing and non-ASCII ids. */
    private Path input(long seed) {
        Random random = new Random(seed);
        Path in = dir.resolve("in");
        int sent = 0;
        for (int file = 0; file < 3; file++) {
            StringBuilder text = new StringBuilder();
            long hlc = 1_000;
            for (int line = 0; line < 1_500; line++) {
                String node = "n" + (file == 2 ? 2 + random.nextInt(2) : file);
                StringBuilder event = new StringBuilder("{\"node\":\"" + node + "\",\"key\":\"k" + random.nextInt(7)
                        + "\"");
                if (random.nextInt(4) == 0) {
                    hlc += random.nextInt(10) == 0 ? -3 : 1 + random.nextInt(3);
                    event.append(",\"hlc\":{\"l\":").append(hlc).append(",\"c\":0}");
                } else {
                    event.append(",\"ts\":").append(1_000 + random.nextInt(5_000));
                }
                if (random.nextInt(3) > 0) {
                    // mostly new ids; now and then one sent before (a duplicate)
                    int id = random.nextInt(20) == 0 && sent > 0 ? random.nextInt(sent) : sent++;
                    event.append(",\"send\":[\"").append(name(id)).append("\"]");
                }
                if (random.nextInt(2) == 0 && sent > 0) {
                    int id = random.nextInt(sent + 200) - 100;
                    event.append(",\"recv\":\"").append(id < 0 ? "lost" + id : name(id)).append("\"");
                }
                if (random.nextInt(5) == 0) {
                    event.append(",\"set\":{\"v\":").append(random.nextInt(9)).append("}");
                }
                text.append(event).append("}\n");
                if (random.nextInt(200) == 0) {
                    text.append("{broken\n");
                }
            }
            if (file == 2) {
                Fixture.writeBytes(dir, "in/f2.jsonl.gz", Fixture.gzip(text.toString()));
            } else {
                Fixture.write(dir, "in/f" + file + ".jsonl", text.toString());
            }
        }
        return in;
    }

    private static String name(int id) {
        return switch (id % 3) {
            case 0 -> "m" + id;
            case 1 -> "ü/" + id;
            default -> "rpc-" + id + "-x";
        };
    }

    @Test
    void aTinyBudgetGivesTheSameDatasetByteForByte() throws IOException {
        Path in = input(42);
        IngestSummary big = Ingest.run(IngestOptions.of(List.of(in), dir.resolve("big")), IngestProgress.NONE,
                Ingest.DEFAULT_ROWS_PER_PART, 1L << 30);
        IngestSummary tiny = Ingest.run(IngestOptions.of(List.of(in), dir.resolve("tiny")), IngestProgress.NONE,
                Ingest.DEFAULT_ROWS_PER_PART, 100);

        assertThat(big.quarantined()).as("the input has duplicate sends and bad lines").isGreaterThan(20);
        assertThat(Fixture.quarantine(dir.resolve("big"))).anyMatch(node -> node.get("reason").asText()
                .startsWith("duplicate message id"));
        assertThat(big.missingSends()).isPositive();
        assertThat(tiny).usingRecursiveComparison().ignoringFields("output", "quarantine").isEqualTo(big);
        List<String> files = files(dir.resolve("big"));
        assertThat(files(dir.resolve("tiny"))).isEqualTo(files).contains("_quarantine.jsonl", "_retrocut.json");
        for (String file : files) {
            assertThat(Files.readAllBytes(dir.resolve("tiny").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("big").resolve(file)));
        }
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
        }
    }
}
