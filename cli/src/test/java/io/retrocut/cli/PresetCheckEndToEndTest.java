package io.retrocut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets on real recorded logs, through ingest and check: the results an engineer would act on. */
class PresetCheckEndToEndTest {
    private static final Path RESOURCES = Path.of("../ingest/src/test/resources");
    private static final String INVARIANTS = """
            invariants:
              - name: election-safety
                check: "size(filter(nodes, n -> n.role = 'LEADER')) = size(array_distinct(transform(filter(nodes, n -> n.role = 'LEADER'), n -> n.term)))"
              - name: one-leader
                check: "size(filter(nodes, n -> n.role = 'LEADER')) <= 1"
            """;

    @TempDir
    Path temp;

    private JsonNode check(String format, String... logs) throws Exception {
        Path events = temp.resolve("events-" + format);
        String[] ingest = new String[logs.length + 5];
        ingest[0] = "ingest";
        ingest[1] = "--format";
        ingest[2] = format;
        for (int i = 0; i < logs.length; i++) {
            ingest[3 + i] = RESOURCES.resolve(logs[i]).toString();
        }
        ingest[logs.length + 3] = "-o";
        ingest[logs.length + 4] = events.toString();
        Cli.Result ingested = Cli.run(ingest);
        assertThat(ingested.exitCode()).as(ingested.err()).isEqualTo(0);
        Path invariants = Files.writeString(temp.resolve("invariants.yaml"), INVARIANTS);
        Cli.Result check = Cli.run("check", events.toString(), "-i", invariants.toString(), "--json");
        assertThat(check.err()).isEmpty();
        return new ObjectMapper().readTree(check.out());
    }

    @Test
    void etcdPausedLeaderOverlapsTheNewOneButElectionSafetyHolds() throws Exception {
        // A real etcd 3.4.23 cluster (scripts/etcd-cluster.sh): leader etcd3 (aa83…) SIGSTOPped at 23:14:21.199,
        // etcd2 (1f15…) elected in term 3 at 22.551, etcd3 resumed at 25.199 and stepped down; then etcd2 SIGKILLed,
        // etcd1 (674e…) elected in term 4 at 26.522, etcd2 restarted at 26.809.
        JsonNode result = check("etcd", "etcd-cluster/etcd1.log", "etcd-cluster/etcd2.log", "etcd-cluster/etcd3.log");
        assertThat(result.get("events").asLong()).isEqualTo(53);
        JsonNode safety = result.get("invariants").get(0);
        assertThat(safety.get("intervals")).isEmpty();
        assertThat(safety.get("violating_cuts").asLong()).isZero();

        JsonNode overlaps = result.get("invariants").get(1).get("intervals");
        assertThat(overlaps).hasSize(2);
        JsonNode paused = overlaps.get(0);
        assertThat(paused.get("start").toString()).isEqualTo("{\"l\":1795475662551,\"c\":0}");
        assertThat(paused.get("end").toString()).isEqualTo("{\"l\":1795475665199,\"c\":1}");
        assertThat(paused.get("duration_ms").asLong()).isEqualTo(2648);
        assertThat(paused.get("witness").get("nodes").toString()).contains(
                "{\"node\":\"1f15bb1d4890c4c8\",\"role\":\"LEADER\",\"term\":3,",
                "{\"node\":\"aa830bb056e19751\",\"leader\":\"aa830bb056e19751\",\"role\":\"LEADER\",\"term\":2}");
        JsonNode killed = overlaps.get(1);
        assertThat(killed.get("start").toString()).isEqualTo("{\"l\":1795475666522,\"c\":0}");
        assertThat(killed.get("end").toString()).isEqualTo("{\"l\":1795475666809,\"c\":0}");
        assertThat(killed.get("duration_ms").asLong()).isEqualTo(287);
    }

    @Test
    void etcdRaftTraceKeepsElectionSafety() throws Exception {
        JsonNode result = check("etcd-raft-trace", "corpus/etcd-raft-trace/example.ndjson");
        assertThat(result.get("events").asLong()).isEqualTo(4888);
        assertThat(result.get("cuts").asLong()).isEqualTo(3375);
        for (JsonNode invariant : result.get("invariants")) {
            assertThat(invariant.get("intervals")).as(invariant.get("name").asText()).isEmpty();
            assertThat(invariant.get("cuts_checked").asLong()).isEqualTo(3375);
        }
    }
}
