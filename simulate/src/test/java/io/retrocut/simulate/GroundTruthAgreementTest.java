package io.retrocut.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.report.InvariantResult;
import io.retrocut.analysis.sweep.ViolationInterval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's ground truth is exactly what {@code retrocut check} reports on the simulated logs: every scenario,
 * with its faults, at two scales and three seeds. Skewed clocks make HLC order differ from true time order, so this
 * also checks that the ground truth sweeps cuts in HLC order, not in the order events happened.
 */
class GroundTruthAgreementTest {
    private static SparkSession spark;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startSpark() {
        spark = Checked.spark();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    static Stream<Arguments> runs() {
        List<SimulationOptions> shapes = List.of(
                SimulationOptions.of("raft").withEvents(2_000).withFaults("double-vote").withPrevote(false),
                SimulationOptions.of("raft").withNodes(5).withKeys(6).withEvents(12_000).withSkewMs(20).withFaults("partition")
                        .withPrevote(false),
                SimulationOptions.of("zookeeper").withEvents(2_000).withFaults("gc-pauses"),
                SimulationOptions.of("zookeeper").withNodes(5).withKeys(40).withEvents(12_000).withSkewMs(20).withFaults("gc-pauses"),
                SimulationOptions.of("nat").withEvents(2_000).withFaults("stale-primary"),
                SimulationOptions.of("nat").withNodes(4).withKeys(50).withEvents(12_000).withSkewMs(20).withFaults("stale-primary"));
        List<Arguments> runs = new ArrayList<>();
        for (SimulationOptions shape : shapes) {
            for (long seed : new long[] {1, 2, 3}) {
                runs.add(Arguments.of(shape.withSeed(seed)));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void checkReportsExactlyTheGroundTruth(SimulationOptions options) {
        Path run = temp.resolve(options.scenario() + "-" + options.events() + "-" + options.seed());
        Simulator.Summary truth = Simulator.run(options, run);
        CheckResult checked = Checked.check(spark, run);

        assertThat(checked.events()).isEqualTo(truth.events()).isEqualTo(options.events());
        assertThat(checked.keys()).isEqualTo(truth.keys());
        assertThat(checked.cuts()).isEqualTo(truth.cuts());
        assertThat(checked.invariants()).hasSameSizeAs(truth.truth());
        for (int i = 0; i < truth.truth().size(); i++) {
            GroundTruth.Result expected = truth.truth().get(i);
            InvariantResult actual = checked.invariants().get(i);
            assertThat(actual.name()).isEqualTo(expected.invariant().name());
            assertThat(render(actual)).as(actual.name()).isEqualTo(render(expected));
        }
    }

    /**
     * The partially partitioned node n5 (it reaches only n4) keeps deposing leaders without PreVote: elections
     * (leaderless stretches) begin again and again with its BecomeCandidate. With PreVote it never starts one: after
     * each group's first election, a group re-elects at most once, when its leader was n5 itself (cut off from the
     * majority by the partition).
     */
    @org.junit.jupiter.api.Test
    void withoutPreVoteThePartitionedNodeKeepsDeposingLeaders() {
        SimulationOptions off = SimulationOptions.of("raft").withNodes(5).withKeys(3).withEvents(15_000).withFaults("partition")
                .withPrevote(false);
        List<ViolationInterval> elections = elections(off);
        long causedByPartitioned = elections.stream().filter(GroundTruthAgreementTest::startedByN5).count();
        assertThat(causedByPartitioned).as("elections started by n5's BecomeCandidate: %s", elections).isGreaterThanOrEqualTo(4);
        assertThat(elections.size()).isGreaterThanOrEqualTo(3 + 4);

        List<ViolationInterval> stable = elections(off.withPrevote(true));
        assertThat(stable).noneMatch(GroundTruthAgreementTest::startedByN5);
        long partitionAt = Simulation.BASE_MS + RaftScenario.PARTITION_AT_US / 1000;
        for (String key : List.of("raft-1", "raft-2", "raft-3")) {
            assertThat(stable).filteredOn(interval -> interval.key().equals(key) && interval.start().l() < partitionAt).hasSize(1);
            assertThat(stable).filteredOn(interval -> interval.key().equals(key) && interval.start().l() >= partitionAt).hasSizeLessThanOrEqualTo(1);
        }
    }

    private List<ViolationInterval> elections(SimulationOptions options) {
        Path run = temp.resolve("prevote-" + options.prevote());
        Simulator.run(options, run);
        return Checked.check(spark, run).invariants().stream().filter(result -> result.name().equals("leader-of-newest-term"))
                .findFirst().orElseThrow().intervals();
    }

    private static boolean startedByN5(ViolationInterval interval) {
        return interval.witness().events().stream().anyMatch(event -> event.node().equals("n5") && "BecomeCandidate".equals(event.type()));
    }

    /** The counts and every interval as text, so a mismatch shows where the two differ. */
    static List<String> render(InvariantResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("cuts " + result.cutsChecked() + ", violating " + result.violatingCuts() + ", indeterminate " + result.indeterminateCuts());
        for (ViolationInterval interval : result.intervals()) {
            lines.add(interval.key() + " " + interval.start() + " → " + interval.end() + " " + interval.durationMs() + " ms " + interval.cuts() + " cuts");
        }
        return lines;
    }

    static List<String> render(GroundTruth.Result result) {
        List<String> lines = new ArrayList<>();
        lines.add("cuts " + result.cutsChecked() + ", violating " + result.violatingCuts() + ", indeterminate " + result.indeterminateCuts());
        for (GroundTruth.Interval interval : result.intervals()) {
            lines.add(interval.key() + " " + interval.start() + " → " + (interval.end() == null ? "null" : interval.end().toString())
                    + " " + interval.durationMs() + " ms " + interval.cuts() + " cuts");
        }
        return lines;
    }
}
