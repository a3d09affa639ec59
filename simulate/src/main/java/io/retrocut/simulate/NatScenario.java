package io.retrocut.simulate;

import io.retrocut.simulate.SimInvariant.NodeState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An Aragog-style NAT gateway cluster: each flow (key) has a primary gateway holding its port mapping and a backup
 * holding a synchronized copy. A controller ({@code ctl}) moves flows between gateways: it demotes the primary, waits
 * for the acknowledgement, routes the flow to the backup and promotes it, so a flow never has two primaries.
 *
 * <p>Fault {@code stale-primary}: gateway {@code g1} runs a buggy version that acknowledges the demotion but keeps the
 * flow as primary (and ignores syncs from the new primary) until the flow idles out on it, 200 ms after its last
 * packet: two primaries meanwhile.
 */
final class NatScenario implements Scenario {
    static final long PACKET_MIN_US = 10_000;
    static final long PACKET_MAX_US = 40_000;
    static final long IDLE_US = 200_000;
    static final long FAILOVER_MIN_US = 300_000;
    static final long FAILOVER_MAX_US = 1_500_000;

    private Simulation sim;
    private int gateways;
    private int controller;
    private boolean stalePrimary;
    private int[] primary;
    private int[] backup;
    private long[][] lastPacket;

    @Override
    public String name() {
        return "nat";
    }

    @Override
    public Set<String> faults() {
        return Set.of("stale-primary");
    }

    @Override
    public int defaultNodes() {
        return 3;
    }

    @Override
    public int defaultKeys() {
        return 6;
    }

