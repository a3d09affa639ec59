package io.retrocut.simulate;

import io.retrocut.simulate.SimInvariant.NodeState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Multi-raft: every node is a member of every raft group (key). Leaders send heartbeats (AppendEntries carrying the
 * commit index, which advances when a majority acknowledged the previous round), followers time out into elections,
 * optionally after a PreVote round (Ongaro's thesis §9.6: a node refuses a pre-vote while it hears from a leader).
 *
 * <p>Faults: {@code partition} — from 1 s on, the last node reaches only its neighbour (the node before it), not the
 * others (both ways). Without PreVote it keeps timing out, raising its term and deposing leaders it cannot hear (the
 * failure mode of Cloudflare's November 2020 etcd outage); with PreVote its peers refuse and nothing happens.
 * {@code double-vote} — a buggy vote rule: a candidate also grants its vote to another candidate of its own term,
 * so two candidates can both win one term.
 */
final class RaftScenario implements Scenario {
    static final long HEARTBEAT_US = 50_000;
    static final long ELECTION_MIN_US = 150_000;
    static final long ELECTION_MAX_US = 300_000;
    static final long PARTITION_AT_US = 1_000_000;

    private Simulation sim;
    private int n;
    private boolean prevote;
    private boolean doubleVote;
    private int partitioned = -1;
    private boolean[] cutOff;
    private int[][] electionTimer;
    private int[][] heartbeatTimer;
    private int[][] round;
    private int[][] votes;
    private int[][] acks;
    private long[][] leaderContact;

    @Override
    public String name() {
        return "raft";
    }

    @Override
    public Set<String> faults() {
        return Set.of("partition", "double-vote");
    }

    @Override
    public int defaultNodes() {
        return 3;
    }

    @Override
    public int defaultKeys() {
        return 1;
    }

    @Override
    public List<String> nodes(int count) {
        return Scenario.numbered("n", count);
    }

    @Override
    public List<String> keys(int count) {
        return Scenario.numbered("raft-", count);
    }

    @Override
    public List<SimInvariant> invariants() {
        return List.of(
                new SimInvariant("election-safety", "at most one leader per term (Raft's Election Safety property)",
                        "size(filter(nodes, n -> n.role = 'LEADER')) = size(array_distinct(transform(filter(nodes, n -> n.role = 'LEADER'), n -> n.term)))",
                        0, RaftScenario::electionSafety),
                new SimInvariant("leader-of-newest-term",
                        "some node leads the newest term; each violation is an election (a leaderless stretch)",
                        "exists(nodes, n -> n.role = 'LEADER' and n.term = array_max(transform(nodes, m -> m.term)))",
                        0, RaftScenario::leaderOfNewestTerm));
    }

    static Boolean electionSafety(List<NodeState> nodes) {
        List<Object> terms = new ArrayList<>();
        for (NodeState node : nodes) {
            if (node.is("role", "LEADER")) {
                terms.add(node.get("term"));
            }
        }
        return terms.size() == new HashSet<>(terms).size();
    }

    static Boolean leaderOfNewestTerm(List<NodeState> nodes) {
        Long newest = null;
        for (NodeState node : nodes) {
            Long term = node.number("term");
            if (term != null && (newest == null || term > newest)) {
                newest = term;
            }
        }
        // exists() in SQL's three-valued logic: true if any element is true, else NULL if any is NULL, else false
        boolean unknown = false;
        for (NodeState node : nodes) {
            Object role = node.get("role");
            Long term = node.number("term");
            Boolean isLeader = role == null ? null : role.equals("LEADER");
            Boolean newestTerm = term == null || newest == null ? null : term.equals(newest);
            Boolean both = Sql.and(isLeader, newestTerm);
            if (Boolean.TRUE.equals(both)) {
                return true;
            }
            unknown |= both == null;
        }
        return unknown ? null : false;
    }

    @Override
    public String describe(SimulationOptions options) {
        return "raft: " + (options.keys() > 0 ? options.keys() : defaultKeys()) + " group(s), PreVote "
                + (!Boolean.FALSE.equals(options.prevote()) ? "on" : "off")
                + (options.has("partition") ? "; from 1 s on the last node reaches only the node before it" : "")
                + (options.has("double-vote") ? "; a buggy vote rule lets a candidate vote for another candidate of its term" : "");
    }

    @Override
    public void start(Simulation simulation, SimulationOptions options) {
        this.sim = simulation;
        this.n = simulation.nodeCount();
        this.prevote = !Boolean.FALSE.equals(options.prevote());
        this.doubleVote = options.has("double-vote");
        int keys = simulation.keyCount();
        electionTimer = new int[n][keys];
        heartbeatTimer = new int[n][keys];
        round = new int[n][keys];
        votes = new int[n][keys];
        acks = new int[n][keys];
        leaderContact = new long[n][keys];
        if (options.has("partition") && n > 1) {
            partitioned = n - 1;
            cutOff = new boolean[n];
            // it still reaches its neighbour n(N-1), so its votes raise that peer's term, which then deposes the leader
            for (int i = 0; i < n - 2; i++) {
                cutOff[i] = true;
            }
            simulation.setReachability((from, to, now) -> now < PARTITION_AT_US
                    || !((from == partitioned && cutOff[to]) || (to == partitioned && cutOff[from])));
        }
        for (int key = 0; key < keys; key++) {
            for (int node = 0; node < n; node++) {
                int k = key;
                int self = node;
                simulation.at(simulation.between(0, 10_000), () -> {
                    sim.event(self, k, "Start").set("role", "FOLLOWER").set("term", 0L).set("commit", 0L)
                            .msg("raft node started").log();
                    leaderContact[self][k] = Long.MIN_VALUE / 2;
                    resetElectionTimer(self, k);
                });
            }
        }
    }

    private int majority() {
        return n / 2 + 1;
    }

    private long term(int node, int key) {
        return sim.number(node, key, "term");
    }

    private long commit(int node, int key) {
        return sim.number(node, key, "commit");
    }

    private void resetElectionTimer(int node, int key) {
        int generation = ++electionTimer[node][key];
        sim.after(sim.between(ELECTION_MIN_US, ELECTION_MAX_US), () -> {
            if (electionTimer[node][key] == generation) {
                electionTimeout(node, key);
            }
        });
    }

    private void electionTimeout(int node, int key) {
        if (sim.is(node, key, "role", "LEADER")) {
            return;
        }
        resetElectionTimer(node, key);
        if (!prevote) {
            becomeCandidate(node, key, null);
            return;
        }
        long proposed = term(node, key) + 1;
        long commit = commit(node, key);
        int thisRound = ++round[node][key];
        votes[node][key] = 1;
        Simulation.Event event = sim.event(node, key, "PreVote").msg("pre-vote for term " + proposed);
        for (int peer = 0; peer < n; peer++) {
            if (peer != node) {
                int p = peer;
                event.send(peer, m -> preVoteRequest(p, key, node, proposed, commit, thisRound, m));
            }
        }
        event.log();
    }

    private void preVoteRequest(int node, int key, int candidate, long proposed, long candidateCommit, int candidateRound, Message m) {
        boolean hearsLeader = sim.is(node, key, "role", "LEADER") || sim.now() - leaderContact[node][key] < ELECTION_MIN_US;
        boolean grant = proposed > term(node, key) && candidateCommit >= commit(node, key) && !hearsLeader;
        sim.event(node, key, grant ? "GrantPreVote" : "RejectPreVote").receive(m)
                .msg((grant ? "granted" : "refused") + " pre-vote to " + sim.node(candidate) + " for term " + proposed)
                .send(candidate, r -> preVoteResponse(candidate, key, proposed, grant, candidateRound, r)).log();
    }

    private void preVoteResponse(int node, int key, long proposed, boolean granted, int thisRound, Message m) {
        if (!granted || round[node][key] != thisRound || sim.is(node, key, "role", "LEADER") || term(node, key) + 1 != proposed) {
            return;
        }
        if (++votes[node][key] == majority()) {
            becomeCandidate(node, key, m);
        }
    }

    private void becomeCandidate(int node, int key, Message received) {
        long term = term(node, key) + 1;
        long commit = commit(node, key);
        int thisRound = ++round[node][key];
        votes[node][key] = 1;
        Simulation.Event event = sim.event(node, key, "BecomeCandidate")
                .set("role", "CANDIDATE").set("term", term).set("voted_for", sim.node(node)).set("leader", null)
                .msg("became candidate at term " + term);
        if (received != null) {
            event.receive(received);
        }
        for (int peer = 0; peer < n; peer++) {
            if (peer != node) {
                int p = peer;
                event.send(peer, m -> requestVote(p, key, node, term, commit, m));
            }
        }
        event.log();
        resetElectionTimer(node, key);
        if (majority() == 1) {
            becomeLeader(node, key, null);
        }
    }

    private void requestVote(int node, int key, int candidate, long term, long candidateCommit, Message m) {
        long current = term(node, key);
        boolean newer = term > current;
        Object votedFor = newer ? null : sim.get(node, key, "voted_for");
        Object role = newer ? "FOLLOWER" : sim.get(node, key, "role");
        String self = sim.node(node);
        boolean freeToVote = votedFor == null || votedFor.equals(sim.node(candidate))
                || (doubleVote && "CANDIDATE".equals(role) && self.equals(votedFor));
        boolean grant = term >= current && freeToVote && candidateCommit >= commit(node, key);
        Simulation.Event event = sim.event(node, key, grant ? "GrantVote" : "RejectVote").receive(m);
        if (newer) {
            event.set("term", term).set("voted_for", null);
            if (!sim.is(node, key, "role", "FOLLOWER")) {
                event.set("role", "FOLLOWER");
            }
            if (sim.get(node, key, "leader") != null) {
                event.set("leader", null);
            }
        }
        if (grant) {
            event.set("voted_for", sim.node(candidate));
        }
        long replyTerm = Math.max(term, current);
        event.msg((grant ? "granted vote to " : "refused vote to ") + sim.node(candidate) + " at term " + replyTerm)
                .send(candidate, r -> voteResponse(candidate, key, replyTerm, grant, r)).log();
        if (grant) {
            resetElectionTimer(node, key);
        }
    }

    private void voteResponse(int node, int key, long term, boolean granted, Message m) {
        if (term > term(node, key)) {
            stepDown(node, key, term, m);
        } else if (granted && term == term(node, key) && sim.is(node, key, "role", "CANDIDATE")) {
            if (++votes[node][key] == majority()) {
                becomeLeader(node, key, m);
            }
        }
    }

    private void stepDown(int node, int key, long term, Message m) {
        sim.event(node, key, "StepDown").receive(m)
                .set("term", term).set("role", "FOLLOWER").set("leader", null).set("voted_for", null)
                .msg("saw term " + term + ", stepping down").log();
        resetElectionTimer(node, key);
    }

    private void becomeLeader(int node, int key, Message received) {
        Simulation.Event event = sim.event(node, key, "BecomeLeader").set("role", "LEADER").set("leader", sim.node(node))
                .msg("became leader at term " + term(node, key));
        if (received != null) {
            event.receive(received);
        }
        event.log();
        acks[node][key] = 0;
        int generation = ++heartbeatTimer[node][key];
        heartbeat(node, key, generation);
    }

    private void heartbeat(int node, int key, int generation) {
        if (heartbeatTimer[node][key] != generation || !sim.is(node, key, "role", "LEADER") || sim.stopped()) {
            return;
        }
        long term = term(node, key);
        long commit = commit(node, key);
        Simulation.Event event = sim.event(node, key, "AppendEntries");
        if (acks[node][key] + 1 >= majority()) {
            commit++;
            event.set("commit", commit);
        }
        acks[node][key] = 0;
        long sentCommit = commit;
        for (int peer = 0; peer < n; peer++) {
            if (peer != node) {
                int p = peer;
                event.send(peer, m -> appendEntries(p, key, node, term, sentCommit, m));
            }
        }
        event.log();
        sim.after(HEARTBEAT_US, () -> heartbeat(node, key, generation));
    }

    private void appendEntries(int node, int key, int leader, long term, long leaderCommit, Message m) {
        long current = term(node, key);
        if (term < current) {
            sim.event(node, key, "RejectAppend").receive(m).msg("stale leader " + sim.node(leader) + " at term " + term)
                    .send(leader, r -> appendResponse(leader, key, current, false, r)).log();
            return;
        }
        Simulation.Event event = sim.event(node, key, "Heartbeat").receive(m);
        if (term > current) {
            event.set("term", term).set("voted_for", null);
        }
        if (!sim.is(node, key, "role", "FOLLOWER")) {
            event.set("role", "FOLLOWER").msg("follows " + sim.node(leader) + " at term " + term);
        }
        if (!sim.is(node, key, "leader", sim.node(leader))) {
            event.set("leader", sim.node(leader));
        }
        if (leaderCommit > commit(node, key)) {
            event.set("commit", leaderCommit);
        }
        event.send(leader, r -> appendResponse(leader, key, term, true, r)).log();
        leaderContact[node][key] = sim.now();
        resetElectionTimer(node, key);
    }

    private void appendResponse(int node, int key, long term, boolean success, Message m) {
        if (term > term(node, key)) {
            stepDown(node, key, term, m);
        } else if (success && term == term(node, key) && sim.is(node, key, "role", "LEADER")) {
            acks[node][key]++;
        }
    }

    /** The node that the partition fault cuts off partially, or -1. */
    int partitioned() {
        return partitioned;
    }
}
