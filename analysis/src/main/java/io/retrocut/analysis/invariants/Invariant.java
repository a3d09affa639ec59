package io.retrocut.analysis.invariants;

import static java.util.Objects.requireNonNull;

/**
 * One invariant of an invariants file (SPEC §4): a Spark SQL boolean {@code check} over one cut, and the shortest
 * violation worth reporting ({@code for:}, 0 = every violation).
 */
public record Invariant(String name, String description, String check, long minDurationMs) implements java.io.Serializable {
    public Invariant {
        requireNonNull(name, "name is null");
        requireNonNull(check, "check is null");
        if (minDurationMs < 0) {
            throw new IllegalArgumentException("minDurationMs is negative: " + minDurationMs);
        }
    }
}
