package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.events.Hlc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HlcReconstructionTest {
    private final Reconstruct input = new Reconstruct();

    @Test
    void kulkarniRulesInCausalOrderWhenReceivesAreReadBeforeTheirSends() {
        // n2's file is read first: its receive of m1 comes before n1's send in read order
        long n2a = input.ts("n2", 3);
        long n2b = input.ts("n2", 4, "?m1");
        long n2c = input.ts("n2", 5);
        long n2d = input.ts("n2", 12);
        long n1a = input.ts("n1", 10, "!m1");
        long n1b = input.ts("n1", 10);
        long n1c = input.ts("n1", 9);
        long n1d = input.ts("n1", 8, "?m2");
        long n3a = input.ts("n3", 10);
        long n3b = input.ts("n3", 10, "!m2");
        input.run();

        // send/local: l = max(l, pt), c = c + 1 when l did not change, else 0
        assertThat(input.hlc(n1a)).isEqualTo(new Hlc(10, 0));
        assertThat(input.hlc(n1b)).isEqualTo(new Hlc(10, 1));
        assertThat(input.hlc(n1c)).isEqualTo(new Hlc(10, 2));
        assertThat(input.hlc(n3a)).isEqualTo(new Hlc(10, 0));
        assertThat(input.hlc(n3b)).isEqualTo(new Hlc(10, 1));
        // receive: l = max(l, l_m, pt); the message's l wins, so c = c_m + 1
        assertThat(input.hlc(n2a)).isEqualTo(new Hlc(3, 0));
        assertThat(input.hlc(n2b)).isEqualTo(new Hlc(10, 1));
        assertThat(input.hlc(n2c)).isEqualTo(new Hlc(10, 2));
        assertThat(input.hlc(n2d)).isEqualTo(new Hlc(12, 0));
        // receive where the node's l and the message's l tie: c = max(c, c_m) + 1
        assertThat(input.hlc(n1d)).isEqualTo(new Hlc(10, 3));
        // the order is causal and, among ready nodes, by wall clock then node name
        assertThat(input.order).containsExactly(n2a, n1a, n2b, n2c, n1b, n1c, n3a, n3b, n1d, n2d);
        assertThat(input.reconstruction.missingSends()).isZero();
        assertThat(input.reconstruction.warnings()).isEmpty();
    }

    @Test
    void receiveWhoseSendIsMissingIsLocalAndReported() {
        input.ts("n1", 3);
        long ghost = input.ts("n1", 5, "?ghost");
        input.run();

        assertThat(input.hlc(ghost)).isEqualTo(new Hlc(5, 0));
        assertThat(input.reconstruction.missingSends()).isEqualTo(1);
        assertThat(input.reconstruction.warnings()).containsExactly(
                "f:2: receive of message 'ghost', which no event in the input sends; ordered as a local event");
    }

    @Test
    void manyMissingSendsShowTheFirstFiveAndACount() {
        for (int i = 0; i < 7; i++) {
            input.ts("n1", i, "?ghost" + i);
        }
        input.run();

        assertThat(input.reconstruction.missingSends()).isEqualTo(7);
        assertThat(input.reconstruction.warnings()).hasSize(6).endsWith(
                "2 more receive(s) of messages that no event in the input sends; ordered as local events");
        assertThat(input.reconstruction.warnings().get(4)).isEqualTo(
                "f:5: receive of message 'ghost4', which no event in the input sends; ordered as a local event");
    }

    @Test
    void cycleAgainstLogOrderIsReportedAndBrokenAtTheSmallestWallClock() {
        long n1Receive = input.ts("n1", 10, "?a");
        long n1Send = input.ts("n1", 11, "!b");
        long n2Receive = input.ts("n2", 20, "?b");
        long n2Send = input.ts("n2", 21, "!a");
        input.run();

        assertThat(input.reconstruction.warnings()).containsExactly("f:1: causal order deadlock: every remaining"
                + " event waits for another; this event of node 'n1' waits for the send of message 'a' at f:4, so it"
                + " is ordered as a local event");
        assertThat(input.reconstruction.deadlocks()).isEqualTo(1);
        assertThat(input.reconstruction.missingSends()).isZero();
        assertThat(input.hlc(n1Receive)).isEqualTo(new Hlc(10, 0));
        assertThat(input.hlc(n1Send)).isEqualTo(new Hlc(11, 0));
        assertThat(input.hlc(n2Receive)).isEqualTo(new Hlc(20, 0));
        assertThat(input.hlc(n2Send)).isEqualTo(new Hlc(21, 0));
        assertThat(input.order).containsExactly(n1Receive, n1Send, n2Receive, n2Send);
    }

    @Test
    void vectorClockClaimingAnEventThatDoesNotExistIsADeadlock() {
        long first = input.add("n1", null, null, Map.of("n1", 1L));
        long second = input.add("n1", null, null, Map.of("n1", 2L));
        long claims = input.add("n2", null, null, Map.of("n1", 5L, "n2", 1L));
        long after = input.add("n2", null, null, Map.of("n1", 5L, "n2", 2L));
        input.run();

        assertThat(input.reconstruction.warnings()).containsExactly("f:3: causal order deadlock: every remaining"
                + " event waits for another; this event of node 'n2' waits for event 5 of node 'n1' named in its"
                + " vector clock, but node 'n1' has only 2 events, so it is ordered as a local event",
                "f:4: causal order deadlock: every remaining event waits for another; this event of node 'n2' waits"
                + " for event 5 of node 'n1' named in its vector clock, but node 'n1' has only 2 events, so it is"
                + " ordered as a local event");
        // no wall clock: a pure logical order; what n2 does know of n1 still counts
        assertThat(input.hlc(first)).isEqualTo(new Hlc(0, 0));
        assertThat(input.hlc(second)).isEqualTo(new Hlc(0, 1));
        assertThat(input.hlc(claims)).isEqualTo(new Hlc(0, 2));
        assertThat(input.hlc(after)).isEqualTo(new Hlc(0, 3));
    }

    @Test
    void vectorClocksWithoutWallClockGiveALogicalOrder() {
        long a1 = input.add("a", null, null, Map.of("a", 1L));
        long a2 = input.add("a", null, null, Map.of("a", 2L));
        long b1 = input.add("b", null, null, Map.of("b", 1L));
        long b2 = input.add("b", null, null, Map.of("a", 2L, "b", 2L));
        long c1 = input.add("c", null, null, Map.of("c", 1L));
        input.run();

        assertThat(input.hlc(a1)).isEqualTo(new Hlc(0, 0));
        assertThat(input.hlc(a2)).isEqualTo(new Hlc(0, 1));
        assertThat(input.hlc(b1)).isEqualTo(new Hlc(0, 0));
        assertThat(input.hlc(b2)).isEqualTo(new Hlc(0, 2));
        assertThat(input.hlc(c1)).isEqualTo(new Hlc(0, 0));
        assertThat(input.reconstruction.warnings()).isEmpty();
    }

    @Test
    void givenHlcsAreFixedPointsInAMixedDataset() {
        long derivedReceive = input.ts("n2", 50, "?m1");
        long derivedLocal = input.ts("n2", 90);
        long derivedSend = input.ts("n2", 95, "!m2");
        long givenSend = input.hlc("n1", 100, 5, "!m1");
        long givenReceive = input.hlc("n1", 100, 6, "?m2");
        long fromTheFuture = input.hlc("n1", 300, 0, "!m3");
        long pushed = input.ts("n3", 200, "?m3");
        long repeats = input.hlc("n3", 300, 1);
        long backwards = input.hlc("n3", 250, 0);
        long later = input.hlc("n3", 301, 0);
        input.run();

        assertThat(input.hlc(givenSend)).isEqualTo(new Hlc(100, 5));
        assertThat(input.hlc(derivedReceive)).isEqualTo(new Hlc(100, 6));
        assertThat(input.hlc(derivedLocal)).isEqualTo(new Hlc(100, 7));
        assertThat(input.hlc(derivedSend)).isEqualTo(new Hlc(100, 8));
        // a given HLC is kept even when a message it receives is stamped later
        assertThat(input.hlc(givenReceive)).isEqualTo(new Hlc(100, 6));
        assertThat(input.hlc(fromTheFuture)).isEqualTo(new Hlc(300, 0));
        assertThat(input.hlc(pushed)).isEqualTo(new Hlc(300, 1));
        assertThat(input.rejections).containsOnly(
                Map.entry(repeats, "HLC repeats (300.1); HLCs must increase within a node"),
                Map.entry(backwards, "HLC goes backwards (250.0 after 300.1); HLCs must increase within a node"));
        assertThat(input.hlc(later)).isEqualTo(new Hlc(301, 0));
    }

    @Test
    void sendOfARejectedEventIsMissingForItsReceivers() {
        input.hlc("n1", 10, 0);
        long rejected = input.hlc("n1", 10, 0, "!m1");
        long receive = input.ts("n2", 5, "?m1");
        input.run();

        assertThat(input.rejections).containsOnlyKeys(rejected);
        assertThat(input.hlc(receive)).isEqualTo(new Hlc(5, 0));
        assertThat(input.reconstruction.missingSends()).isEqualTo(1);
    }

    @Test
    void derivedCounterOverflowIsRejected() {
        input.hlc("n1", 5, Integer.MAX_VALUE);
        long overflow = input.ts("n1", 5);
        input.run();

        assertThat(input.rejections).containsExactly(Map.entry(overflow,
                "the HLC logical counter derived from 'ts' exceeds 2147483647; give an 'hlc' instead"));
    }

    @Test
    void vectorClockHistoryIsPrunedToWhatOtherNodesMayStillReferTo() {
        // three nodes in a ring, each event knows the previous event of the node before it
        int rounds = 30_000;
        long[][] clocks = new long[3][3];
        for (int round = 0; round < rounds; round++) {
            for (int node = 0; node < 3; node++) {
                long[] clock = clocks[node];
                long[] before = clocks[(node + 2) % 3];
                for (int i = 0; i < 3; i++) {
                    clock[i] = Math.max(clock[i], before[i]);
                }
                clock[node]++;
                input.add("n" + node, (long) round, null, Map.of("n0", clock[0], "n1", clock[1], "n2", clock[2]));
            }
        }
        input.run();

        assertThat(input.hlcs).hasSize(3 * rounds);
        assertThat(input.reconstruction.warnings()).isEmpty();
        assertThat(input.reconstruction.historyPeak()).isLessThan(64);
    }

    @Test
    void randomExecutionsWithWallClocks() {
        Random random = new Random(20141105);
        for (int iteration = 0; iteration < 2000; iteration++) {
            Execution execution = new Execution(random, false);
            Reconstruct run = Reconstruct.of(execution, readOrder(execution, random), true).run();
            copyHlcs(execution, run);
            checkMessagesAndNodes(execution, run);
            checkWallClockBound(execution);
        }
    }

    @Test
    void randomExecutionsWithVectorClocksAndWallClocks() {
        Random random = new Random(1978);
        for (int iteration = 0; iteration < 1000; iteration++) {
            Execution execution = new Execution(random, true);
            Reconstruct run = Reconstruct.of(execution, readOrder(execution, random), true).run();
            copyHlcs(execution, run);
            checkMessagesAndNodes(execution, run);
            checkWallClockBound(execution);
            checkHappensBefore(execution);
        }
    }

    @Test
    void randomExecutionsWithVectorClocksOnly() {
        Random random = new Random(42);
        for (int iteration = 0; iteration < 1000; iteration++) {
            Execution execution = new Execution(random, true);
            for (Execution.Event event : execution.all) {
                event.send.clear();
                event.recv.clear();
            }
            execution.messages.clear();
            Reconstruct run = Reconstruct.of(execution, readOrder(execution, random), false).run();
            copyHlcs(execution, run);
            checkMessagesAndNodes(execution, run);
            checkHappensBefore(execution);
        }
    }

    /** A random order of the nodes' files, receivers before senders more often than not. */
    static int[] readOrder(Execution execution, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < execution.nodeCount; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void copyHlcs(Execution execution, Reconstruct run) {
        assertThat(run.rejections).isEmpty();
        assertThat(run.reconstruction.missingSends()).isZero();
        assertThat(run.reconstruction.deadlocks()).isZero();
        assertThat(run.order).hasSize(execution.all.size());
        for (Execution.Event event : execution.all) {
            event.hlc = run.hlc(event.line);
        }
    }

    static void checkMessagesAndNodes(Execution execution, Object context) {
        for (Map.Entry<String, Execution.Event[]> message : execution.messages.entrySet()) {
            Execution.Event send = message.getValue()[0];
            Execution.Event receive = message.getValue()[1];
            if (receive != null) {
                assertThat(send.hlc).as("message %s in\n%s", message.getKey(), context).isLessThan(receive.hlc);
            }
        }
        for (List<Execution.Event> events : execution.byNode) {
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i - 1).hlc).as("node order in\n%s", context).isLessThan(events.get(i).hlc);
            }
        }
    }

    static void checkWallClockBound(Execution execution) {
        for (Execution.Event event : execution.all) {
            assertThat(event.hlc.l()).as("l >= pt in\n%s", execution).isGreaterThanOrEqualTo(event.pt);
            assertThat(event.hlc.l() - event.pt).as("l - pt within the skew %s in\n%s", execution.skewSpread,
                    execution).isLessThanOrEqualTo(execution.skewSpread);
        }
    }

    private static void checkHappensBefore(Execution execution) {
        for (Execution.Event e : execution.all) {
            for (Execution.Event f : execution.all) {
                if (Execution.happenedBefore(e, f)) {
                    assertThat(e.hlc).as("%s#%d -> %s#%d in\n%s", e.name(), e.index, f.name(), f.index, execution)
                            .isLessThan(f.hlc);
                }
            }
        }
    }
}
