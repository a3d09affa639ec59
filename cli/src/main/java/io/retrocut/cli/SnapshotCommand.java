package io.retrocut.cli;

import io.retrocut.analysis.report.ForensicsReports;
import io.retrocut.analysis.spark.ForensicsCommandRunner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = {
            "Show the consistent global state at time T: per key, the last cut at or before T as a node × variable table.",
            "T: RFC 3339 (2025-11-22T08:26:40.009Z), epoch milliseconds, or an HLC l.c."
        })
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVENTS_DIR", description = "Events dataset written by 'retrocut ingest'.")
    String events;

    @Option(names = "--at", required = true, paramLabel = "T", description = "The moment to show.")
    String at;

    @Option(names = "--key", paramLabel = "K", description = "Only this key (default: every key).")
    String key;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() {
        ForensicsCommandRunner.SnapshotOutcome outcome = ForensicsCommandRunner.snapshot(spark.master, events, at, key);
        PrintWriter out = spec.commandLine().getOut();
        out.print(spark.json ? ForensicsReports.snapshotJson(outcome.snapshot()) + System.lineSeparator()
                : ForensicsReports.snapshotText(outcome.snapshot(), outcome.unit()));
        out.flush();
        return Main.EXIT_OK;
    }
}
