package io.retrocut.cli;

import io.retrocut.analysis.report.CheckReports;
import io.retrocut.analysis.spark.CheckCommandRunner;
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
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Sweep every consistent cut of every key in HLC order and evaluate the invariants on each.",
            "Prints per invariant the cuts checked, the violating cuts and each violation interval with its witness.",
            "Times T: RFC 3339 (2025-11-22T08:26:40.009Z), epoch milliseconds, or an HLC l.c."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no violation",
            "1:violations found",
            "2:usage error (bad option, bad invariants file, output exists)",
            "3:bad input data (events dataset missing or unreadable)",
            "4:internal error"
        })
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVENTS_DIR", description = "Events dataset written by 'retrocut ingest' (a Hadoop path: file:, hdfs:, s3a:).")
    String events;

    @Option(names = {"-i", "--invariants"}, required = true, paramLabel = "INVARIANTS.yaml", description = "The invariants to check (SPEC §4).")
    Path invariants;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT_DIR", description = "Also write intervals and witnesses as Parquet (and check.json) here.")
    String output;

    @Option(names = "--overwrite", description = "Replace OUT_DIR if it exists.")
    boolean overwrite;

    @Option(names = "--from", paramLabel = "T", description = "Check only cuts at or after T (state from before T still counts).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Check only cuts at or before T.")
    String to;

    @Mixin
    SparkOptions spark;

    @Option(names = "--time-slices", paramLabel = "N", defaultValue = "0",
            description = "Shuffle and sort the events, cutting every key into up to N time slices swept in parallel (default 0: "
                    + "sweep the parts of an ingested dataset as they are, which are time slices already; other Parquet "
                    + "events are shuffled and only keys hot enough to need it are sliced).")
    int timeSlices;

    @Option(names = "--max-skew", paramLabel = "D",
            description = "Declared clock skew (e.g. 5ms, 1s): a violation shorter than D is marked 'possible' instead of 'definite' "
                    + "(field certainty), since with wall clocks alone it may be a skew artifact.")
    String maxSkew;

    @Override
    public Integer call() {
        CheckCommandRunner.Outcome outcome = CheckCommandRunner.run(
                new CheckCommandRunner.Request(events, invariants, from, to, spark.master, timeSlices, output, overwrite, maxSkew));
        PrintWriter out = spec.commandLine().getOut();
        if (spark.json) {
            if (out instanceof Utf8Out stdout) {
                // the document is UTF-8 already: to the stream as it is, not through the writer's chars
                CheckReports.writeJson(outcome.result(), stdout.bytes());
            } else {
                CheckReports.writeJson(outcome.result(), out);
            }
            out.println();
        } else {
            out.print(CheckReports.text(outcome.result(), outcome.unit()));
            if (output != null) {
                out.println();
                out.println("wrote intervals, witness_nodes, witness_events (Parquet) and check.json to " + output);
            }
        }
        out.flush();
        return outcome.result().violated() ? Main.EXIT_VIOLATIONS : Main.EXIT_OK;
    }
}
