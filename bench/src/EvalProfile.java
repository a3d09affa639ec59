import com.fasterxml.jackson.databind.JsonNode;
import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.invariants.InvariantsFile;
import io.retrocut.analysis.spark.CheckCompiler;
import io.retrocut.analysis.spark.CompiledChecks;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.HlcUnit;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The check's cost per cut with and without an invariants file's checks, on one thread, in one JVM: every part of
 * an events dataset is swept (each key from an empty state) once with an evaluator that does nothing and once with
 * the checks' task evaluator (compiled checks, Catalyst for the rest). Rounds alternate the two; the best round
 * counts. Times are the thread's CPU time. A local Spark session only resolves the checks.
 *
 * <p>Compiled with {@code PartsProfile.java}, whose dataset helpers it uses; {@code java -cp CLASSES:cli/target/lib/*
 * EvalProfile EVENTS_DIR INVARIANTS.yaml [ROUNDS]}; prints CPU ns per cut of the sweep alone and of the sweep with the
 * checks.
 */
public final class EvalProfile {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        List<Invariant> invariants = InvariantsFile.load(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        JsonNode meta = PartsProfile.metadata(dir);
        Variables variables = PartsProfile.variables(meta);
        CompiledChecks checks;
        SparkSession spark = org.apache.spark.sql.classic.SparkSession.builder().master("local[1]").appName("EvalProfile")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            checks = CheckCompiler.compile(spark, args[1], invariants, variables);
        } finally {
            spark.stop();
        }
        Configuration conf = new Configuration();
        double bestBare = Double.MAX_VALUE;
        double bestChecked = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            double bare = PartsProfile.sweepNanosPerCut(dir, meta, conf, variables, 0, (cut, results) -> { });
            double checked = PartsProfile.sweepNanosPerCut(dir, meta, conf, variables, checks.size(),
                    checks.newEvaluator(HlcUnit.MS, 0));
            bestBare = Math.min(bestBare, bare);
            bestChecked = Math.min(bestChecked, checked);
            System.out.printf("round %d: sweep alone %.0f ns/cut, with %d checks %.0f ns/cut%n", round, bare, checks.size(), checked);
        }
        System.out.printf("best: sweep alone %.0f ns/cut, with the checks %.0f ns/cut: the checks %.0f ns/cut%n", bestBare,
                bestChecked, bestChecked - bestBare);
    }

    private EvalProfile() {
    }
}
