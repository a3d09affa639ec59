import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Peer for check: the bench invariants as plain Spark SQL window queries over retrocut's events Parquet, evaluating
 * the very same check strings as the invariants file. Usage: SparkCheck EVENTS_DIR INVARIANTS.yaml
 *
 * One window per key ordered by HLC folds every node's variables (last(... IGNORE NULLS), one column per node and
 * variable; sets and unsets both fold, as a struct whose field may be NULL); the last event of each distinct HLC
 * carries the cut, which is rebuilt as the `nodes` array the checks expect. Knows the node ids (read first).
 * A single hot key is one window partition: one task, no parallelism.
 */
public class SparkCheck {
    static final String[] VARS = {"role", "term", "commit", "leader", "voted_for"};

    public static void main(String[] args) throws Exception {
        Map<String, String> checks = new LinkedHashMap<>();
        Matcher m = Pattern.compile("- name: (\\S+)\\s+check: \"(.*)\"").matcher(Files.readString(Path.of(args[1])));
        while (m.find()) {
            checks.put(m.group(1), m.group(2));
        }
        SparkSession spark = SparkSession.builder().master("local[*]").appName("bench-spark-check")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        long t = System.nanoTime();
        StringBuilder setters = new StringBuilder();
        for (String v : VARS) {
            setters.append(String.format(", case when vars.%1$s is not null or array_contains(unset, '%1$s') then named_struct('x', vars.%1$s) end as %1$s", v));
        }
        spark.read().parquet(args[0]).createOrReplaceTempView("raw");
        spark.sql("select key, node, hlc_l * 65536 + hlc_c as h" + setters + " from raw").createOrReplaceTempView("ev");
        List<String> nodes = new ArrayList<>();
        for (Row r : spark.sql("select distinct node from ev order by node").collectAsList()) {
            nodes.add(r.getString(0));
        }
        StringBuilder cols = new StringBuilder();
        StringBuilder structs = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            String nd = nodes.get(i);
            cols.append(String.format(", max(case when node = '%s' then 1 end) over w as s%d", nd, i));
            structs.append(i == 0 ? "" : ", ").append(String.format("named_struct('node', '%s', 'seen', s%d", nd, i));
            for (String v : VARS) {
                cols.append(String.format(", last(case when node = '%s' then %s end, true) over w .x as %s%d", nd, v, v, i));
                structs.append(String.format(", '%s', %s%d", v, v, i));
            }
            structs.append(")");
        }
        spark.sql("select key, h" + cols + ", lead(h) over (partition by key order by h) as nh from ev"
                + " window w as (partition by key order by h rows between unbounded preceding and current row)")
                .createOrReplaceTempView("folded");
        spark.sql("select key, h, filter(array(" + structs + "), n -> n.seen is not null) as nodes from folded"
                + " where nh is null or nh <> h").createOrReplaceTempView("cuts");
        StringBuilder evals = new StringBuilder("select 1 as one");
        StringBuilder counts = new StringBuilder("select count(*)");
        int i = 0;
        for (Map.Entry<String, String> c : checks.entrySet()) {
            evals.append(", (").append(c.getValue()).append(") as c").append(i);
            counts.append(String.format(", count_if(c%1$d = false), count_if(c%1$d is null)", i));
            i++;
        }
        Row r = spark.sql(counts + " from (" + evals + " from cuts)").first();
        StringBuilder out = new StringBuilder(String.format("{\"engine\": \"spark-sql\", \"cuts\": %d, \"seconds_query\": %.3f, \"invariants\": {",
                r.getLong(0), (System.nanoTime() - t) / 1e9));
        i = 0;
        for (String name : checks.keySet()) {
            out.append(i == 0 ? "" : ", ").append(String.format("\"%s\": {\"violating\": %d, \"indeterminate\": %d}", name, r.getLong(1 + 2 * i), r.getLong(2 + 2 * i)));
            i++;
        }
        System.out.println(out.append("}}"));
        spark.stop();
    }
}
