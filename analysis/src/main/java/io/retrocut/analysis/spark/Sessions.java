package io.retrocut.analysis.spark;

import io.retrocut.events.UserException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a retrocut command. Under {@code spark-submit} the master comes from the submission; run
 * directly, the embedded Spark uses {@code local[*]} unless {@code --master} says otherwise.
 */
public final class Sessions {
    private Sessions() {
    }

    /** Spark's floor for the driver's heap: 1.5 × its 300 MB of reserved memory (UnifiedMemoryManager). */
    static final long MIN_HEAP_BYTES = 450L << 20;

    /**
     * @throws UserException (usage) when this JVM's heap is below what Spark accepts for a driver: Spark would
     *     refuse with a stack trace in its log
     */
    public static SparkSession start(String appName, String master) {
        SparkConf conf = new SparkConf(true);
        checkHeap(conf, Runtime.getRuntime().maxMemory());
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", appName);
        // Spark's stage progress bar on stderr, only for a person at a terminal (never in pipes, logs or CI).
        conf.setIfMissing("spark.ui.showConsoleProgress", String.valueOf(System.console() != null));
        // Checks that use `time` must not depend on the laptop's time zone.
        conf.setIfMissing("spark.sql.session.timeZone", "UTC");
        // check puts each task's output aside as it arrives (SlicedCheckJob), so the driver does not hold all of them:
        // millions of violation intervals with witnesses may pass the default 1 GB cap on results
        conf.setIfMissing("spark.driver.maxResultSize", "0");
        if (conf.get("spark.master").startsWith("local")) {
            // A laptop run needs no web UI (and no port); on a cluster the submission decides.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            // A task's result larger than this (default 1 MB) is put in the block manager and fetched back over a
            // socket, even in this JVM. With many violations a check's task sends tens of MB: the round trip cost a
            // 10M-event check with seven invariants ~0.8 s of 9, before its tasks left their outputs in an OutputBox
            // (the sliced layout's); the general path still sends them this way. Spark caps this at
            // spark.rpc.message.maxSize.
            conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
        }
        // The classic (in-process) builder directly: SparkSession.builder() first looks the implementation up by
        // name through Scala runtime reflection, whose initialization alone costs a small command two seconds.
        return org.apache.spark.sql.classic.SparkSession.builder().config(conf).getOrCreate();
    }

    static void checkHeap(SparkConf conf, long maxHeap) {
        if (!conf.contains("spark.testing.memory") && maxHeap < MIN_HEAP_BYTES) {
            throw UserException.usage("Spark needs a heap of at least " + (MIN_HEAP_BYTES >> 20) + " MB, and this JVM has "
                    + (maxHeap >> 20) + " MB: raise -Xmx (e.g. RETROCUT_JAVA_OPTS=-Xmx1g, or --driver-memory 1g with spark-submit)");
        }
    }
}
