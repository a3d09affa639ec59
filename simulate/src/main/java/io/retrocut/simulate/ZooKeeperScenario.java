package io.retrocut.simulate;

import io.retrocut.simulate.SimInvariant.NodeState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * ZooKeeper-style replicated znodes (keys): the leader {@code n1} serializes client writes, bumping the znode's
 * version, and proposes each to the followers, which apply them in order (FIFO links, like ZAB over TCP). The last
 * follower lags: it applies each proposal a few milliseconds late. Staleness — how many versions a follower is
 * behind — is what Retroscope measured on ZooKeeper.
 *
 * <p>Fault {@code gc-pauses}: the lagging follower also stops applying for 50–250 ms every 0.5–2 s (a stop-the-world
 * collection), so its znodes fall many versions behind and stay there for tens of milliseconds.
 */
final class ZooKeeperScenario implements Scenario {
    static final long WRITE_MEAN_US = 5_000;
    static final long LAG_MIN_US = 1_000;
    static final long LAG_MAX_US = 6_000;

    private Simulation sim;
    private int lagging;
    private boolean gcPauses;
    private long pausedUntil;
    private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();

    @Override
    public String name() {
        return "zookeeper";
    }

    @Override
    public Set<String> faults() {
        return Set.of("gc-pauses");
    }

    @Override
    public int defaultNodes() {
        return 3;
    }

    @Override
    public int defaultKeys() {
        return 4;
    }

    @Override
    public List<String> nodes(int count) {
        return Scenario.numbered("n", count);
    }

    @Override
    public List<String> keys(int count) {
        return Scenario.numbered("/app/config-", count);
    }

    @Override
    public List<SimInvariant> invariants() {
        return List.of(
                new SimInvariant("bounded-staleness", "no replica is more than 2 versions behind another for 20 ms or longer",
                        "array_max(transform(nodes, n -> n.version)) - array_min(transform(nodes, n -> n.version)) <= 2",
                        20, ZooKeeperScenario::boundedStaleness),
                new SimInvariant("leader-has-newest", "no follower is ahead of the leader (holds in every consistent cut)",
                        "not exists(nodes, n -> n.role = 'LEADER') or exists(nodes, n -> n.role = 'LEADER' and n.version = array_max(transform(nodes, m -> m.version)))",
                        0, ZooKeeperScenario::leaderHasNewest));
    }

    static Boolean boundedStaleness(List<NodeState> nodes) {
        Long max = null;
        Long min = null;
        for (NodeState node : nodes) {
            Long version = node.number("version");
            if (version != null) {
                max = max == null ? version : Math.max(max, version);
                min = min == null ? version : Math.min(min, version);
            }
        }
        return max == null ? null : max - min <= 2;
    }

    static Boolean leaderHasNewest(List<NodeState> nodes) {
        Long max = null;
        for (NodeState node : nodes) {
            Long version = node.number("version");
            if (version != null && (max == null || version > max)) {
                max = version;
            }
        }
        boolean anyLeader = false;
        boolean unknownLeader = false;
        boolean newest = false;
        boolean unknownNewest = false;
        for (NodeState node : nodes) {
            Object role = node.get("role");
            Boolean isLeader = role == null ? null : role.equals("LEADER");
            Long version = node.number("version");
            Boolean isNewest = version == null || max == null ? null : version.equals(max);
            anyLeader |= Boolean.TRUE.equals(isLeader);
            unknownLeader |= isLeader == null;
            Boolean both = Sql.and(isLeader, isNewest);
            newest |= Boolean.TRUE.equals(both);
            unknownNewest |= both == null;
        }
        Boolean noLeader = Sql.not(anyLeader ? Boolean.TRUE : unknownLeader ? null : Boolean.FALSE);
        return Sql.or(noLeader, newest ? Boolean.TRUE : unknownNewest ? null : Boolean.FALSE);
    }

    @Override
    public String describe(SimulationOptions options) {
        return "zookeeper: leader n1 replicates znode writes; the last follower lags"
                + (options.has("gc-pauses") ? " and pauses 50–250 ms every 0.5–2 s (GC)" : "");
    }

    @Override
    public void start(Simulation simulation, SimulationOptions options) {
        this.sim = simulation;
        this.lagging = simulation.nodeCount() > 1 ? simulation.nodeCount() - 1 : -1;
        this.gcPauses = options.has("gc-pauses");
        for (int key = 0; key < sim.keyCount(); key++) {
            for (int node = 0; node < sim.nodeCount(); node++) {
                int k = key;
                int self = node;
                sim.at(sim.between(0, 2_000), () -> sim.event(self, k, "Start")
                        .set("role", self == 0 ? "LEADER" : "FOLLOWER").set("version", 0L).log());
            }
        }
        sim.at(10_000, this::write);
        if (gcPauses && lagging > 0) {
            sim.at(sim.between(500_000, 2_000_000), this::pause);
        }
    }

    private void write() {
        if (sim.stopped()) {
            return;
        }
        int key = sim.random().nextInt(sim.keyCount());
        long version = sim.number(0, key, "version") + 1;
        Simulation.Event event = sim.event(0, key, "Write").set("version", version).msg("setData version " + version);
        for (int follower = 1; follower < sim.nodeCount(); follower++) {
            int f = follower;
            event.send(follower, m -> propose(f, key, version, m));
        }
        event.log();
        // exponentially distributed gaps: a Poisson stream of client writes
        long gap = (long) (-Math.log(1 - sim.random().nextDouble()) * WRITE_MEAN_US) + 1;
        sim.after(gap, this::write);
    }

    private void propose(int follower, int key, long version, Message m) {
        Runnable apply = () -> sim.event(follower, key, "Apply").receive(m).set("version", version).log();
        if (follower != lagging) {
            apply.run();
            return;
        }
        // the lagging follower's apply thread: in order, a little late, and not at all during a pause
        backlog.add(apply);
        if (backlog.size() == 1 && sim.now() >= pausedUntil) {
            sim.after(sim.between(LAG_MIN_US, LAG_MAX_US), this::drainOne);
        }
    }

    private void drainOne() {
        if (backlog.isEmpty() || sim.now() < pausedUntil) {
            return;
        }
        backlog.poll().run();
        if (!backlog.isEmpty()) {
            sim.after(sim.between(LAG_MIN_US / 4, LAG_MAX_US / 4), this::drainOne);
        }
    }

    private void pause() {
        if (sim.stopped()) {
            return;
        }
        long length = sim.between(50_000, 250_000);
        pausedUntil = sim.now() + length;
        sim.at(pausedUntil, () -> {
            if (!backlog.isEmpty()) {
                drainOne();
            }
        });
        sim.after(sim.between(500_000, 2_000_000), this::pause);
    }
}
