package io.retrocut.cli;

import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.ingest.Ingest;
import io.retrocut.ingest.IngestOptions;
import io.retrocut.ingest.IngestProgress;
import io.retrocut.ingest.IngestSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Convert node log dumps into a Parquet events dataset.",
            "INPUT may be files or directories (every file below); .gz files are decompressed.",
            "Lines that cannot be ingested go to EVENTS_DIR/_quarantine.jsonl with file, line and reason.",
            "Real logs: --format takes a preset (etcd, etcd-raft-trace, govector, retroscope, shiviz, zookeeper) or a",
            "format file (YAML, see the README's 'Log formats'); lines no rule matches are counted as ignored."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ingested (quarantined lines, if any, are counted in the summary)",
            "2:usage error (bad option, unknown format or bad format file, output exists without --overwrite)",
            "3:bad input data (missing input, or the first bad line under --strict)",
            "4:internal error"
        })
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Log files or directories.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "EVENTS_DIR", description = "Directory to write the events dataset to.")
    Path output;

    @Option(names = "--format", paramLabel = "NAME|FILE.yaml", defaultValue = "canonical",
            description = "Input format: a preset name or a format file (default: ${DEFAULT-VALUE}, the retrocut events"
                    + " v1 JSON lines of SPEC §2).")
    String format;

    @Option(names = "--hlc-unit", paramLabel = "UNIT", defaultValue = "ms",
            description = "Unit of hlc.l in the input: ms, us or ns (default: ${DEFAULT-VALUE}).")
    String hlcUnit;

    @Option(names = "--strict", description = "Stop at the first bad line (file:line: reason, exit code 3) instead of quarantining it.")
    boolean strict;

    @Option(names = "--overwrite", description = "Replace EVENTS_DIR if it exists.")
    boolean overwrite;

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Lines longer than this are quarantined (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--json", description = "Print the summary as one JSON document on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        HlcUnit unit;
        try {
            unit = HlcUnit.parse(hlcUnit);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        if (maxLineBytes < 64 || maxLineBytes > IngestOptions.MAX_LINE_BYTES_LIMIT) {
            throw UserException.usage("--max-line-bytes must be between 64 and " + IngestOptions.MAX_LINE_BYTES_LIMIT + ", got " + maxLineBytes);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestProgress progress = ProgressBar.forTerminal(err, quiet || json);
        IngestSummary summary = Ingest.run(new IngestOptions(inputs, output, unit, strict, overwrite, maxLineBytes, format), progress);
        if (progress instanceof ProgressBar bar) {
            bar.finishLine();
        }
        for (String warning : summary.warnings()) {
            err.println("warning: " + warning);
        }
        if (json) {
            out.println(summary.toJson());
        } else {
            out.printf("ingested %,d events from %,d file(s) into %s (%,d node(s), %,d key(s), %,d variable(s))%n",
                    summary.events(), summary.files(), summary.output(), summary.nodes(), summary.keys(), summary.variables().size());
            out.printf("read %,d lines: %,d ingested, %,d quarantined, %,d ignored, %,d blank%n",
                    summary.read(), summary.ingested(), summary.quarantined(), summary.ignored(), summary.blank());
            if (summary.quarantined() > 0) {
                out.printf("quarantined lines (file, line, reason, raw): %s%n", summary.quarantine());
            }
        }
        out.flush();
        err.flush();
        return Main.EXIT_OK;
    }
}
