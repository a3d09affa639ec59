package io.retrocut.analysis.report;

import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.List;

/**
 * The consistent global state at a time T: for each key, the last cut at or before T (its HLC) and every node's
 * state in it. Keys whose first event is after T are absent.
 */
public record Snapshot(Hlc at, List<String> variables, List<KeyState> keys) implements Serializable {
    public Snapshot {
        variables = List.copyOf(variables);
        keys = List.copyOf(keys);
    }

    /** One key's cut: its HLC and the nodes with their non-null variables. */
    public record KeyState(String key, Hlc cut, List<Witness.Node> nodes) implements Serializable {
        public KeyState {
            nodes = List.copyOf(nodes);
        }
    }
}
