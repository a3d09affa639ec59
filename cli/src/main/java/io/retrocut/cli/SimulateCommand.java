package io.retrocut.cli;

import io.retrocut.events.UserException;
import io.retrocut.simulate.GroundTruth;
import io.retrocut.simulate.SimulationOptions;
import io.retrocut.simulate.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Simulate a cluster and write its logs with real HLCs, the invariants to check and the ground truth:",
            "  DIR/logs/<node>.jsonl   canonical events (one file per node)",
            "  DIR/invariants.yaml     the scenario's invariants",
            "  DIR/ground-truth.json   the violation intervals 'retrocut check' must report (check --json's shape)",
            "Scenarios: raft (faults partition, double-vote; --prevote on|off), zookeeper (fault gc-pauses),",
            "nat (fault stale-primary). Deterministic for a seed; memory does not grow with --events."
        })
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "raft, zookeeper or nat.")
    String scenario;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Where to write logs/, invariants.yaml and ground-truth.json.")
    Path output;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "0",
            description = "Raft members, ZooKeeper servers or NAT gateways (default: 3).")
    int nodes;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "0",
            description = "Raft groups (default 1), znodes (default 4) or flows (default 6).")
    int keys;

    @Option(names = "--events", paramLabel = "E", defaultValue = "10000", description = "Stop after E events (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skew", paramLabel = "D", defaultValue = "5",
            description = "Maximum clock skew in ms: each node's clock runs ahead by a fixed offset in [0, D] (default: ${DEFAULT-VALUE}).")
    long skewMs;

    @Option(names = "--faults", paramLabel = "F", split = ",", description = "Faults to inject, comma-separated.")
    String[] faults;

    @Option(names = "--prevote", paramLabel = "on|off", description = "raft: run a PreVote round before elections (default: on).")
    String prevote;

    @Option(names = "--overwrite", description = "Replace the files of an existing DIR.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        Boolean preVote = null;
        if (prevote != null) {
            if (!prevote.equals("on") && !prevote.equals("off")) {
                throw UserException.usage("--prevote must be 'on' or 'off', got '" + prevote + "'");
            }
            preVote = prevote.equals("on");
        }
        Set<String> faultSet = faults == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(faults));
        SimulationOptions options;
        try {
            options = new SimulationOptions(scenario, nodes, keys, events, seed, skewMs, faultSet, preVote);
            Simulator.invariantsYaml(options);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        refuseExisting();
        Simulator.Summary summary;
        try {
            summary = Simulator.run(options, output);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("simulated %s: %,d events on %d node(s) (%s), %,d key(s), %,d ms of simulated time%n", scenario, summary.events(),
                summary.nodes().size(), String.join(", ", summary.nodes()), summary.keys(), summary.durationUs() / 1000);
        out.printf("wrote %s (logs/, invariants.yaml, ground-truth.json)%n", output);
        out.println("ground truth:");
        for (GroundTruth.Result result : summary.truth()) {
            out.printf("  %s: %s — %,d cuts, %,d violating%n", result.invariant().name(),
                    result.intervals().isEmpty() ? "holds" : result.intervals().size() + " violation interval(s)",
                    result.cutsChecked(), result.violatingCuts());
        }
        out.printf("check it: retrocut ingest %s -o EVENTS && retrocut check EVENTS -i %s%n",
                output.resolve("logs"), output.resolve("invariants.yaml"));
        out.flush();
        return Main.EXIT_OK;
    }

    private void refuseExisting() throws IOException {
        if (!Files.isDirectory(output)) {
            if (Files.exists(output)) {
                throw UserException.usage(output + " exists and is not a directory");
            }
            return;
        }
        try (Stream<Path> entries = Files.list(output)) {
            if (entries.findAny().isEmpty()) {
                return;
            }
        }
        if (!overwrite) {
            throw UserException.usage(output + " is not empty; use --overwrite to replace its logs, invariants.yaml and ground-truth.json");
        }
        Path logs = output.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    if (file.getFileName().toString().endsWith(".jsonl")) {
                        Files.delete(file);
                    }
                }
            }
        }
    }
}
