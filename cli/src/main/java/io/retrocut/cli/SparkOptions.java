package io.retrocut.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that run a Spark job (check, snapshot, replay, clocks). */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: the spark-submit master, else local[*]).")
    String master;

    @Option(names = "--json", description = "Print the result as one JSON document on stdout.")
    boolean json;
}
