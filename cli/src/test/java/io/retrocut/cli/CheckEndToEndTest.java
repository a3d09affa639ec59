package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest → check through the command line, on the bundled raft example and on a clean run of the same group. */
class CheckEndToEndTest {
    private static final Path SAMPLE = Path.of("../sample-data/raft");

    @TempDir
    Path temp;

    @Test
    void plantedDoubleLeaderIsReportedExactlyWithItsWitness() throws Exception {
        Path events = temp.resolve("events");
        Cli.Result ingest = Cli.run("ingest", SAMPLE.resolve("logs").toString(), "-o", events.toString(), "--json");
        assertThat(ingest.exitCode()).isEqualTo(0);
        JsonNode summary = new ObjectMapper().readTree(ingest.out());
        assertThat(summary.get("read").asLong()).isEqualTo(54);
        assertThat(summary.get("ingested").asLong()).isEqualTo(54);
        assertThat(summary.get("quarantined").asLong()).isZero();

        Cli.Result check = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "--json");
        assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
        JsonNode result = new ObjectMapper().readTree(check.out());
        assertThat(result.get("events").asLong()).isEqualTo(54);
        assertThat(result.get("keys").asLong()).isEqualTo(1);
        assertThat(result.get("cuts").asLong()).isEqualTo(52);

        JsonNode safety = result.get("invariants").get(0);
        assertThat(safety.get("name").asText()).isEqualTo("election-safety");
        assertThat(safety.get("violating_cuts").asLong()).isEqualTo(2);
        assertThat(safety.get("intervals")).hasSize(1);
        JsonNode interval = safety.get("intervals").get(0);
        String logs = SAMPLE.resolve("logs").toString();
        assertThat(interval.toString()).isEqualTo(("{\"key\":\"raft-1\",\"start\":{\"l\":1763800000565,\"c\":0},"
                + "\"end\":{\"l\":1763800000601,\"c\":0},\"duration_ms\":36,\"cuts\":2,\"witness\":{\"nodes\":["
                + "{\"node\":\"n1\",\"commit\":5,\"leader\":\"n1\",\"role\":\"LEADER\",\"term\":1,\"voted_for\":\"n1\"},"
                + "{\"node\":\"n2\",\"commit\":5,\"leader\":\"n2\",\"role\":\"LEADER\",\"term\":2,\"voted_for\":\"n3\"},"
                + "{\"node\":\"n3\",\"commit\":5,\"leader\":\"n3\",\"role\":\"LEADER\",\"term\":2,\"voted_for\":\"n2\"}],"
                + "\"events\":[{\"node\":\"n3\",\"hlc\":{\"l\":1763800000565,\"c\":0},\"type\":\"BecomeLeader\","
                + "\"file\":\"LOGS/n3.jsonl\",\"line\":11,\"extra\":{\"msg\":\"became leader at term 2\"}}]}}")
                .replace("LOGS", logs));

        JsonNode oneLeader = result.get("invariants").get(1);
        assertThat(oneLeader.get("name").asText()).isEqualTo("one-leader");
        assertThat(oneLeader.get("intervals")).hasSize(1);
        assertThat(oneLeader.get("intervals").get(0).get("start").toString()).isEqualTo("{\"l\":1763800000564,\"c\":0}");
        assertThat(oneLeader.get("intervals").get(0).get("end").toString()).isEqualTo("{\"l\":1763800000703,\"c\":0}");
        assertThat(oneLeader.get("intervals").get(0).get("duration_ms").asLong()).isEqualTo(139);

