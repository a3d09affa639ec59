package io.retrocut.simulate;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * What to simulate.
 *
 * @param scenario {@code raft}, {@code zookeeper} or {@code nat}
 * @param nodes the number of nodes (raft members, ZooKeeper servers, NAT gateways); 0 = the scenario's default
 * @param keys the number of keys (raft groups, znodes, flows); 0 = the scenario's default
 * @param events stop once this many events are logged
 * @param seed the run is a function of the options, the seed included
 * @param skewMs each node's physical clock is ahead of true time by a fixed random offset in {@code [0, skewMs]}
 * @param faults the faults to inject (scenario specific)
 * @param prevote raft only: whether candidates run a PreVote round first (null = the default, on)
 */
public record SimulationOptions(String scenario, int nodes, int keys, long events, long seed, long skewMs, Set<String> faults, Boolean prevote) {
    public static final long DEFAULT_EVENTS = 10_000;
    public static final long DEFAULT_SEED = 1;
    public static final long DEFAULT_SKEW_MS = 5;

    public SimulationOptions {
        requireNonNull(scenario, "scenario is null");
        faults = Set.copyOf(new TreeSet<>(requireNonNull(faults, "faults is null")));
        if (nodes < 0) {
            throw new IllegalArgumentException("--nodes must be positive, got " + nodes);
        }
        if (keys < 0) {
            throw new IllegalArgumentException("--keys must be positive, got " + keys);
        }
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1, got " + events);
        }
        if (skewMs < 0 || skewMs > 60_000) {
            throw new IllegalArgumentException("--skew must be between 0 and 60000 ms, got " + skewMs);
        }
    }

    public static SimulationOptions of(String scenario) {
        return new SimulationOptions(scenario, 0, 0, DEFAULT_EVENTS, DEFAULT_SEED, DEFAULT_SKEW_MS, Set.of(), null);
    }

    public SimulationOptions withNodes(int count) {
        return new SimulationOptions(scenario, count, keys, events, seed, skewMs, faults, prevote);
    }

    public SimulationOptions withKeys(int count) {
        return new SimulationOptions(scenario, nodes, count, events, seed, skewMs, faults, prevote);
    }

    public SimulationOptions withEvents(long count) {
        return new SimulationOptions(scenario, nodes, keys, count, seed, skewMs, faults, prevote);
    }

    public SimulationOptions withSeed(long value) {
        return new SimulationOptions(scenario, nodes, keys, events, value, skewMs, faults, prevote);
    }

    public SimulationOptions withSkewMs(long value) {
        return new SimulationOptions(scenario, nodes, keys, events, seed, value, faults, prevote);
    }

    public SimulationOptions withFaults(String... names) {
        return new SimulationOptions(scenario, nodes, keys, events, seed, skewMs, Set.of(names), prevote);
    }

    public SimulationOptions withPrevote(Boolean value) {
        return new SimulationOptions(scenario, nodes, keys, events, seed, skewMs, faults, value);
    }

    public boolean has(String fault) {
        return faults.contains(fault);
    }

    /** The options as the command line that reproduces them. */
    public String commandLine() {
        StringBuilder out = new StringBuilder("retrocut simulate ").append(scenario);
        if (nodes > 0) {
            out.append(" --nodes ").append(nodes);
        }
        if (keys > 0) {
            out.append(" --keys ").append(keys);
        }
        out.append(" --events ").append(events).append(" --seed ").append(seed).append(" --skew ").append(skewMs);
        if (!faults.isEmpty()) {
            out.append(" --faults ").append(String.join(",", new TreeSet<>(faults)));
        }
        if (prevote != null) {
            out.append(" --prevote ").append(prevote ? "on" : "off");
        }
        return out.toString();
    }
}
