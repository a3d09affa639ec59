import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.parts.PartReader;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.SliceSweeper;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.events.VariableType;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The check's per-event costs without Spark, one thread, in one JVM: reading parts and building state deltas (the
 * first pass), and reading parts and sweeping every key's cuts with an evaluator that does nothing (the second pass,
 * less the invariants). Rounds alternate the two so that both see the same machine; the best round counts. Times are
 * the thread's CPU time, which a shared machine disturbs less than wall time.
 *
 * <p>{@code java -cp CLASSES:cli/target/lib/* PartsProfile EVENTS_DIR [ROUNDS]}; prints CPU ns per event per pass.
 */
public final class PartsProfile {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        JsonNode meta = metadata(dir);
        Variables variables = variables(meta);
        long events = meta.get("events").asLong();
        Configuration conf = new Configuration();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double bestDelta = Double.MAX_VALUE;
        double bestSweep = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            long keys = 0;
            for (JsonNode part : meta.get("parts")) {
                try (PartReader reader = PartReader.open(conf, new File(dir, part.asText()).getPath(), variables, PartReader.Columns.DELTA)) {
                    while (reader.nextKey()) {
                        keys += reader.delta().nodeCount();
                    }
                }
            }
            double delta = (cpu.getCurrentThreadCpuTime() - start) / (double) events;
            start = cpu.getCurrentThreadCpuTime();
            long cuts = sweep(dir, meta, conf, variables, 0, (cut, results) -> { });
            double sweep = (cpu.getCurrentThreadCpuTime() - start) / (double) events;
            bestDelta = Math.min(bestDelta, delta);
            bestSweep = Math.min(bestSweep, sweep);
            System.out.printf("round %d: first pass %.0f ns/event (%d key-nodes), second pass %.0f ns/event (%d cuts)%n", round, delta,
                    keys, sweep, cuts);
        }
        System.out.printf("best: first pass %.0f ns/event, second pass without invariants %.0f ns/event%n", bestDelta, bestSweep);
    }

    /** The dataset's {@code _retrocut.json}. */
    static JsonNode metadata(File dir) throws IOException {
        return new ObjectMapper().readTree(new File(dir, "_retrocut.json"));
    }

    /** The dataset's variables, from its metadata. */
    static Variables variables(JsonNode meta) {
        Map<String, VariableType> types = new TreeMap<>();
        meta.get("variables").fields().forEachRemaining(e -> types.put(e.getKey(), VariableType.valueOf(e.getValue().asText().toUpperCase())));
        return Variables.of(types);
    }

    /** Sweeps every key of every part from an empty state with {@code evaluator}; the number of cuts. */
    static long sweep(File dir, JsonNode meta, Configuration conf, Variables variables, int checks, CutEvaluator evaluator) {
        long cuts = 0;
        for (JsonNode part : meta.get("parts")) {
            try (PartReader reader = PartReader.open(conf, new File(dir, part.asText()).getPath(), variables, PartReader.Columns.SWEEP)) {
                while (reader.nextKey()) {
                    cuts += SliceSweeper.sweep(reader.key(), 0, variables, CutState.EMPTY, reader.cursor(null), Window.ALL, checks,
                            evaluator, Witness::of).cuts();
                }
            }
        }
        return cuts;
    }

    /** Thread CPU nanoseconds per cut of {@link #sweep}. */
    static double sweepNanosPerCut(File dir, JsonNode meta, Configuration conf, Variables variables, int checks,
            CutEvaluator evaluator) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        long cuts = sweep(dir, meta, conf, variables, checks, evaluator);
        return (cpu.getCurrentThreadCpuTime() - start) / (double) cuts;
    }

    private PartsProfile() {
    }
}
