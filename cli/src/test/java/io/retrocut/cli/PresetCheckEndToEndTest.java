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

    @Test
    void zookeeperHasOneLeaderButFollowersWithoutOne() throws Exception {
        // Loghub's 2,000-line sample of a real 3-server ensemble, spanning weeks: server 2 is the only one ever
        // LEADING; from 2015-08-10 18:25:25.673 (server 2 logs FOLLOWING) to 2015-08-18 16:09:22.982 (it leads
        // again) the servers the sample shows are following with no leader in the sample; and from 2015-08-25
        // 11:26:27.861 (server 2 LOOKING, server 1 still FOLLOWING) to the end of the sample.
        Path events = temp.resolve("events-zk");
        assertThat(Cli.run("ingest", "--format", "zookeeper", RESOURCES.resolve("corpus/zookeeper-loghub/Zookeeper_2k.log").toString(),
                "-o", events.toString()).exitCode()).isEqualTo(0);
        Path invariants = Files.writeString(temp.resolve("zk.yaml"), """
                invariants:
                  - name: one-leading
                    check: "size(filter(nodes, n -> n.role = 'LEADING')) <= 1"
                  - name: followers-have-a-leader
                    check: "NOT exists(nodes, n -> n.role = 'FOLLOWING') OR exists(nodes, n -> n.role = 'LEADING')"
                """);
        Cli.Result check = Cli.run("check", events.toString(), "-i", invariants.toString(), "--json");
        assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
        JsonNode result = new ObjectMapper().readTree(check.out());
        assertThat(result.get("events").asLong()).isEqualTo(25);
        assertThat(result.get("invariants").get(0).get("intervals")).isEmpty();
        JsonNode leaderless = result.get("invariants").get(1).get("intervals");
        assertThat(leaderless).hasSize(2);
        assertThat(leaderless.get(0).get("start").get("l").asLong()).isEqualTo(1439231125673L);
        assertThat(leaderless.get(0).get("end").get("l").asLong()).isEqualTo(1439914162982L);
        assertThat(leaderless.get(0).get("witness").get("events").get(0).get("line").asLong()).isEqualTo(1410);
        assertThat(leaderless.get(1).get("start").get("l").asLong()).isEqualTo(1440501987861L);
        assertThat(leaderless.get(1).get("end").isNull()).isTrue();
        assertThat(leaderless.get(1).get("duration_ms").asLong()).isEqualTo(284);
    }
}
