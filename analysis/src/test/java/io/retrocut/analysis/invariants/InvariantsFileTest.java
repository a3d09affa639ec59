package io.retrocut.analysis.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.events.UserException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantsFileTest {
    private static void rejects(String yaml, String message) {
        assertThatThrownBy(() -> InvariantsFile.parse("inv.yaml", yaml))
                .isInstanceOf(UserException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((UserException) e).kind()).isEqualTo(UserException.Kind.USAGE));
    }

    @Test
    void readsTheSpecExample() {
        List<Invariant> invariants = InvariantsFile.parse("inv.yaml", """
                invariants:
                  - name: election-safety                 # unique, [a-z0-9-]+
                    description: at most one leader per term
                    check: "size(filter(nodes, n -> n.role = 'LEADER')) = 1"
                  - name: bounded-staleness
                    check: "array_max(transform(nodes, n -> n.version)) - array_min(transform(nodes, n -> n.version)) <= 2"
                    for: 20ms
                """);
        assertThat(invariants).containsExactly(
                new Invariant("election-safety", "at most one leader per term", "size(filter(nodes, n -> n.role = 'LEADER')) = 1", 0),
                new Invariant("bounded-staleness", null,
                        "array_max(transform(nodes, n -> n.version)) - array_min(transform(nodes, n -> n.version)) <= 2", 20));
    }

    @Test
    void duplicateNames() {
        rejects("""
                invariants:
                  - {name: a, check: "true"}
                  - {name: a, check: "false"}
                """, "inv.yaml: duplicate invariant name 'a' (invariant #2)");
    }

    @Test
    void badFor() {
        rejects("""
                invariants:
                  - {name: a, check: "true", for: 20 parsecs}
                """, "inv.yaml: invariant 'a': bad 'for': '20 parsecs' is not a duration; use a number with ms, s or m, e.g. 20ms, 1.5s, 2m");
    }

    @Test
    void badName() {
        rejects("""
                invariants:
                  - {name: Election Safety, check: "true"}
                """, "inv.yaml: invariant #1: name 'Election Safety' must match [a-z0-9-]+");
    }

    @Test
    void missingCheck() {
        rejects("""
                invariants:
                  - name: a
                """, "inv.yaml: invariant 'a': missing 'check' (a Spark SQL boolean expression over nodes, key, hlc, time)");
    }

    @Test
    void unknownField() {
        rejects("""
                invariants:
                  - {name: a, chek: "true"}
                """, "inv.yaml: invariant #1: unknown field 'chek'; expected name, description, check, for");
    }

    @Test
    void notAList() {
        rejects("checks: []\n", "inv.yaml: expected a top-level 'invariants:' list");
        rejects("invariants: []\n", "inv.yaml: 'invariants' must be a non-empty list of invariants");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> InvariantsFile.parse("inv.yaml", "invariants:\n  - name: a\n   check: [\n"))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("inv.yaml: not valid YAML: ")
                .hasMessageContaining("(line 3, column");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> InvariantsFile.load(Path.of("/nonexistent/inv.yaml")))
                .isInstanceOf(UserException.class)
                .hasMessage("invariants file not found: /nonexistent/inv.yaml");
    }

    @Test
    void durations() {
        assertThat(Durations.parseMillis("20ms")).isEqualTo(20);
        assertThat(Durations.parseMillis("1.5s")).isEqualTo(1_500);
        assertThat(Durations.parseMillis("2m")).isEqualTo(120_000);
        assertThat(Durations.parseMillis("7")).isEqualTo(7);
        assertThatThrownBy(() -> Durations.parseMillis("0.5ms")).hasMessage("'0.5ms' is not a whole number of milliseconds");
    }
}
