package io.retrocut.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs a scenario: {@code DIR/logs/<node>.jsonl} (canonical events, SPEC §2, with real HLCs),
 * {@code DIR/invariants.yaml} (SPEC §4) and {@code DIR/ground-truth.json}: per invariant, the violation intervals that
 * {@code retrocut check} must report on those logs, computed from the simulator's own knowledge of every node's state.
 */
public final class Simulator {
    private static final Map<String, Supplier<Scenario>> SCENARIOS = new TreeMap<>(Map.of(
            "raft", RaftScenario::new, "zookeeper", ZooKeeperScenario::new, "nat", NatScenario::new));

    /** What a run produced. */
    public record Summary(SimulationOptions options, List<String> nodes, long events, long keys, long cuts, long durationUs,
            List<GroundTruth.Result> truth) {
        public Summary {
            nodes = List.copyOf(nodes);
            truth = List.copyOf(truth);
        }

        public GroundTruth.Result invariant(String name) {
            return truth.stream().filter(result -> result.invariant().name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no invariant " + name));
        }
    }

    private Simulator() {
    }

    public static List<String> scenarios() {
        return List.copyOf(SCENARIOS.keySet());
    }

    /** Simulates into {@code directory} (created; it must not hold a previous run's files). */
    public static Summary run(SimulationOptions options, Path directory) {
        Path logs = directory.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs + ": " + e.getMessage(), e);
        }
        Scenario scenario = scenario(options);
        Summary summary;
        try (LogSink sink = LogSink.files(logs)) {
            summary = run(options, scenario, sink);
        }
        write(directory.resolve("invariants.yaml"), out -> out.write(SimInvariant.yaml(
                scenario.describe(options) + "\nwritten by: " + options.commandLine(), scenario.invariants())));
        write(directory.resolve("ground-truth.json"), out -> writeTruth(out, summary));
        return summary;
    }

    /** Simulates into {@code sink}; the ground truth is only returned. */
    public static Summary run(SimulationOptions options, LogSink sink) {
        return run(options, scenario(options), sink);
    }

    /** The invariants file the scenario writes. */
    public static String invariantsYaml(SimulationOptions options) {
        Scenario scenario = scenario(options);
        return SimInvariant.yaml(scenario.describe(options), scenario.invariants());
    }

    private static Scenario scenario(SimulationOptions options) {
        Supplier<Scenario> factory = SCENARIOS.get(options.scenario());
        if (factory == null) {
            throw new IllegalArgumentException("unknown scenario '" + options.scenario() + "'; scenarios: " + String.join(", ", SCENARIOS.keySet()));
        }
        Scenario scenario = factory.get();
        for (String fault : options.faults()) {
            if (!scenario.faults().contains(fault)) {
                throw new IllegalArgumentException("the " + scenario.name() + " scenario has no fault '" + fault + "'; its faults: "
                        + String.join(", ", new TreeSet<>(scenario.faults())));
            }
        }
        if (options.prevote() != null && !scenario.name().equals("raft")) {
            throw new IllegalArgumentException("--prevote applies to the raft scenario only");
        }
        return scenario;
    }

    private static Summary run(SimulationOptions options, Scenario scenario, LogSink sink) {
        List<String> nodes = scenario.nodes(options.nodes() > 0 ? options.nodes() : scenario.defaultNodes());
        List<String> keys = scenario.keys(options.keys() > 0 ? options.keys() : scenario.defaultKeys());
        GroundTruth truth = new GroundTruth(scenario.invariants());
        Simulation simulation = new Simulation(nodes, keys, options.skewMs(), options.seed(), options.events(), 500, 3_000, sink, truth);
        scenario.start(simulation, options);
        simulation.run();
        return new Summary(options, nodes, truth.events(), truth.keys(), truth.cuts(), simulation.durationUs(), truth.results());
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static void write(Path file, Body body) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The ground truth in the shape of {@code check --json} (SPEC §5), without witnesses. */
    static void writeTruth(Writer out, Summary summary) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            json.writeStartObject();
            json.writeStringField("scenario", summary.options().scenario());
            json.writeStringField("command", summary.options().commandLine());
            json.writeNumberField("events", summary.events());
            json.writeNumberField("keys", summary.keys());
            json.writeNumberField("cuts", summary.cuts());
            json.writeArrayFieldStart("invariants");
            for (GroundTruth.Result result : summary.truth()) {
                json.writeStartObject();
                json.writeStringField("name", result.invariant().name());
                json.writeNumberField("cuts_checked", result.cutsChecked());
                json.writeNumberField("violating_cuts", result.violatingCuts());
                json.writeNumberField("indeterminate_cuts", result.indeterminateCuts());
                json.writeArrayFieldStart("intervals");
                for (GroundTruth.Interval interval : result.intervals()) {
                    json.writeStartObject();
                    json.writeStringField("key", interval.key());
                    json.writeFieldName("start");
                    writeStamp(json, interval.start());
                    json.writeFieldName("end");
                    if (interval.end() == null) {
                        json.writeNull();
                    } else {
                        writeStamp(json, interval.end());
                    }
                    json.writeNumberField("duration_ms", interval.durationMs());
                    json.writeNumberField("cuts", interval.cuts());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
    }

    private static void writeStamp(JsonGenerator json, Stamp stamp) throws IOException {
        json.writeStartObject();
        json.writeNumberField("l", stamp.l());
        json.writeNumberField("c", stamp.c());
        json.writeEndObject();
    }
}
