package io.retrocut.cli;

import io.retrocut.analysis.report.ClockReport;
import io.retrocut.analysis.report.ClockReports;
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

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() {
        ClockReport report = ForensicsCommandRunner.clocks(spark.master, events);
        PrintWriter out = spec.commandLine().getOut();
        out.print(spark.json ? ClockReports.json(report) + System.lineSeparator() : ClockReports.text(report));
        out.flush();
        return Main.EXIT_OK;
    }
}