    /** {@code count} gateways and the controller. */
    @Override
    public List<String> nodes(int count) {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add("g" + i);
        }
        nodes.add("ctl");
        return nodes;
    }

    @Override
    public List<String> keys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("tcp/10.0." + (i / 200) + "." + (10 + i % 200) + ":" + (40000 + i) + ">93.184.216.34:443");
        }
        return keys;
    }

    @Override
    public List<SimInvariant> invariants() {
        return List.of(
                new SimInvariant("single-primary", "at most one gateway is primary for a flow",
                        "size(filter(nodes, n -> n.role = 'PRIMARY')) <= 1", 0, NatScenario::singlePrimary),
                new SimInvariant("epoch-agreement", "the gateways holding a flow agree on its epoch within 50 ms",
                        "size(array_distinct(transform(filter(nodes, n -> n.epoch is not null), n -> n.epoch))) <= 1",
                        50, NatScenario::epochAgreement));
    }

    static Boolean singlePrimary(List<NodeState> nodes) {
        int primaries = 0;
        for (NodeState node : nodes) {
            if (node.is("role", "PRIMARY")) {
                primaries++;
            }
        }
        return primaries <= 1;
    }

    static Boolean epochAgreement(List<NodeState> nodes) {
        Set<Object> epochs = new HashSet<>();
        for (NodeState node : nodes) {
            if (node.get("epoch") != null) {
                epochs.add(node.get("epoch"));
            }
        }
        return epochs.size() <= 1;
    }

    @Override
    public String describe(SimulationOptions options) {
        return "nat: flows with a primary and a backup gateway, moved by the controller ctl"
                + (options.has("stale-primary") ? "; g1 keeps a flow as primary after acknowledging its demotion (bug)" : "");
    }

    @Override
    public void start(Simulation simulation, SimulationOptions options) {
        if (simulation.nodeCount() < 3) {
            throw new IllegalArgumentException("the nat scenario needs at least 2 gateways (--nodes 2)");
        }
        this.sim = simulation;
        this.gateways = simulation.nodeCount() - 1;
        this.controller = gateways;
        this.stalePrimary = options.has("stale-primary");
        int keys = simulation.keyCount();
        primary = new int[keys];
        backup = new int[keys];
        lastPacket = new long[gateways][keys];
        for (int key = 0; key < keys; key++) {
            int k = key;
            primary[k] = k % gateways;
            backup[k] = (k + 1) % gateways;
            sim.at(sim.between(0, 20_000), () -> openFlow(k));
        }
    }

    private long port(int key) {
        return 20_000 + key % 40_000;
    }

    private void openFlow(int key) {
        int p = primary[key];
        sim.event(p, key, "FlowStart").set("role", "PRIMARY").set("port", port(key)).set("epoch", 1L)
                .msg("new flow, mapped to port " + port(key))
                .send(backup[key], m -> sync(backup[key], key, port(key), 1L, m)).log();
        packetLater(key);
        sim.after(sim.between(FAILOVER_MIN_US, FAILOVER_MAX_US), () -> failover(key));
    }

    private void packetLater(int key) {
        sim.after(sim.between(PACKET_MIN_US, PACKET_MAX_US), () -> packet(key));
    }

    private void packet(int key) {
        if (sim.stopped()) {
            return;
        }
        int p = primary[key];
        if (sim.is(p, key, "role", "PRIMARY")) {
            sim.event(p, key, "Packet").set("packets", sim.number(p, key, "packets") + 1).log();
            long at = sim.now();
            lastPacket[p][key] = at;
            sim.after(IDLE_US, () -> idleCheck(p, key, at));
        }
        packetLater(key);
    }

    private void idleCheck(int gateway, int key, long packetAt) {
        if (lastPacket[gateway][key] == packetAt && primary[key] != gateway && sim.is(gateway, key, "role", "PRIMARY")) {
            sim.event(gateway, key, "Expire").set("role", null).set("port", null).set("epoch", null).set("packets", null)
                    .msg("flow idle for " + IDLE_US / 1000 + " ms, mapping removed").log();
        }
    }

    private boolean buggy(int gateway) {
        return stalePrimary && gateway == 0;
    }

    private void sync(int gateway, int key, long port, long epoch, Message m) {
        if (buggy(gateway) && sim.is(gateway, key, "role", "PRIMARY")) {
            sim.event(gateway, key, "SyncIgnored").receive(m).msg("ignored sync of epoch " + epoch + ": still primary").log();
            return;
        }
        sim.event(gateway, key, "Sync").receive(m).set("role", "BACKUP").set("port", port).set("epoch", epoch)
                .msg("backup of the flow at epoch " + epoch).log();
    }

    private void failover(int key) {
        if (sim.stopped()) {
            return;
        }
        int old = primary[key];
        long epoch = sim.number(old, key, "epoch") + 1;
        sim.event(controller, key, "Failover").msg("moving the flow from " + sim.node(old) + " to " + sim.node(backup[key]))
                .send(old, m -> demote(old, key, epoch, m)).log();
    }

    private void demote(int gateway, int key, long epoch, Message m) {
        Simulation.Event event = sim.event(gateway, key, "Demote").receive(m);
        if (buggy(gateway)) {
            event.msg("acknowledged demotion to epoch " + epoch + " but kept the flow (bug)");
        } else {
            event.set("role", "BACKUP").set("epoch", epoch).msg("demoted to backup at epoch " + epoch);
        }
        event.send(controller, r -> demoted(key, epoch, r)).log();
    }

    private void demoted(int key, long epoch, Message m) {
        int old = primary[key];
        int next = backup[key];
        primary[key] = next;
        backup[key] = old;
        sim.event(controller, key, "Promote").receive(m).msg("routing the flow to " + sim.node(next))
                .send(next, r -> promote(next, key, epoch, r)).log();
        sim.after(sim.between(FAILOVER_MIN_US, FAILOVER_MAX_US), () -> failover(key));
    }

    private void promote(int gateway, int key, long epoch, Message m) {
        int other = backup[key];
        sim.event(gateway, key, "BecomePrimary").receive(m).set("role", "PRIMARY").set("port", port(key)).set("epoch", epoch)
                .msg("primary at epoch " + epoch)
                .send(other, r -> sync(other, key, port(key), epoch, r)).log();
    }
}
