package io.retrocut.cli;

import io.retrocut.analysis.report.ForensicsReports;
import io.retrocut.analysis.spark.ForensicsCommandRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Step cut by cut through a time window: each step's events, what changed (node.variable: old → new)",
            "and, with -i, which invariants flipped. T: RFC 3339, epoch milliseconds, or an HLC l.c."
        })
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVENTS_DIR", description = "Events dataset written by 'retrocut ingest'.")
    String events;

    @Option(names = "--from", required = true, paramLabel = "T", description = "First moment of the window (inclusive).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "T", description = "Last moment of the window (inclusive).")
    String to;

    @Option(names = "--key", paramLabel = "K", description = "Only this key (default: every key).")
    String key;

    @Option(names = {"-i", "--invariants"}, paramLabel = "INVARIANTS.yaml", description = "Also show which invariants flip at each step.")
    Path invariants;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() {
        ForensicsCommandRunner.ReplayOutcome outcome = ForensicsCommandRunner.replay(spark.master, events, from, to, key, invariants);
        PrintWriter out = spec.commandLine().getOut();
        out.print(spark.json ? ForensicsReports.replayJson(outcome.steps()) + System.lineSeparator()
                : ForensicsReports.replayText(outcome.steps(), outcome.unit()));
        out.flush();
        return Main.EXIT_OK;
    }
}
