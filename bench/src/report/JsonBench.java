package io.retrocut.analysis.report;

import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes N stored raft-like violation intervals (five nodes, five variables, one event each) as {@code check --json}
 * does, R times, alternately through a UTF-8 {@code PrintWriter} (the text as a String, encoded again) and straight to
 * a stream as bytes, both into a null stream: ms per round each way. Not run by the harness; see BENCHMARKS.md.
 */
public class JsonBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Random random = new Random(1);
        try (IntervalStore store = new IntervalStore(1, 1L << 30)) {
            for (int i = 0; i < n; i++) {
                List<Witness.Node> nodes = new ArrayList<>();
                for (int node = 1; node <= 5; node++) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("commit", (long) random.nextInt(100_000));
                    values.put("leader", "n" + (1 + random.nextInt(5)));
                    values.put("role", random.nextBoolean() ? "LEADER" : "FOLLOWER");
                    values.put("term", (long) random.nextInt(9_000));
                    values.put("voted_for", "n" + (1 + random.nextInt(5)));
                    nodes.add(new Witness.Node("n" + node, values));
                }
                List<Witness.Event> events = List.of(new Witness.Event("n1", new Hlc(1_000L + i, 1), "BecomeLeader",
                        "/data/raft-10M-many/logs/n1.jsonl", i * 3L, null));
                store.add(0, new ViolationInterval("raft-" + (i % 1_000) + "-" + i, new Hlc(1_000L + i, 1), new Hlc(1_001L + i, 0), 1, 2,
                        new Witness(nodes, events)));
            }
            List<ViolationInterval> intervals = store.intervals(0);
            OutputStream sink = OutputStream.nullOutputStream();
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                PrintWriter writer = new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), true);
                IntervalStore.writeJson(intervals, new IntervalJson(writer), null);
                writer.flush();
                long written = System.nanoTime();
                IntervalStore.writeJson(intervals, new IntervalJson(sink), null);
                long streamed = System.nanoTime();
                System.out.printf("round %d: through a writer %.0f ms, as bytes %.0f ms%n", round, (written - start) / 1e6,
                        (streamed - written) / 1e6);
            }
        }
    }
}
