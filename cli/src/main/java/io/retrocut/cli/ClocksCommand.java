package io.retrocut.cli;

import io.retrocut.analysis.report.ClockReport;
import io.retrocut.analysis.report.ClockReports;
import io.retrocut.analysis.spark.ForensicsCommandRunner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "clocks",
        mixinStandardHelpOptions = true,
        description = {
            "Report how far the recorded clocks can be trusted, per node: skew revealed by messages (a send 'ahead' of its",
            "receive), receives earlier than their sends in wall-clock time, how far HLCs ran ahead of wall clocks, the",
            "largest logical counter, and HLC regressions quarantined at ingest. Read it before trusting any cut."
        })
final class ClocksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVENTS_DIR", description = "Events dataset written by 'retrocut ingest'.")
    String events;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: the spark-submit master, else local[*]).")
    String master;

    @Override
    public Integer call() {
        ClockReport report = ForensicsCommandRunner.clocks(master, events);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ClockReports.json(report) + System.lineSeparator() : ClockReports.text(report));
        out.flush();
        return Main.EXIT_OK;
    }
}
