package io.retrocut.ingest;

/** The fields the ingest microbenchmarks' events share: those of the simulator's raft events, at their sizes. */
final class RaftLikeEvent {
    private static final String[] TYPES = {"AppendEntries", "GrantVote", "BecomeLeader"};

    private RaftLikeEvent() {
    }

    /** Resets {@code event} to event {@code i} of node {@code node}: HLC, ts, key, type, line and extra. */
    static void fill(EventRecord event, int i, int node, long hlcL) {
        event.reset();
        event.nodeId = node;
        event.hasHlc = true;
        event.hlcL = hlcL;
        event.hlcC = i % 4;
        event.hasTs = true;
        event.keyId = i % 1000;
        event.type = TYPES[i % 3];
        event.fileId = 0;
        event.line = i + 1;
        event.extra = "appended entries at term 7";
    }
}
