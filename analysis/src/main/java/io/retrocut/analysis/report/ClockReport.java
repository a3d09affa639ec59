package io.retrocut.analysis.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How far the recorded clocks can be trusted (retrocut clocks): per node, what its messages and HLCs say about
 * clock skew. Times are in milliseconds; a null means the data cannot tell (e.g. no wall-clock {@code ts}).
 *
 * @param messages message ids sent
 * @param matched messages whose send and receive are both recorded
 * @param suggestedMaxSkewMs the largest skew observed anywhere: a value for {@code check --max-skew}
 */
public record ClockReport(long messages, long matched, Long suggestedMaxSkewMs, List<NodeClock> nodes) {
    public ClockReport {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param observedSkewMs the most a received message's send time was ahead of this node's clock at receipt
     *     (sender's {@code ts}, else its HLC, minus the receiver's {@code ts}): a lower bound on how far the sender's
     *     clock ran ahead of this node's
     * @param receivedBeforeSent receives whose wall-clock time is earlier than their send's
     * @param hlcAheadOfClockMs the most this node's HLC ran ahead of its own wall clock
     * @param maxLogicalCounter the largest HLC logical counter: large values mean many events in one tick or a clock
     *     pushed forward by a skewed peer
     * @param hlcRegressions lines of this node quarantined because their HLC repeated or went backwards
     */
    public record NodeClock(String node, long events, long received, Long observedSkewMs, long receivedBeforeSent,
            long receivesWithoutSend, Long hlcAheadOfClockMs, int maxLogicalCounter, long hlcRegressions) {
        public NodeClock {
            requireNonNull(node, "node is null");
        }
    }
}
