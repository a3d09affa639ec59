package io.retrocut.simulate;

import java.util.List;
import java.util.Set;

/** A simulated system: its nodes and keys, the invariants it is checked against, and its behaviour. */
interface Scenario {
    String name();

    /** Faults this scenario can inject ({@code --faults}). */
    Set<String> faults();

    int defaultNodes();

    int defaultKeys();

    /** The node ids, in the order of the simulation's node indexes. */
    List<String> nodes(int count);

    List<String> keys(int count);

    List<SimInvariant> invariants();

    /** A comment for the invariants file: what ran, with which faults. */
    String describe(SimulationOptions options);

    /** Schedules the first events; everything else follows from timers and messages. */
    void start(Simulation simulation, SimulationOptions options);

    /** {@code prefix1 … prefixN}: the names most scenarios give their nodes and keys. */
    static List<String> numbered(String prefix, int count) {
        List<String> names = new java.util.ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(prefix + i);
        }
        return names;
    }
}
