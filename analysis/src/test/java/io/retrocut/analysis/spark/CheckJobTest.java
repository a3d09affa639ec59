package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.report.CheckReports;
import io.retrocut.analysis.report.CheckResult;
import io.retrocut.analysis.report.InvariantResult;
import io.retrocut.analysis.spark.TestEvents.KeyedEvent;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.KeyOutcome;
import io.retrocut.analysis.sweep.KeySweep;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Window;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark job against the core run directly with hand-written Java checks, on randomized data: identical
 * intervals, and byte-identical {@code --json} at every parallelism and with time slicing forced on.
 */
class CheckJobTest {
    private static final Variables VARIABLES = new Variables(
            List.of("role", "term", "version", "healthy"),
            List.of(VariableType.STRING, VariableType.LONG, VariableType.LONG, VariableType.BOOLEAN));
    private static final List<Invariant> INVARIANTS = List.of(
            new Invariant("election-safety", "at most one leader per term",
                    "size(filter(nodes, n -> n.role = 'LEADER')) = size(array_distinct(transform(filter(nodes, n -> n.role = 'LEADER'), n -> n.term)))", 0),
            new Invariant("bounded-staleness", null,
                    "array_max(transform(nodes, n -> n.version)) - array_min(transform(nodes, n -> n.version)) <= 2", 0),
            new Invariant("staleness-for-5ms", null,
                    "array_max(transform(nodes, n -> n.version)) - array_min(transform(nodes, n -> n.version)) <= 2", 5),
            // Reads hlc: evaluated on every cut.
            new Invariant("odd-counter-one-leader", null,
                    "hlc.c % 3 <> 1 OR size(filter(nodes, n -> n.role = 'LEADER')) <= 1", 0),
            // Uses whole node structs: depends on every variable.
            new Invariant("at-most-one-unhealthy", null,
                    "to_json(nodes) NOT LIKE '%\"healthy\":false%\"healthy\":false%'", 0),
            // Depends only on which nodes are in the cut.
            new Invariant("three-nodes", null, "size(nodes) >= 3", 0));

