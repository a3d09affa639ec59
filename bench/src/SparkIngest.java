import org.apache.spark.sql.SparkSession;

/** Peer for ingest: Spark's own JSON reader and Parquet writer. Usage: SparkIngest LOGS_DIR OUT_DIR */
public class SparkIngest {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[*]").appName("bench-spark-ingest")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        long t = System.nanoTime();
        spark.read().json(args[0]).write().mode("overwrite").parquet(args[1]);
        System.out.printf("{\"seconds_job\": %.3f}%n", (System.nanoTime() - t) / 1e9);
        spark.stop();
    }
}
