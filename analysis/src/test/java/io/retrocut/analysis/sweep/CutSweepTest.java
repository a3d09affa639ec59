package io.retrocut.analysis.sweep;

import static io.retrocut.analysis.sweep.Fixtures.VARIABLES;
import static io.retrocut.analysis.sweep.Fixtures.describe;
import static io.retrocut.analysis.sweep.Fixtures.describeCuts;
import static io.retrocut.analysis.sweep.Fixtures.event;
import static io.retrocut.analysis.sweep.Fixtures.eventAtLine;
import static io.retrocut.analysis.sweep.Fixtures.hlc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutSweepTest {
    private static CutSweep sweep(SweepEvent... events) {
        return new CutSweep("g1", VARIABLES, CutState.EMPTY, List.of(events).iterator());
    }

    @Test
    void stepsOneDistinctHlcAtATime() {
        CutSweep sweep = sweep(
                event("n2", 1, 0, "Boot", "role", "FOLLOWER"),
                event("n1", 1, 0, "Boot", "role", "FOLLOWER", "term", 1),
                event("n1", 1, 1, "BecomeCandidate", "role", "CANDIDATE"),
                event("n2", 3, 0, "Vote", "term", 1));

        assertThat(sweep.advance()).isTrue();
        Cut cut = sweep.cut();
        assertThat(cut.key()).isEqualTo("g1");
        assertThat(describe(cut)).isEqualTo("1.0 n1{role=FOLLOWER,term=1} n2{role=FOLLOWER} step=n1@1.0;n2@1.0;");
        assertThat(sweep.changes()).containsExactly(
                Change.appearance("n1"),
                new Change("n1", "role", null, "FOLLOWER"),
                new Change("n1", "term", null, 1L),
                Change.appearance("n2"),
                new Change("n2", "role", null, "FOLLOWER"));

        assertThat(sweep.advance()).isTrue();
        assertThat(sweep.cut()).isSameAs(cut);
        assertThat(describe(cut)).isEqualTo("1.1 n1{role=CANDIDATE,term=1} n2{role=FOLLOWER} step=n1@1.1;");
        assertThat(sweep.changes()).containsExactly(new Change("n1", "role", "FOLLOWER", "CANDIDATE"));

        assertThat(sweep.advance()).isTrue();
        assertThat(describe(cut)).isEqualTo("3.0 n1{role=CANDIDATE,term=1} n2{role=FOLLOWER,term=1} step=n2@3.0;");

        assertThat(sweep.advance()).isFalse();
        assertThat(describe(sweep.cut())).startsWith("3.0 ");
    }

    @Test
    void everyOrderOfEqualHlcEventsGivesTheSameCuts() {
        List<SweepEvent> before = List.of(event("n1", 1, 0, null, "role", "LEADER", "term", 1), event("n3", 2, 0, null, "x", 1));
        List<SweepEvent> concurrent = List.of(
                event("n1", 5, 0, null, "role", "FOLLOWER"),
                event("n2", 5, 0, null, "role", "LEADER", "term", 2),
                event("n3", 5, 0, null, "x", null),
                event("n4", 5, 0, null, "flag", true));
        List<SweepEvent> after = List.of(event("n2", 6, 0, null, "version", 3));
        List<String> expected = null;
        int permutations = 0;
        for (List<SweepEvent> order : permutations(concurrent)) {
            List<SweepEvent> events = new ArrayList<>(before);
            events.addAll(order);
            events.addAll(after);
            List<String> cuts = describeCuts(new CutSweep("g1", VARIABLES, CutState.EMPTY, events.iterator()));
            if (expected == null) {
                expected = cuts;
            }
            assertThat(cuts).as("order %s", order).isEqualTo(expected);
            permutations++;
        }
        assertThat(permutations).isEqualTo(24);
        assertThat(expected).hasSize(4);
        assertThat(expected.get(2)).isEqualTo(
                "5.0 n1{role=FOLLOWER,term=1} n2{role=LEADER,term=2} n3{} n4{flag=true} step=n1@5.0;n2@5.0;n3@5.0;n4@5.0; "
                        + "[Change[node=n1, variable=role, oldValue=LEADER, newValue=FOLLOWER], "
                        + "Change[node=n2, variable=null, oldValue=null, newValue=null], "
                        + "Change[node=n2, variable=role, oldValue=null, newValue=LEADER], "
                        + "Change[node=n2, variable=term, oldValue=null, newValue=2], "
                        + "Change[node=n3, variable=x, oldValue=1, newValue=null], "
                        + "Change[node=n4, variable=null, oldValue=null, newValue=null], "
                        + "Change[node=n4, variable=flag, oldValue=null, newValue=true]]");
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(first);
                permutation.addAll(tail);
                result.add(permutation);
            }
        }
        return result;
    }

    @Test
    void nullUnsetsAVariableAndTheNodeStaysInTheCut() {
        CutSweep sweep = sweep(event("n1", 1, 0, null, "role", "LEADER", "term", 4), event("n1", 2, 0, null, "role", null));
        sweep.advance();
        sweep.advance();
        assertThat(describe(sweep.cut())).isEqualTo("2.0 n1{term=4} step=n1@2.0;");
        assertThat(sweep.cut().value(0, Fixtures.ROLE)).isNull();
        assertThat(sweep.changes()).containsExactly(new Change("n1", "role", "LEADER", null));
    }

    @Test
    void anEventWithoutAssignmentsMakesItsNodePresent() {
        CutSweep sweep = sweep(event("n1", 1, 0, "Start"));
        sweep.advance();
        assertThat(describe(sweep.cut())).isEqualTo("1.0 n1{} step=n1@1.0;");
        assertThat(sweep.changes()).containsExactly(Change.appearance("n1"));
    }

    @Test
    void reassigningTheSameValueIsNoChange() {
        CutSweep sweep = sweep(event("n1", 1, 0, null, "term", 4), event("n1", 2, 0, null, "term", 4, "x", 1));
        sweep.advance();
        sweep.advance();
        assertThat(sweep.changes()).containsExactly(new Change("n1", "x", null, 1L));
    }

    @Test
    void nodesAppearingLateAreInsertedInNodeOrder() {
        CutState initial = CutState.EMPTY.apply(StateDelta.of(VARIABLES, List.of(event("n5", 1, 0, null, "x", 5)).iterator()));
        List<SweepEvent> events = new ArrayList<>();
        String[] late = {"n9", "n1", "n3", "n7", "n0", "n10", "n2", "n8", "n4", "n6", "n11"};
        for (int i = 0; i < late.length; i++) {
            events.add(event(late[i], 2 + i, 0, null, "x", i));
        }
        CutSweep sweep = new CutSweep("g1", VARIABLES, initial, events.iterator());
        sweep.advance();
        assertThat(describe(sweep.cut())).isEqualTo("2.0 n5{x=5} n9{x=0} step=n9@2.0;");
        assertThat(sweep.changes()).containsExactly(Change.appearance("n9"), new Change("n9", "x", null, 0L));
        sweep.advance();
        assertThat(describe(sweep.cut())).isEqualTo("3.0 n1{x=1} n5{x=5} n9{x=0} step=n1@3.0;");
        while (sweep.advance()) {
            // step to the end
        }
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < sweep.cut().nodeCount(); i++) {
            nodes.add(sweep.cut().node(i));
        }
        assertThat(nodes).containsExactly("n0", "n1", "n10", "n11", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9");
        assertThat(sweep.cut().value(nodes.indexOf("n5"), Fixtures.X)).isEqualTo(5L);
        assertThat(sweep.cut().value(nodes.indexOf("n11"), Fixtures.X)).isEqualTo(10L);
    }

    @Test
    void stateIsASnapshotThatLaterStepsDoNotChange() {
        CutSweep sweep = sweep(event("n1", 1, 0, null, "x", 1), event("n1", 2, 0, null, "x", 2));
        assertThat(sweep.state()).isEqualTo(CutState.EMPTY);
        sweep.advance();
        CutState first = sweep.state();
        sweep.advance();
        assertThat(first.nodes()).containsExactly("n1");
        assertThat(first.value(0, Fixtures.X)).isEqualTo(1L);
        assertThat(sweep.state().value(0, Fixtures.X)).isEqualTo(2L);
    }

    @Test
    void outOfOrderInputIsABugWithAClearMessage() {
        CutSweep sweep = sweep(event("n1", 7, 0, null, "x", 1), eventAtLine("n2", 5, 3, null, 118, "x", 2));
        assertThatThrownBy(sweep::advance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("events of key 'g1' are not sorted by HLC: 5.3 (node 'n2', n2.jsonl:118) comes after 7.0; "
                        + "the sweep needs each key's events in HLC order");
    }

    @Test
    void outOfOrderAcrossStepsIsDetected() {
        CutSweep sweep = sweep(event("n1", 7, 0, null), event("n2", 8, 0, null), eventAtLine("n3", 7, 5, null, 9));
        assertThat(sweep.advance()).isTrue();
        assertThatThrownBy(sweep::advance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("events of key 'g1' are not sorted by HLC: 7.5 (node 'n3', n3.jsonl:9) comes after 8.0; "
                        + "the sweep needs each key's events in HLC order");
    }

    @Test
    void aNodeRepeatingAnHlcIsRejected() {
        CutSweep sweep = sweep(event("n1", 7, 0, null, "x", 1), eventAtLine("n1", 7, 0, null, 2, "x", 2));
        assertThatThrownBy(sweep::advance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("node 'n1' has two events of key 'g1' at HLC 7.0 (one at n1.jsonl:2); HLCs must increase within a node");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        Object[] values = new Object[VARIABLES.size()];
        values[Fixtures.TERM] = "two";
        CutSweep sweep = sweep(new SweepEvent("n1", hlc(3, 0), null, values, "a.jsonl", 4, null));
        assertThatThrownBy(sweep::advance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event of key 'g1' at 3.0 (a.jsonl:4) assigns a String to variable 'term' of type long");
    }

    @Test
    void aValueOfTheWrongTypeIsRejectedAlsoFromAReaderThatSkipsTheValueCheck() {
        Object[] values = new Object[VARIABLES.size()];
        values[Fixtures.ROLE] = "LEADER";
        values[Fixtures.TERM] = 2.5;
        CutSweep sweep = sweep(SweepEvent.ofTypedColumns("n1", hlc(3, 0), values, index -> new SweepEvent.Details(null, "a.jsonl", 4, null), 0));
        assertThatThrownBy(sweep::advance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event of key 'g1' at 3.0 (a.jsonl:4) assigns a Double to variable 'term' of type long");
    }

    @Test
    void thereIsNoCutBeforeTheFirstStep() {
        assertThatThrownBy(() -> sweep().cut())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no cut yet for key 'g1': call advance() first");
        assertThat(sweep().advance()).isFalse();
    }
}