        JsonNode terms = result.get("invariants").get(2);
        assertThat(terms.get("name").asText()).isEqualTo("term-agreement");
        assertThat(terms.get("intervals")).isEmpty();
    }

    @Test
    void cleanElectionExitsZeroAndSaysOk() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("clean"));
        Files.write(logs.resolve("n1.jsonl"), List.of(
                "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000000,\"c\":0},\"key\":\"raft-1\",\"type\":\"Start\",\"set\":{\"role\":\"FOLLOWER\",\"term\":0}}",
                "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000150,\"c\":0},\"key\":\"raft-1\",\"type\":\"BecomeCandidate\",\"set\":{\"role\":\"CANDIDATE\",\"term\":1},\"send\":[\"rv-n2\",\"rv-n3\"]}",
                "{\"node\":\"n1\",\"hlc\":{\"l\":1763800000154,\"c\":0},\"key\":\"raft-1\",\"type\":\"BecomeLeader\",\"set\":{\"role\":\"LEADER\"},\"recv\":\"vote-n2\"}"));
        Files.write(logs.resolve("n2.jsonl"), List.of(
                "{\"node\":\"n2\",\"hlc\":{\"l\":1763800000000,\"c\":0},\"key\":\"raft-1\",\"type\":\"Start\",\"set\":{\"role\":\"FOLLOWER\",\"term\":0}}",
                "{\"node\":\"n2\",\"hlc\":{\"l\":1763800000152,\"c\":0},\"key\":\"raft-1\",\"type\":\"GrantVote\",\"set\":{\"term\":1},\"recv\":\"rv-n2\",\"send\":\"vote-n2\"}"));
        Files.write(logs.resolve("n3.jsonl"), List.of(
                "{\"node\":\"n3\",\"hlc\":{\"l\":1763800000001,\"c\":0},\"key\":\"raft-1\",\"type\":\"Start\",\"set\":{\"role\":\"FOLLOWER\",\"term\":0}}",
                "{\"node\":\"n3\",\"hlc\":{\"l\":1763800000153,\"c\":0},\"key\":\"raft-1\",\"type\":\"GrantVote\",\"set\":{\"term\":1},\"recv\":\"rv-n3\"}"));
        Path events = temp.resolve("events");
        assertThat(Cli.run("ingest", logs.toString(), "-o", events.toString()).exitCode()).isEqualTo(0);

        Cli.Result check = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(0);
        assertThat(check.out()).startsWith("checked 3 invariant(s) on 6 cuts of 1 key(s) (7 events)\n");
        assertThat(check.out()).contains("election-safety: ok — 6 cuts checked, 0 violating, 0 indeterminate\n");
        assertThat(check.out()).contains("one-leader: ok — 6 cuts checked, 0 violating, 0 indeterminate\n");
    }

    @Test
    void outputDirectoryHoldsParquetIntervalsAndTheJsonDocument() throws Exception {
        Path events = temp.resolve("events");
        assertThat(Cli.run("ingest", SAMPLE.resolve("logs").toString(), "-o", events.toString()).exitCode()).isEqualTo(0);
        Path out = temp.resolve("result");
        Cli.Result check = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "-o", out.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(out.resolve("check.json")).exists();
        assertThat(Files.list(out.resolve("intervals")).anyMatch(file -> file.toString().endsWith(".parquet"))).isTrue();
        assertThat(Files.list(out.resolve("witness_nodes")).anyMatch(file -> file.toString().endsWith(".parquet"))).isTrue();
        assertThat(Files.list(temp).map(path -> path.getFileName().toString())).noneMatch(name -> name.contains(".tmp-"));
        // the tables hold what the JSON document says, row for row
        JsonNode document = new ObjectMapper().readTree(out.resolve("check.json").toFile());
        List<String> expected = new ArrayList<>();
        int values = 0;
        int stepEvents = 0;
        for (JsonNode invariant : document.get("invariants")) {
            for (JsonNode interval : invariant.get("intervals")) {
                JsonNode end = interval.get("end");
                expected.add(String.join(" ", invariant.get("name").asText(), interval.get("key").asText(),
                        interval.get("start").get("l").asText(), interval.get("start").get("c").asText(),
                        interval.get("start").get("l").asText() + "000", end == null ? "-" : end.get("l").asText(),
                        end == null ? "-" : end.get("c").asText(), interval.get("duration_ms").asText(),
                        interval.get("cuts").asText()));
                for (JsonNode node : interval.get("witness").get("nodes")) {
                    values += node.size() - 1;
                }
                stepEvents += interval.get("witness").get("events").size();
            }
        }
        List<String> rows = new ArrayList<>();
        for (Group row : parquetRows(out.resolve("intervals"))) {
            boolean open = row.getFieldRepetitionCount("end_l") == 0;
            rows.add(String.join(" ", row.getString("invariant", 0), row.getString("key", 0), String.valueOf(row.getLong("start_l", 0)),
                    String.valueOf(row.getInteger("start_c", 0)), String.valueOf(row.getLong("start_time", 0)),
                    open ? "-" : String.valueOf(row.getLong("end_l", 0)), open ? "-" : String.valueOf(row.getInteger("end_c", 0)),
                    String.valueOf(row.getLong("duration_ms", 0)), String.valueOf(row.getLong("cuts", 0))));
        }
        assertThat(expected).isNotEmpty();
        assertThat(rows).isEqualTo(expected);
        assertThat(parquetRows(out.resolve("witness_nodes"))).hasSize(values);
        assertThat(parquetRows(out.resolve("witness_events"))).hasSize(stepEvents);

        Cli.Result again = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "-o", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("retrocut: output " + out + " already exists; pass --overwrite to replace it\n");
    }

    @Test
    void maxSkewMarksShortIntervalsAsPossible() throws Exception {
        Path events = temp.resolve("events");
        assertThat(Cli.run("ingest", SAMPLE.resolve("logs").toString(), "-o", events.toString()).exitCode()).isEqualTo(0);
        Cli.Result check = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(),
                "--max-skew", "50ms", "--json");
        assertThat(check.exitCode()).isEqualTo(1);
        JsonNode result = new ObjectMapper().readTree(check.out());
        assertThat(result.get("invariants").get(0).get("intervals").get(0).get("duration_ms").asLong()).isEqualTo(36);
        assertThat(result.get("invariants").get(0).get("intervals").get(0).get("certainty").asText()).isEqualTo("possible");
        assertThat(result.get("invariants").get(1).get("intervals").get(0).get("duration_ms").asLong()).isEqualTo(139);
        assertThat(result.get("invariants").get(1).get("intervals").get(0).get("certainty").asText()).isEqualTo("definite");

        Cli.Result text = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "--max-skew", "50ms");
        assertThat(text.out()).contains("36 ms, 2 cut(s) — POSSIBLE: shorter than --max-skew 50 ms, may be a clock-skew artifact\n");
        assertThat(text.out()).contains("139 ms, 8 cut(s) — definite\n");

        Cli.Result bad = Cli.run("check", events.toString(), "-i", SAMPLE.resolve("invariants.yaml").toString(), "--max-skew", "soon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("retrocut: bad --max-skew: 'soon' is not a duration; use a number with ms, s or m, e.g. 20ms, 1.5s, 2m\n");
    }

    @Test
    void sameJsonAtEveryParallelismAndWithTimeSlicing() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("random"));
        RandomRaft.write(logs, new java.util.Random(7), 3, 4, 1500);
        Path events = temp.resolve("events");
        assertThat(Cli.run("ingest", logs.toString(), "-o", events.toString()).exitCode()).isEqualTo(0);
        String invariants = SAMPLE.resolve("invariants.yaml").toString();

        Cli.Result reference = Cli.run("check", events.toString(), "-i", invariants, "--json", "--master", "local[1]");
        assertThat(reference.exitCode()).as(reference.err()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(reference.out()).get("invariants").get(0).get("intervals").size()).isGreaterThan(3);
        for (String[] variant : List.of(
                new String[] {"--master", "local[2]"},
                new String[] {"--master", "local[8]"},
                new String[] {"--master", "local[2]", "--time-slices", "5"},
                new String[] {"--master", "local[8]", "--time-slices", "13"})) {
            List<String> args = new java.util.ArrayList<>(List.of("check", events.toString(), "-i", invariants, "--json"));
            args.addAll(List.of(variant));
            Cli.Result run = Cli.run(args.toArray(String[]::new));
            assertThat(run.out()).as(String.join(" ", variant)).isEqualTo(reference.out());
        }
    }

    /** Every row of the Parquet files in {@code directory}, read with parquet-mr. */
    private static List<Group> parquetRows(Path directory) throws Exception {
        List<Group> rows = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".parquet")).sorted().toList()) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                        new org.apache.hadoop.fs.Path(file.toUri())).build()) {
                    for (Group row = reader.read(); row != null; row = reader.read()) {
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }
}
