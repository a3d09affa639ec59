package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.analysis.report.ForensicsReports;
import io.retrocut.analysis.spark.TestEvents.KeyedEvent;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForensicsJobTest {
    private static final Variables VARIABLES = new Variables(List.of("role", "term"), List.of(VariableType.STRING, VariableType.LONG));
    private static final long T0 = 1763800000000L;

    private static SparkSession spark;
    @TempDir
    static Path temp;
    private static String events;

    @BeforeAll
    static void writeHistory() {
        spark = SparkTestSession.start();
        events = temp.resolve("events").toString();
        TestEvents.write(spark, Path.of(events), VARIABLES, List.of(
                event("g1", "n1", 100, 0, "Start", "FOLLOWER", 1L, 1),
                event("g1", "n2", 100, 0, "Start", "FOLLOWER", 1L, 1),
                event("g2", "n1", 101, 0, "BecomeLeader", "LEADER", 1L, 2),
                event("g1", "n1", 105, 0, "BecomeLeader", "LEADER", null, 3),
                event("g1", "n3", 106, 0, "Start", "FOLLOWER", 1L, 1),
                event("g1", "n2", 110, 0, "BecomeLeader", "LEADER", 2L, 2),
                event("g1", "n1", 112, 1, "BecomeFollower", "FOLLOWER", 2L, 4)), 2);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static KeyedEvent event(String key, String node, long l, int c, String type, String role, Long term, long line) {
        return new KeyedEvent(key, new SweepEvent(node, new Hlc(T0 + l, c), type, new Object[] {role, term}, node + ".jsonl", line, null));
    }

    @Test
    void snapshotShowsTheLastCutAtOrBeforeT() {
        var outcome = ForensicsCommandRunner.snapshot(spark, events, String.valueOf(T0 + 111), null);
        assertThat(ForensicsReports.snapshotText(outcome.snapshot(), outcome.unit())).isEqualTo("""
                key 'g1' — cut at 2025-11-22T08:26:40.110Z (1763800000110.0)
                  node  role      term
                  n1    LEADER    1
                  n2    LEADER    2
                  n3    FOLLOWER  1

                key 'g2' — cut at 2025-11-22T08:26:40.101Z (1763800000101.0)
                  node  role    term
                  n1    LEADER  1
                """);
        assertThat(ForensicsReports.snapshotJson(outcome.snapshot())).isEqualTo(
                "{\"at\":{\"l\":1763800000111,\"c\":2147483647},\"keys\":["
                        + "{\"key\":\"g1\",\"cut\":{\"l\":1763800000110,\"c\":0},\"nodes\":[{\"node\":\"n1\",\"role\":\"LEADER\",\"term\":1},"
                        + "{\"node\":\"n2\",\"role\":\"LEADER\",\"term\":2},{\"node\":\"n3\",\"role\":\"FOLLOWER\",\"term\":1}]},"
                        + "{\"key\":\"g2\",\"cut\":{\"l\":1763800000101,\"c\":0},\"nodes\":[{\"node\":\"n1\",\"role\":\"LEADER\",\"term\":1}]}]}");
    }

    @Test
    void snapshotOfOneKeyAndBeforeEverything() {
        var g2 = ForensicsCommandRunner.snapshot(spark, events, "2025-11-22T08:26:40.200Z", "g2");
        assertThat(g2.snapshot().keys()).extracting(key -> key.key()).containsExactly("g2");
        var early = ForensicsCommandRunner.snapshot(spark, events, String.valueOf(T0 + 99), null);
        assertThat(ForensicsReports.snapshotText(early.snapshot(), early.unit()))
                .isEqualTo("no key has an event at or before 2025-11-22T08:26:40.099Z (1763800000099.2147483647)\n");
    }

    @Test
    void replayShowsChangesAndFlips() throws Exception {
        Path invariants = temp.resolve("inv.yaml");
        Files.writeString(invariants, """
                invariants:
                  - name: one-leader
                    check: "size(filter(nodes, n -> n.role = 'LEADER')) <= 1"
                """);
        var outcome = ForensicsCommandRunner.replay(spark, events, String.valueOf(T0 + 105), (T0 + 112) + ".1", "g1", invariants);
        assertThat(ForensicsReports.replayText(outcome.steps(), outcome.unit())).isEqualTo("""
                2025-11-22T08:26:40.105Z (1763800000105.0)  key 'g1'
                  n1 BecomeLeader (n1.jsonl:3)
                    n1.role: 'FOLLOWER' → 'LEADER'
                2025-11-22T08:26:40.106Z (1763800000106.0)  key 'g1'
                  n3 Start (n3.jsonl:1)
                    n3 joins the cut
                    n3.role: (unset) → 'FOLLOWER'
                    n3.term: (unset) → 1
                2025-11-22T08:26:40.110Z (1763800000110.0)  key 'g1'
                  n2 BecomeLeader (n2.jsonl:2)
                    n2.role: 'FOLLOWER' → 'LEADER'
                    n2.term: 1 → 2
                    ! one-leader: ok → violated
                2025-11-22T08:26:40.112Z (1763800000112.1)  key 'g1'
                  n1 BecomeFollower (n1.jsonl:4)
                    n1.role: 'LEADER' → 'FOLLOWER'
                    n1.term: 1 → 2
                    ! one-leader: violated → ok
                """);
    }
}
