package io.retrocut.analysis.sweep;

import static io.retrocut.analysis.sweep.Fixtures.VARIABLES;
import static io.retrocut.analysis.sweep.Fixtures.event;
import static io.retrocut.analysis.sweep.Fixtures.hlc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateDeltaTest {
    private static final List<SweepEvent> SLICE0 = List.of(
            event("n2", 1, 0, null, "role", "LEADER", "term", 1),
            event("n1", 1, 0, null, "x", 3),
            event("n2", 2, 0, null, "role", "FOLLOWER", "version", 7));
    private static final List<SweepEvent> SLICE1 = List.of(
            event("n3", 3, 0, null, "flag", true),
            event("n2", 4, 0, null, "role", null, "load", 0.5),
            event("n1", 5, 0, null));

    @Test
    void keepsEachNodesLastAssignment() {
        StateDelta delta = StateDelta.of(VARIABLES, SLICE0.iterator());
        assertThat(delta.nodeCount()).isEqualTo(2);
        assertThat(delta.node(0)).isEqualTo("n1");
        assertThat(delta.assignment(0, Fixtures.X)).isEqualTo(3L);
        assertThat(delta.assignment(1, Fixtures.ROLE)).isEqualTo("FOLLOWER");
        assertThat(delta.assignment(1, Fixtures.X)).isNull();
        assertThat(StateDelta.of(VARIABLES, SLICE1.iterator()).assignment(1, Fixtures.ROLE)).isSameAs(SweepEvent.UNSET);
    }

    @Test
    void foldingDeltasEqualsFoldingTheEvents() {
        List<SweepEvent> all = new ArrayList<>(SLICE0);
        all.addAll(SLICE1);
        CutState folded = CutState.EMPTY
                .apply(StateDelta.of(VARIABLES, SLICE0.iterator()))
                .apply(StateDelta.of(VARIABLES, SLICE1.iterator()));

        assertThat(folded).isEqualTo(CutState.EMPTY.apply(StateDelta.of(VARIABLES, all.iterator())));
        CutSweep sweep = new CutSweep("g1", VARIABLES, CutState.EMPTY, all.iterator());
        while (sweep.advance()) {
            // to the end
        }
        assertThat(folded).isEqualTo(sweep.state());
        assertThat(folded.nodes()).containsExactly("n1", "n2", "n3");
        assertThat(folded.values(1)).containsExactly(null, 1L, 7L, null, null, 0.5);
    }

    @Test
    void outOfOrderEventsAreRejected() {
        List<SweepEvent> events = List.of(event("n1", 5, 0, null), event("n2", 4, 0, null));
        assertThatThrownBy(() -> StateDelta.of("g1", VARIABLES, events.iterator()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("events of key 'g1' are not sorted by HLC: 4.0 (node 'n2', n2.jsonl:1) comes after 5.0");
    }

    @Test
    void aDeltaForOtherVariablesIsRejected() {
        CutState state = CutState.EMPTY.apply(StateDelta.of(VARIABLES, SLICE0.iterator()));
        Variables one = Variables.of(Map.of("x", VariableType.LONG));
        Object[] values = {1L};
        StateDelta other = StateDelta.of(one, List.of(new SweepEvent("n1", hlc(1, 0), null, values, "a", 1, null)).iterator());
        assertThatThrownBy(() -> state.apply(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delta has 1 variables but this state has 6");
    }

    @Test
    void outcomesSurviveSerialization() throws Exception {
        StateDelta delta = StateDelta.of(VARIABLES, SLICE1.iterator());
        StateDelta copy = roundTrip(delta);
        assertThat(copy).isEqualTo(delta);
        assertThat(copy.assignment(1, Fixtures.ROLE)).isSameAs(SweepEvent.UNSET);

        CutState state = CutState.EMPTY.apply(delta);
        assertThat(roundTrip(state)).isEqualTo(state);
        assertThat(roundTrip(VARIABLES)).isEqualTo(VARIABLES);

        List<SweepEvent> events = RandomizedSweepTest.randomEvents(new Random(7), 1);
        SliceOutcome outcome = SliceSweeper.sweep("g1", 3, VARIABLES, state, events.iterator(), Window.ALL, 4, Fixtures.ALL_INVARIANTS);
        assertThat(outcome.invariants().get(2).runs()).isNotEmpty();
        assertThat(roundTrip(outcome)).isEqualTo(outcome);
        KeyOutcome merged = IntervalMerger.merge("g1", List.of(outcome), HlcUnit.MS, new long[4]);
        assertThat(roundTrip(merged)).isEqualTo(merged);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
