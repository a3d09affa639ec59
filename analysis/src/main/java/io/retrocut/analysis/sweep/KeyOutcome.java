package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * The result of checking one key: the evaluated cuts and one {@link InvariantResult} per invariant.
 *
 * @param key the key
 * @param cuts evaluated cuts (those in the window)
 * @param invariants one result per invariant, in invariant order
 */
public record KeyOutcome(String key, long cuts, List<InvariantResult> invariants) implements Serializable {
    public KeyOutcome {
        requireNonNull(key, "key is null");
        invariants = List.copyOf(requireNonNull(invariants, "invariants is null"));
        if (cuts < 0) {
            throw new IllegalArgumentException("cuts is negative: " + cuts);
        }
    }

    public InvariantResult invariant(int index) {
        return invariants.get(index);
    }
}
