package io.retrocut.analysis.sweep;

import static io.retrocut.analysis.sweep.Fixtures.VARIABLES;
import static io.retrocut.analysis.sweep.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WitnessTest {
    @Test
    void copiesTheCutSoLaterStepsDoNotChangeIt() {
        CutSweep sweep = new CutSweep("g1", VARIABLES, CutState.EMPTY, List.of(
                event("n2", 1, 0, "A", "load", 0.5, "role", "LEADER", "flag", false),
                event("n1", 1, 0, "B"),
                event("n2", 2, 0, "C", "role", "FOLLOWER")).iterator());
        sweep.advance();
        Witness witness = Witness.of(sweep.cut());
        sweep.advance();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("role", "LEADER");
        expected.put("flag", false);
        expected.put("load", 0.5);
        assertThat(witness.nodes()).containsExactly(new Witness.Node("n1", Map.of()), new Witness.Node("n2", expected));
        Map<String, Object> values = witness.nodes().get(1).values();
        assertThat(values.keySet()).containsExactly("role", "flag", "load");
        assertThat(values).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(values.get("flag")).isEqualTo(false);
        assertThat(values.get("term")).isNull();
        assertThatThrownBy(() -> values.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(values::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThat(witness.events()).extracting(Witness.Event::type).containsExactly("B", "A");
    }

    @Test
    void rejectsAbsentValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("role", null);
        assertThatThrownBy(() -> new Witness.Node("n1", values))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value of role is null");
    }
}
