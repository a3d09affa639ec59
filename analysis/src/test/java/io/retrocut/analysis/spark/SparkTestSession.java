package io.retrocut.analysis.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark per test class: local[2], UI off, bound to 127.0.0.1. */
final class SparkTestSession {
    private SparkTestSession() {
    }

    static SparkSession start() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("retrocut-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
