package io.retrocut.cli;

import io.retrocut.analysis.report.CheckReports;
import io.retrocut.analysis.report.CheckStory;
import io.retrocut.analysis.spark.CheckCommandRunner;
import io.retrocut.events.HlcUnit;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import io.retrocut.ingest.IngestSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run ingest and check end to end on the bundled raft example (sample-data/raft, shipped in the jar):",
            "three nodes, one raft group, a buggy vote rule that elects two leaders in term 2."
        })
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "sample-data/raft";
    static final List<String> LOGS = List.of("n1.jsonl", "n2.jsonl", "n3.jsonl");

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the example's logs and events in DIR instead of a temporary folder.")
    Path keep;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path work = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("retrocut-demo-");
        try {
            Path logs = Files.createDirectories(work.resolve("logs"));
            for (String log : LOGS) {
                copy(SAMPLE + "/logs/" + log, logs.resolve(log));
            }
            Path invariants = copy(SAMPLE + "/invariants.yaml", work.resolve("invariants.yaml"));
            Path events = work.resolve("events");

            out.println("retrocut demo: a 3-node raft group in which a buggy vote rule lets two candidates win term 2,");
            out.println("while the old leader, cut off by a partition, still believes it leads term 1.");
            out.println();
            out.printf("$ retrocut ingest %s -o %s%n", logs, events);
            IngestSummary summary = Ingest.run(new IngestOptions(List.of(logs), events, HlcUnit.MS, false, true,
                    IngestOptions.DEFAULT_MAX_LINE_BYTES), IngestProgress.NONE);
            out.printf("ingested %,d events from %,d file(s) (%,d node(s), %,d key(s), variables %s)%n", summary.events(),
                    summary.files(), summary.nodes(), summary.keys(), String.join(", ", summary.variables().keySet()));
            out.println();
            out.printf("$ retrocut check %s -i %s%n", events, invariants);
            out.flush();
            CheckCommandRunner.Outcome outcome = CheckCommandRunner.run(new CheckCommandRunner.Request(
                    events.toString(), invariants, null, null, null, 0, null, false));
            out.print(CheckReports.text(outcome.result(), outcome.unit()));
            out.println();
            out.println("--- the story ---");
            out.print(CheckStory.text(outcome.result(), outcome.unit()));
            out.println();
            if (keep == null) {
                out.println("The example ran in a temporary folder. To explore it: ./retrocut demo --keep demo, then");
                out.println("  ./retrocut snapshot demo/events --at 2025-11-22T08:26:40.580Z");
                out.println("  ./retrocut replay demo/events --from 1763800000560 --to 1763800000610 -i demo/invariants.yaml");
            } else {
                out.println("Explore it:");
                out.println("  ./retrocut snapshot " + events + " --at 2025-11-22T08:26:40.580Z");
                out.println("  ./retrocut replay " + events + " --from 1763800000560 --to 1763800000610 -i " + invariants);
            }
            out.flush();
            return Main.EXIT_OK;
        } finally {
            if (keep == null) {
                deleteRecursively(work);
            }
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its bundled example " + resource);
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
