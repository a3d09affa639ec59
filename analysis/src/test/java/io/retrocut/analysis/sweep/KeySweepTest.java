package io.retrocut.analysis.sweep;

import static io.retrocut.analysis.sweep.Fixtures.ELECTION_SAFETY;
import static io.retrocut.analysis.sweep.Fixtures.VARIABLES;
import static io.retrocut.analysis.sweep.Fixtures.event;
import static io.retrocut.analysis.sweep.Fixtures.eventAtLine;
import static io.retrocut.analysis.sweep.Fixtures.hlc;
import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.HlcUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySweepTest {
    /** Two leaders of term 2 from 110.0 until n1 steps down at 120.3. */
    private static final List<SweepEvent> DOUBLE_LEADER = List.of(
            eventAtLine("n1", 100, 0, "Boot", 1, "role", "FOLLOWER", "term", 1),
            eventAtLine("n2", 100, 0, "Boot", 1, "role", "FOLLOWER", "term", 1),
            eventAtLine("n3", 101, 0, "Boot", 1, "role", "FOLLOWER", "term", 1),
            eventAtLine("n1", 105, 0, "BecomeLeader", 2, "role", "LEADER", "term", 2),
            new SweepEvent("n2", hlc(110, 0), "BecomeLeader", values("role", "LEADER", "term", 2L), "n2.jsonl", 7, "{\"peer\":\"n3\"}"),
            eventAtLine("n3", 112, 0, "Vote", 3, "term", 2),
            eventAtLine("n1", 120, 3, "StepDown", 3, "role", "FOLLOWER"),
            eventAtLine("n2", 130, 0, "Heartbeat", 9, "x", 1));

    private static Object[] values(Object... assignments) {
        Object[] values = new Object[VARIABLES.size()];
        for (int i = 0; i < assignments.length; i += 2) {
            values[VARIABLES.index((String) assignments[i])] = assignments[i + 1];
        }
        return values;
    }

    private static Map<String, Object> map(Object... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }

    private static KeyOutcome check(List<SweepEvent> events, Window window, long minDurationMs) {
        return KeySweep.check("g1", VARIABLES, events.iterator(), window, ELECTION_SAFETY, HlcUnit.MS, new long[] {minDurationMs});
    }

    @Test
    void reportsAPlantedDoubleLeaderWithItsWitness() {
        KeyOutcome outcome = check(DOUBLE_LEADER, Window.ALL, 0);

        assertThat(outcome.cuts()).isEqualTo(7);
        Witness witness = new Witness(
                List.of(
                        new Witness.Node("n1", map("role", "LEADER", "term", 2L)),
                        new Witness.Node("n2", map("role", "LEADER", "term", 2L)),
                        new Witness.Node("n3", map("role", "FOLLOWER", "term", 1L))),
                List.of(new Witness.Event("n2", hlc(110, 0), "BecomeLeader", "n2.jsonl", 7, "{\"peer\":\"n3\"}")));
        assertThat(outcome.invariants()).containsExactly(new InvariantResult(
                7, 2, 0, List.of(new ViolationInterval("g1", hlc(110, 0), hlc(120, 3), 10, 2, witness))));
    }

    @Test
    void equalHlcOrderDoesNotChangeIntervals() {
        List<SweepEvent> concurrent = List.of(
                event("n1", 5, 0, "BecomeLeader", "role", "LEADER", "term", 2),
                event("n2", 5, 0, "BecomeLeader", "role", "LEADER", "term", 2),
                event("n3", 5, 0, "StepDown", "role", "FOLLOWER"));
        KeyOutcome expected = null;
        for (List<SweepEvent> order : CutSweepTest.permutations(concurrent)) {
            List<SweepEvent> events = new ArrayList<>();
            events.add(event("n3", 1, 0, null, "role", "LEADER", "term", 1));
            events.addAll(order);
            events.add(event("n2", 9, 0, null, "term", 3));
            KeyOutcome outcome = check(events, Window.ALL, 0);
            if (expected == null) {
                expected = outcome;
            }
            assertThat(outcome).as("order %s", order).isEqualTo(expected);
        }
        ViolationInterval interval = expected.invariant(0).intervals().get(0);
        assertThat(interval.start()).isEqualTo(hlc(5, 0));
        assertThat(interval.end()).isEqualTo(hlc(9, 0));
        assertThat(interval.witness().events()).extracting(Witness.Event::node).containsExactly("n1", "n2", "n3");
    }

    @Test
    void stateFromBeforeTheWindowCounts() {
        // The double leader starts at 110.0, before the window; the first windowed cut (112.0) already violates.
        KeyOutcome outcome = check(DOUBLE_LEADER, new Window(hlc(111, 0), null), 0);

        assertThat(outcome.cuts()).isEqualTo(3);
        InvariantResult result = outcome.invariant(0);
        assertThat(result.cutsChecked()).isEqualTo(3);
        assertThat(result.violatingCuts()).isEqualTo(1);
        ViolationInterval interval = result.intervals().get(0);
        assertThat(interval.start()).isEqualTo(hlc(112, 0));
        assertThat(interval.end()).isEqualTo(hlc(120, 3));
        assertThat(interval.durationMs()).isEqualTo(8);
        assertThat(interval.witness().nodes()).extracting(Witness.Node::node).containsExactly("n1", "n2", "n3");
        assertThat(interval.witness().events()).containsExactly(new Witness.Event("n3", hlc(112, 0), "Vote", "n3.jsonl", 3, null));
    }

    @Test
    void aRunReachingTheLastCutIsOpen() {
        List<SweepEvent> events = DOUBLE_LEADER.subList(0, 6);
        ViolationInterval interval = check(events, Window.ALL, 0).invariant(0).intervals().get(0);
        assertThat(interval.end()).isNull();
        assertThat(interval.isOpen()).isTrue();
        assertThat(interval.durationMs()).isEqualTo(2); // last violating cut 112.0 − start 110.0
        assertThat(interval.cuts()).isEqualTo(2);
    }

    @Test
    void aRunReachingTheEndOfTheWindowIsOpen() {
        ViolationInterval interval = check(DOUBLE_LEADER, new Window(null, hlc(120, 2)), 0).invariant(0).intervals().get(0);
        assertThat(interval.start()).isEqualTo(hlc(110, 0));
        assertThat(interval.end()).isNull();
        assertThat(interval.durationMs()).isEqualTo(2);
    }

    @Test
    void forReportsOnlyIntervalsLastingAtLeastTheDuration() {
        assertThat(check(DOUBLE_LEADER, Window.ALL, 10).invariant(0).intervals()).hasSize(1);
        InvariantResult tooShort = check(DOUBLE_LEADER, Window.ALL, 11).invariant(0);
        assertThat(tooShort.intervals()).isEmpty();
        assertThat(tooShort.violatingCuts()).isEqualTo(2);
    }

    @Test
    void forComparesInHlcUnitsNotRoundedMilliseconds() {
        // In microseconds: violating from 1_000_000 to 1_004_999 lasts 4.999 ms, reported as 4 ms, shorter than 5 ms.
        List<SweepEvent> events = List.of(
                event("n1", 1_000_000, 0, null, "role", "LEADER", "term", 1),
                event("n2", 1_000_000, 0, null, "role", "LEADER", "term", 1),
                event("n2", 1_004_999, 0, null, "role", "FOLLOWER"),
                event("n2", 1_010_000, 0, null, "role", "LEADER"),
                event("n2", 1_015_000, 0, null, "role", "FOLLOWER"));
        KeyOutcome all = KeySweep.check("g1", VARIABLES, events.iterator(), Window.ALL, ELECTION_SAFETY, HlcUnit.US, new long[] {0});
        assertThat(all.invariant(0).intervals()).extracting(ViolationInterval::durationMs).containsExactly(4L, 5L);
        KeyOutcome atLeast5 = KeySweep.check("g1", VARIABLES, events.iterator(), Window.ALL, ELECTION_SAFETY, HlcUnit.US, new long[] {5});
        assertThat(atLeast5.invariant(0).intervals()).extracting(ViolationInterval::start).containsExactly(hlc(1_010_000, 0));
    }

    @Test
    void nullResultsAreIndeterminateAndBreakARun() {
        // A leader without a term makes the check NULL.
        List<SweepEvent> events = List.of(
                event("n1", 1, 0, null, "role", "LEADER", "term", 1),
                event("n2", 2, 0, null, "role", "LEADER", "term", 1),
                event("n0", 3, 0, null, "role", "LEADER"),
                event("n0", 4, 0, null, "term", 5),
                event("n1", 5, 0, null, "term", 5),
                event("n1", 6, 0, null, "role", "FOLLOWER"));
        InvariantResult result = check(events, Window.ALL, 0).invariant(0);
        assertThat(result.cutsChecked()).isEqualTo(6);
        assertThat(result.violatingCuts()).isEqualTo(3);
        assertThat(result.indeterminateCuts()).isEqualTo(1);
        assertThat(result.intervals())
                .extracting(interval -> interval.start() + "-" + interval.end() + ":" + interval.cuts())
                .containsExactly("2.0-3.0:1", "4.0-6.0:2");
    }

    @Test
    void snapshotIsTheLastCutAtOrBeforeTheTime() {
        CutState at115 = KeySweep.snapshot("g1", VARIABLES, DOUBLE_LEADER.iterator(), hlc(115, 0));
        assertThat(at115.nodes()).containsExactly("n1", "n2", "n3");
        assertThat(at115.values(0)).containsExactly("LEADER", 2L, null, null, null, null);
        assertThat(at115.values(2)).containsExactly("FOLLOWER", 2L, null, null, null, null);
        assertThat(KeySweep.snapshot("g1", VARIABLES, DOUBLE_LEADER.iterator(), hlc(99, 9))).isEqualTo(CutState.EMPTY);
    }
}
