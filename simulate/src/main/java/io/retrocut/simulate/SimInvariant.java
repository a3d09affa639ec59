package io.retrocut.simulate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An invariant a scenario writes to its invariants file, twice: as the Spark SQL {@code check} retrocut evaluates,
 * and as the simulator's own Java predicate over the same cut, which computes the ground truth. The predicate follows
 * SQL's three-valued logic: it returns null where the SQL would be NULL (indeterminate).
 *
 * @param forMs the {@code for:} duration in milliseconds, 0 for none
 */
public record SimInvariant(String name, String description, String check, long forMs, Function<List<NodeState>, Boolean> predicate) {
    public SimInvariant {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(check, "check is null");
        requireNonNull(predicate, "predicate is null");
        if (forMs < 0) {
            throw new IllegalArgumentException("forMs is negative: " + forMs);
        }
    }

    /** One node's state in a cut: its variables that have a value (a long, a string or a boolean). */
    public record NodeState(String node, Map<String, Object> values) {
        public Object get(String variable) {
            return values.get(variable);
        }

        public Long number(String variable) {
            return (Long) values.get(variable);
        }

        public boolean is(String variable, String value) {
            return value.equals(values.get(variable));
        }
    }

    /** The invariants file (SPEC §4) for these invariants. */
    public static String yaml(String comment, List<SimInvariant> invariants) {
        StringBuilder out = new StringBuilder();
        for (String line : comment.split("\n")) {
            out.append("# ").append(line).append('\n');
        }
        out.append("invariants:\n");
        for (SimInvariant invariant : invariants) {
            out.append("  - name: ").append(invariant.name()).append('\n');
            out.append("    description: ").append(quote(invariant.description())).append('\n');
            out.append("    check: ").append(quote(invariant.check())).append('\n');
            if (invariant.forMs() > 0) {
                out.append("    for: ").append(invariant.forMs()).append("ms\n");
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
