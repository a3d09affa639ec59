package io.retrocut.analysis.report;

import java.util.List;

/**
 * What {@code retrocut check} found (SPEC §5): totals and, per invariant in file order, its counts and its
 * violation intervals sorted by (key, start).
 *
 * @param maxSkewMs the declared clock skew ({@code --max-skew}), or null: with it, every interval shorter than the skew
 *     is only a <em>possible</em> violation, since with wall clocks alone it may be an artifact of the skew
 */
public record CheckResult(long events, long keys, long cuts, List<InvariantResult> invariants, Long maxSkewMs) {
    public CheckResult {
        invariants = List.copyOf(invariants);
        if (maxSkewMs != null && maxSkewMs < 0) {
            throw new IllegalArgumentException("maxSkewMs is negative: " + maxSkewMs);
        }
    }

    public CheckResult(long events, long keys, long cuts, List<InvariantResult> invariants) {
        this(events, keys, cuts, invariants, null);
    }

    public CheckResult withMaxSkew(Long maxSkewMs) {
        return new CheckResult(events, keys, cuts, invariants, maxSkewMs);
    }

    /** "definite" or "possible" under {@code --max-skew}; null without it. */
    public String certainty(io.retrocut.analysis.sweep.ViolationInterval interval) {
        if (maxSkewMs == null) {
            return null;
        }
        return interval.durationMs() < maxSkewMs ? "possible" : "definite";
    }

    public boolean violated() {
        return invariants.stream().anyMatch(invariant -> !invariant.intervals().isEmpty());
    }
}