    private static SparkSession spark;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void sparkJobFindsExactlyWhatTheCoreFindsAtEveryParallelismAndSlicing() {
        for (int seed = 1; seed <= 3; seed++) {
            List<KeyedEvent> events = randomEvents(new Random(seed), 4, 5, 400);
            Path directory = temp.resolve("events-" + seed);
            TestEvents.write(spark, directory, VARIABLES, events, 3);
            EventsDataset dataset = EventsDataset.open(spark, directory.toString());
            CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());

            CheckResult expected = reference(events, Window.ALL);
            String expectedJson = CheckReports.json(expected);
            assertThat(expected.invariants().get(0).intervals()).as("seed %s plants leader overlaps", seed).isNotEmpty();
            for (int partitions : new int[] {1, 2, 8}) {
                CheckResult result = CheckJob.run(spark, dataset, checks, new CheckJob.Options(Window.ALL, 0, partitions));
                assertThat(CheckReports.json(result)).as("seed %s, %s partitions", seed, partitions).isEqualTo(expectedJson);
            }
            for (int slices : new int[] {2, 7}) {
                CheckResult result = CheckJob.run(spark, dataset, checks, new CheckJob.Options(Window.ALL, slices, 3));
                assertThat(CheckReports.json(result)).as("seed %s, %s time slices", seed, slices).isEqualTo(expectedJson);
            }
        }
    }

    @Test
    void slicesAfterEmptySlicesStartFromTheRightState() {
        // A long silence in the middle of every key leaves the middle time slices empty.
        List<KeyedEvent> events = new ArrayList<>();
        for (KeyedEvent event : randomEvents(new Random(11), 2, 4, 300)) {
            SweepEvent e = event.event();
            long l = e.hlc().l() >= 1_000_050 ? e.hlc().l() + 500_000 : e.hlc().l();
            Object[] values = new Object[VARIABLES.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = e.assignment(i);
            }
            events.add(new KeyedEvent(event.key(), new SweepEvent(e.node(), new Hlc(l, e.hlc().c()), e.type(), values, e.file(), e.line(), null)));
        }
        Path directory = temp.resolve("events-gap");
        TestEvents.write(spark, directory, VARIABLES, events, 2);
        EventsDataset dataset = EventsDataset.open(spark, directory.toString());
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());

        String expected = CheckReports.json(reference(events, Window.ALL));
        for (int slices : new int[] {5, 9}) {
            CheckResult result = CheckJob.run(spark, dataset, checks, new CheckJob.Options(Window.ALL, slices, 3));
            assertThat(CheckReports.json(result)).as("%s slices", slices).isEqualTo(expected);
        }
    }

    @Test
    void windowKeepsStateFromBeforeIt() {
        List<KeyedEvent> events = randomEvents(new Random(42), 3, 4, 300);
        Path directory = temp.resolve("events-window");
        TestEvents.write(spark, directory, VARIABLES, events, 2);
        EventsDataset dataset = EventsDataset.open(spark, directory.toString());
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());
        Window window = new Window(new Hlc(1_000_040, 0), new Hlc(1_000_090, Integer.MAX_VALUE));

        String expected = CheckReports.json(reference(events, window));
        for (int slices : new int[] {0, 4}) {
            CheckResult result = CheckJob.run(spark, dataset, checks, new CheckJob.Options(window, slices, 2));
            assertThat(CheckReports.json(result)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "deltas files: {0}")
    @ValueSource(booleans = {false, true})
    void slicedLayoutIsSweptPartByPartWithTheSameResult(boolean deltas) {
        for (int seed = 1; seed <= 3; seed++) {
            List<KeyedEvent> events = randomEvents(new Random(seed), 4, 5, 400);
            String expected = CheckReports.json(reference(events, Window.ALL));
            for (int parts : new int[] {1, 3, 11}) {
                Path directory = temp.resolve("sliced-" + seed + "-" + parts + "-" + deltas);
                TestEvents.writeSliced(spark, directory, VARIABLES, events, parts, deltas);
                EventsDataset dataset = EventsDataset.open(spark, directory.toString());
                assertThat(dataset.slices()).as("seed %s, %s parts", seed, parts).hasSize(parts);
                CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());

                CheckResult result = CheckJob.run(spark, dataset, checks, CheckJob.Options.DEFAULT);
                assertThat(CheckReports.json(result)).as("seed %s, %s parts", seed, parts).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "deltas files: {0}")
    @ValueSource(booleans = {false, true})
    void slicedLayoutKeepsStateFromPartsBeforeTheWindowAndIgnoresPartsAfterIt(boolean deltas) {
        List<KeyedEvent> events = randomEvents(new Random(42), 3, 4, 300);
        Path directory = temp.resolve("sliced-window-" + deltas);
        TestEvents.writeSliced(spark, directory, VARIABLES, events, 9, deltas);
        EventsDataset dataset = EventsDataset.open(spark, directory.toString());
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());
        for (Window window : List.of(new Window(new Hlc(1_000_040, 0), new Hlc(1_000_090, Integer.MAX_VALUE)),
                new Window(new Hlc(1_000_013, 1), null), new Window(null, new Hlc(1_000_031, 0)))) {
            String expected = CheckReports.json(reference(events, window));
            CheckResult result = CheckJob.run(spark, dataset, checks, new CheckJob.Options(window, 0, 0));
            assertThat(CheckReports.json(result)).as("window %s", window).isEqualTo(expected);
        }
    }

    @Test
    void resultsBeyondTheDriversMemoryGoThroughATemporaryFileWithTheSameReport() {
        List<KeyedEvent> events = randomEvents(new Random(3), 4, 5, 400);
        String expected = CheckReports.json(reference(events, Window.ALL));
        Path sliced = temp.resolve("spilled-sliced");
        TestEvents.writeSliced(spark, sliced, VARIABLES, events, 11, true);
        Path plain = temp.resolve("spilled-plain");
        TestEvents.write(spark, plain, VARIABLES, events, 3);
        // 64 bytes: every task output and every interval but the first goes to the file
        for (Path directory : List.of(sliced, plain)) {
            EventsDataset dataset = EventsDataset.open(spark, directory.toString());
            CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());
            for (int slices : new int[] {0, 7}) {
                CheckResult result = CheckJob.run(spark, dataset, checks, new CheckJob.Options(Window.ALL, slices, 0, 64));
                assertThat(CheckReports.json(result)).as("%s, %s slices", directory.getFileName(), slices).isEqualTo(expected);
            }
        }
    }

    @Test
    void aTaskThatFailsOnTheSlicedLayoutEndsTheCheckWithItsError() {
        List<KeyedEvent> events = randomEvents(new Random(5), 3, 4, 300);
        Path directory = temp.resolve("sliced-failing");
        TestEvents.writeSliced(spark, directory, VARIABLES, events, 4, true);
        EventsDataset dataset = EventsDataset.open(spark, directory.toString());
        List<Invariant> failing = List.of(INVARIANTS.get(0),
                new Invariant("fails-late", null, "hlc.l < 1000090 OR raise_error('too late') IS NULL", 0));
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", failing, dataset.variables());

        assertThatThrownBy(() -> CheckJob.run(spark, dataset, checks, CheckJob.Options.DEFAULT))
                .satisfies(error -> assertThat(Stream.iterate(error, e -> e != null, Throwable::getCause)
                        .filter(UserException.class::isInstance).map(Throwable::getMessage).findFirst())
                        .hasValue("invariant 'fails-late' could not be evaluated on the cut of key 'g0' at 1000090.0: "
                                + "[USER_RAISED_EXCEPTION] too late SQLSTATE: P0001"));
        // the session is still usable: the failed job left nothing running
        assertThat(CheckJob.run(spark, dataset, CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables()),
                CheckJob.Options.DEFAULT).invariants()).hasSize(INVARIANTS.size());
    }

    @Test
    void slicedLayoutReadsTheDeltasFilesInsteadOfAFirstPass() throws Exception {
        List<KeyedEvent> events = randomEvents(new Random(5), 3, 4, 300);
        Path directory = temp.resolve("sliced-bad-deltas");
        TestEvents.writeSliced(spark, directory, VARIABLES, events, 4, true);
        Files.writeString(directory.resolve("_deltas/part-00001.json"), "{\"part\": \"part-00001.parquet\", \"keys\": [\n"
                + "{\"key\": \"g0\", \"nodes\": [{\"node\": \"n1\", \"set\": {\"version\": \"seven\"}}]}]}\n");
        EventsDataset dataset = EventsDataset.open(spark, directory.toString());
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());

        assertThatThrownBy(() -> CheckJob.run(spark, dataset, checks, CheckJob.Options.DEFAULT))
                .isInstanceOf(UserException.class)
                .hasMessage("cannot read _deltas/part-00001.json of " + directory + ": variable 'version' of type long has the value seven"
                        + " at line 2");
    }

    @Test
    void slicedLayoutWithASilenceLeavesKeysOutOfMiddleParts() {
        List<KeyedEvent> events = new ArrayList<>();
        for (KeyedEvent event : randomEvents(new Random(11), 3, 4, 300)) {
            // key g0 falls silent in the middle; the parts there have only the other keys
            if (!event.key().equals("g0") || event.event().hlc().l() < 1_000_030 || event.event().hlc().l() > 1_000_070) {
                events.add(event);
            }
        }
        Path directory = temp.resolve("sliced-silence");
        TestEvents.writeSliced(spark, directory, VARIABLES, events, 10);
        EventsDataset dataset = EventsDataset.open(spark, directory.toString());
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", INVARIANTS, dataset.variables());

        CheckResult result = CheckJob.run(spark, dataset, checks, CheckJob.Options.DEFAULT);
        assertThat(CheckReports.json(result)).isEqualTo(CheckReports.json(reference(events, Window.ALL)));
    }

    /** Events of several keys with many equal HLCs across nodes, roles flapping, versions drifting, nulls. */
    static List<KeyedEvent> randomEvents(Random random, int keys, int nodes, int perKey) {
        List<KeyedEvent> events = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String key = "g" + k;
            Map<String, Hlc> last = new TreeMap<>();
            for (int i = 0; i < perKey; i++) {
                String node = "n" + random.nextInt(nodes);
                long l = 1_000_000 + i / 3;
                Hlc previous = last.get(node);
                Hlc hlc = previous == null || previous.l() < l ? new Hlc(l, random.nextInt(2)) : previous.tick();
                last.put(node, hlc);
                Object[] values = new Object[VARIABLES.size()];
                switch (random.nextInt(6)) {
                    case 0 -> values[0] = "LEADER";
                    case 1 -> values[0] = random.nextInt(4) == 0 ? SweepEvent.UNSET : "FOLLOWER";
                    default -> { }
                }
                if (random.nextInt(4) == 0) {
                    values[1] = (long) random.nextInt(3);
                }
                if (random.nextInt(2) == 0) {
                    values[2] = random.nextInt(10) == 0 ? SweepEvent.UNSET : (Object) (long) (i / 20 + random.nextInt(4));
                }
                if (random.nextInt(5) == 0) {
                    values[3] = random.nextBoolean();
                }
                events.add(new KeyedEvent(key, new SweepEvent(node, hlc, "Step", values, node + ".jsonl", i + 1, null)));
            }
        }
        return events;
    }

    /** The core alone, with the three checks written in plain Java. */
    static CheckResult reference(List<KeyedEvent> events, Window window) {
        Map<String, List<SweepEvent>> byKey = new TreeMap<>();
        for (KeyedEvent event : events) {
            byKey.computeIfAbsent(event.key(), key -> new ArrayList<>()).add(event.event());
        }
        long[] minDurations = INVARIANTS.stream().mapToLong(Invariant::minDurationMs).toArray();
        int count = INVARIANTS.size();
        List<List<ViolationInterval>> intervals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            intervals.add(new ArrayList<>());
        }
        long[] checked = new long[count];
        long[] violating = new long[count];
        long[] indeterminate = new long[count];
        long cuts = 0;
        for (Map.Entry<String, List<SweepEvent>> key : byKey.entrySet()) {
            List<SweepEvent> sorted = new ArrayList<>(key.getValue());
            sorted.sort(Comparator.comparing(SweepEvent::hlc).thenComparing(SweepEvent::node));
            KeyOutcome outcome = KeySweep.check(key.getKey(), VARIABLES, sorted.iterator(), window, JAVA_CHECKS, HlcUnit.MS, minDurations);
            cuts += outcome.cuts();
            for (int i = 0; i < count; i++) {
                intervals.get(i).addAll(outcome.invariant(i).intervals());
                checked[i] += outcome.invariant(i).cutsChecked();
                violating[i] += outcome.invariant(i).violatingCuts();
                indeterminate[i] += outcome.invariant(i).indeterminateCuts();
            }
        }
        List<InvariantResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(new InvariantResult(INVARIANTS.get(i).name(), null, checked[i], violating[i], indeterminate[i], intervals.get(i)));
        }
        return new CheckResult(events.size(), byKey.size(), cuts, results);
    }

    private static final CutEvaluator JAVA_CHECKS = (Cut cut, Boolean[] results) -> {
        int leaders = 0;
        int unhealthy = 0;
        Set<Object> terms = new HashSet<>();
        Long max = null;
        Long min = null;
        for (int i = 0; i < cut.nodeCount(); i++) {
            if ("LEADER".equals(cut.value(i, 0))) {
                leaders++;
                terms.add(cut.value(i, 1) == null ? "null" : cut.value(i, 1));
            }
            if (Boolean.FALSE.equals(cut.value(i, 3))) {
                unhealthy++;
            }
            Long version = (Long) cut.value(i, 2);
            if (version != null) {
                max = max == null ? version : Math.max(max, version);
                min = min == null ? version : Math.min(min, version);
            }
        }
        results[0] = leaders == terms.size();
        results[1] = max == null ? null : max - min <= 2;
        results[2] = results[1];
        results[3] = cut.hlc().c() % 3 != 1 || leaders <= 1;
        results[4] = unhealthy < 2;
        results[5] = cut.nodeCount() >= 3;
    };
}
