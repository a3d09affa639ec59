import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.invariants.InvariantsFile;
import io.retrocut.analysis.parts.PartReader;
import io.retrocut.analysis.spark.CheckCompiler;
import io.retrocut.analysis.spark.CompiledChecks;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.SliceSweeper;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The check's cost per cut with and without an invariants file's checks, on one thread, in one JVM: every part of
 * an events dataset is swept (each key from an empty state) once with an evaluator that does nothing and once with
 * the checks' task evaluator (compiled checks, Catalyst for the rest). Rounds alternate the two; the best round
 * counts. Times are the thread's CPU time. A local Spark session only resolves the checks.
 *
 * <p>{@code java -cp CLASSES:cli/target/lib/* EvalProfile EVENTS_DIR INVARIANTS.yaml [ROUNDS]}; prints CPU ns per
 * cut of the sweep alone and of the sweep with the checks.
 */
public final class EvalProfile {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        List<Invariant> invariants = InvariantsFile.load(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        JsonNode meta = new ObjectMapper().readTree(new File(dir, "_retrocut.json"));
        Map<String, VariableType> types = new TreeMap<>();
        meta.get("variables").fields().forEachRemaining(e -> types.put(e.getKey(), VariableType.valueOf(e.getValue().asText().toUpperCase())));
        Variables variables = Variables.of(types);
        CompiledChecks checks;
        SparkSession spark = org.apache.spark.sql.classic.SparkSession.builder().master("local[1]").appName("EvalProfile")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            checks = CheckCompiler.compile(spark, args[1], invariants, variables);
        } finally {
            spark.stop();
        }
        Configuration conf = new Configuration();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double bestBare = Double.MAX_VALUE;
        double bestChecked = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            long cuts = sweep(dir, meta, conf, variables, 0, (cut, results) -> { });
            double bare = (cpu.getCurrentThreadCpuTime() - start) / (double) cuts;
            start = cpu.getCurrentThreadCpuTime();
            long violating = 0;
            CutEvaluator evaluator = checks.newEvaluator(HlcUnit.MS, 0);
            long checkedCuts = sweep(dir, meta, conf, variables, checks.size(), evaluator);
            double checked = (cpu.getCurrentThreadCpuTime() - start) / (double) checkedCuts;
            bestBare = Math.min(bestBare, bare);
            bestChecked = Math.min(bestChecked, checked);
            System.out.printf("round %d: sweep alone %.0f ns/cut, with %d checks %.0f ns/cut (%d cuts)%n", round, bare,
                    checks.size(), checked, cuts);
        }
        System.out.printf("best: sweep alone %.0f ns/cut, with the checks %.0f ns/cut: the checks %.0f ns/cut%n", bestBare,
                bestChecked, bestChecked - bestBare);
    }

    private static long sweep(File dir, JsonNode meta, Configuration conf, Variables variables, int checks,
            CutEvaluator evaluator) throws Exception {
        long cuts = 0;
        for (JsonNode part : meta.get("parts")) {
            try (PartReader reader = PartReader.open(conf, new File(dir, part.asText()).getPath(), variables, PartReader.Columns.SWEEP)) {
                while (reader.nextKey()) {
                    cuts += SliceSweeper.sweep(reader.key(), 0, variables, CutState.EMPTY, reader.events(), Window.ALL, checks,
                            evaluator).cuts();
                }
            }
        }
        return cuts;
    }

    private EvalProfile() {
    }
}
