package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.spark.compiled.CompiledCheck;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.CutState;
import io.retrocut.analysis.sweep.CutSweep;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.Hlc;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the closure-compiled checks against Catalyst, the reference: on many random cuts (NULLs, no
 * nodes, NaN and -0.0, long overflow, non-ASCII and unpaired-surrogate strings) every check gives the same true,
 * false, NULL or error both ways.
 */
class CompiledCheckTest {
    private static final Variables VARIABLES = new Variables(
            List.of("role", "term", "commit", "leader", "x", "ok", "big"),
            List.of(VariableType.STRING, VariableType.LONG, VariableType.LONG, VariableType.STRING, VariableType.DOUBLE,
                    VariableType.BOOLEAN, VariableType.LONG));
    private static final HlcUnit UNIT = HlcUnit.MS;
    private static final int CUTS = 1500;

    /** Checks the compiler must support: the bench, sample and README shapes, then tricky ones. */
    private static final List<String> SUPPORTED = List.of(
            "size(filter(nodes, n -> n.role = 'LEADER')) = size(array_distinct(transform(filter(nodes, n -> n.role = 'LEADER'), n -> n.term)))",
            "size(filter(nodes, n -> n.role = 'LEADER')) <= 1",
            "array_max(transform(nodes, n -> n.term)) - array_min(transform(nodes, n -> n.term)) <= 1",
            "exists(nodes, n -> n.role = 'LEADER' and n.term = array_max(transform(nodes, m -> m.term)))",
            "array_max(transform(nodes, n -> n.commit)) - array_min(transform(nodes, n -> n.commit)) <= 3",
            "size(filter(nodes, n -> n.leader is not null)) >= 1",
            "size(array_distinct(filter(transform(nodes, n -> n.leader), x -> x is not null))) <= 2",
            "size(array_distinct(transform(filter(nodes, n -> n.term is not null), n -> n.term))) <= 1",
            // arrays of arrays, and arrays built again for every element of an outer lambda
            "exists(transform(nodes, n -> filter(nodes, m -> m.term = n.term)), a -> size(a) >= 2 and exists(a, m -> m.role = 'LEADER'))",
            "array_max(transform(nodes, n -> size(array_distinct(transform(filter(nodes, m -> m.term >= n.term), m -> m.role))))) >= 2",
            "not exists(nodes, n -> n.role = 'LEADER') or exists(nodes, n -> n.role = 'LEADER' and n.term = array_max(transform(nodes, m -> m.term)))",
            // three-valued logic, NULLs, empty cuts
            "exists(nodes, n -> n.term > 2)",
            "forall(nodes, n -> n.ok)",
            "forall(nodes, n -> n.x > 0.0)",
            "not forall(nodes, n -> n.ok is not null)",
            "(exists(nodes, n -> n.ok) and forall(nodes, n -> n.term > 0)) or size(nodes) > 4",
            "not (exists(nodes, n -> n.ok) or exists(nodes, n -> n.x > 1))",
            "exists(nodes, n -> n.ok and n.term > 1) or not exists(nodes, n -> n.ok or n.term < 1)",
            "size(filter(nodes, n -> null)) = 0",
            "exists(nodes, n -> cast(null as boolean))",
            "exists(nodes, n -> n.role <=> n.leader)",
            "exists(nodes, n -> n.role != 'LEADER')",
            "if(size(nodes) > 2, nodes[2].ok, false)",
            "coalesce(element_at(nodes, 1).leader, element_at(nodes, 1).role, 'none') >= 'n'",
            "exists(nodes, n -> n.role in ('LEADER', 'CANDIDATE', null))",
            "exists(nodes, n -> n.term in (1, 2))",
            "exists(nodes, n -> n.term is null) = exists(nodes, n -> n.commit is null)",
            // doubles: NaN, -0.0, infinities
            "array_max(transform(nodes, n -> n.x)) >= array_min(transform(nodes, n -> n.x))",
            "array_max(transform(nodes, n -> n.x)) = 0.0",
            "size(array_distinct(transform(nodes, n -> n.x))) = 2",
            "exists(nodes, n -> n.x <=> double('NaN'))",
            "exists(nodes, n -> n.x = -0.0 or n.x < -1)",
            "exists(nodes, n -> n.x * 2 + 1 > n.term - 1)",
            "exists(nodes, n -> n.x / n.term > 1.0)",
            "exists(nodes, n -> n.x - n.x = 0)",
            // strings: binary UTF-8 order and equality
            "size(array_distinct(transform(nodes, n -> n.role))) < size(nodes)",
            "array_max(transform(nodes, n -> n.role)) > 'M'",
            "array_min(transform(nodes, n -> n.leader)) <= '\u00c4'",
            "exists(nodes, n -> n.role < n.leader)",
            "exists(nodes, n -> n.role = n.leader)",
            "exists(nodes, n -> n.leader = '\u65e5\u672c' or n.leader > '\ud83d\ude00')",
            "size(array_distinct(transform(nodes, n -> n.leader))) <= 3",
            "array_max(transform(nodes, n -> n.leader)) <> array_min(transform(nodes, n -> n.role))",
            "size(filter(nodes, n -> n.node > 'n3')) = 1",
            // arithmetic and overflow (ANSI: an error, which must stay an error)
            "aggregate(nodes, 0L, (acc, n) -> acc + coalesce(n.term, 0)) < 10",
            "aggregate(nodes, 0, (acc, n) -> acc + if(n.role = 'LEADER', 1, 0)) <= 1",
            "aggregate(nodes, 0, (acc, n) -> acc + case when n.ok then 1 when n.ok is null then null else 0 end, acc -> acc * 2) > 2",
            "aggregate(nodes, cast(0 as bigint), (acc, n) -> acc + n.big) > 0",
            "array_max(transform(nodes, n -> n.big)) - array_min(transform(nodes, n -> n.big)) <= 1",
            "exists(nodes, n -> n.big * 2 > n.term)",
            "exists(nodes, n -> -n.big < 0)",
            "exists(nodes, n -> abs(n.big) > 1)",
            "1 / 0 = 1 or size(nodes) > 0",
            "size(nodes) > 0 or 1 / 0 = 1",
            // arrays: indexes, contains, struct fields, index arguments
            "size(nodes) = 0 or nodes[0].role = 'LEADER'",
            "element_at(nodes, -1).term >= element_at(nodes, 1).term",
            "nodes[2].term is null",
            "array_contains(transform(nodes, n -> n.role), 'LEADER')",
            "array_contains(transform(nodes, n -> n.term), 3)",
            "size(nodes.role) = size(nodes) and array_contains(nodes.term, 2)",
            "size(filter(nodes, (n, i) -> i < 2 and n.ok)) >= 1",
            "exists(transform(nodes, (n, i) -> n.term + i), t -> t > 3)",
            "array_max(transform(nodes, n -> n.ok)) = true",
            "size(array_distinct(transform(nodes, n -> n.ok))) <= 2",
            "exists(array(1, 2, null), x -> x > 1)",
            // key, hlc, time
            "hlc.l > 1005 and hlc.c >= 1",
            "time > timestamp'1970-01-01 00:00:01.005'",
            "key = 'k' and key <> 'x'");

    /** Checks the compiler leaves to Catalyst. */
    private static final List<String> UNSUPPORTED = List.of(
            "exists(nodes, n -> n.role rlike '^L')",
            "exists(nodes, n -> upper(n.role) = 'LEADER')",
            "size(array_distinct(filter(nodes, n -> n.ok))) >= 1",
            "exists(nodes, n -> n.term % 2 = 0)",
            "exists(nodes, n -> cast(n.term as string) = '1')",
            "hlc = named_struct('l', 1000L, 'c', 0)");

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void compiledChecksGiveSparksAnswersOnRandomCuts() {
        List<Cut> cuts = randomCuts(new Random(7), CUTS);
        int needsSpark = 0;
        for (String check : SUPPORTED) {
            CompiledChecks checks = compile(check);
            CompiledCheck compiled = checks.compiled(0, UNIT);
            assertThat(compiled).as("compiled form of %s", check).isNotNull();
            CutEvaluator reference = checks.newCatalystEvaluator(UNIT, 0);
            CutEvaluator evaluator = checks.newEvaluator(UNIT, 0);
            for (Cut cut : cuts) {
                String expected = outcome(reference, cut);
                assertThat(outcome(evaluator, cut)).as("%s on %s", check, cut).isEqualTo(expected);
                String direct;
                try {
                    direct = String.valueOf(compiled.test(cut));
                } catch (CompiledCheck.NeedsSpark e) {
                    needsSpark++;
                    continue;
                }
                assertThat(direct).as("compiled %s on %s", check, cut).isEqualTo(expected);
            }
        }
        // The overflow, division and index checks do reach Spark; most cuts do not.
        assertThat(needsSpark).isBetween(1, SUPPORTED.size() * CUTS / 10);
    }

    @Test
    void unsupportedChecksFallBackToCatalyst() {
        List<Cut> cuts = randomCuts(new Random(11), 300);
        for (String check : UNSUPPORTED) {
            CompiledChecks checks = compile(check);
            assertThat(checks.compiled(0, UNIT)).as("compiled form of %s", check).isNull();
            CutEvaluator reference = checks.newCatalystEvaluator(UNIT, 0);
            CutEvaluator evaluator = checks.newEvaluator(UNIT, 0);
            for (Cut cut : cuts) {
                assertThat(outcome(evaluator, cut)).as("%s on %s", check, cut).isEqualTo(outcome(reference, cut));
            }
        }
    }

    @Test
    void mixedChecksAgreeWithCatalystAlongASweep() {
        List<String> mixed = List.of(SUPPORTED.get(0), UNSUPPORTED.get(0), SUPPORTED.get(3), SUPPORTED.get(6),
                "hlc.l > 1500 or exists(nodes, n -> n.ok)", "aggregate(nodes, 0L, (acc, n) -> acc + n.big) != 3");
        List<Invariant> invariants = new ArrayList<>();
        for (int i = 0; i < mixed.size(); i++) {
            invariants.add(new Invariant("check-" + i, null, mixed.get(i), 0));
        }
        CompiledChecks checks = CheckCompiler.compile(spark, "test.yaml", invariants, VARIABLES);
        Random random = new Random(3);
        List<SweepEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // Some HLCs repeat on other nodes, so that some steps change several nodes.
            events.add(new SweepEvent("n" + (i % 5), new Hlc(1000 + i / 3, 0), "e", randomAssignments(random), "f", i, null));
        }
        CutEvaluator reference = checks.newCatalystEvaluator(UNIT, 0);
        CutEvaluator evaluator = checks.newEvaluator(UNIT, 0);
        CutSweep sweep = new CutSweep("k", VARIABLES, CutState.EMPTY, events.iterator());
        int cuts = 0;
        while (sweep.advance()) {
            Cut cut = sweep.cut();
            assertThat(outcomes(evaluator, cut, mixed.size())).as("cut %s", cut).isEqualTo(outcomes(reference, cut, mixed.size()));
            cuts++;
        }
        assertThat(cuts).isEqualTo(1000);
    }

    private static CompiledChecks compile(String check) {
        return CheckCompiler.compile(spark, "test.yaml", List.of(new Invariant("check", null, check, 0)), VARIABLES);
    }

    private static String outcome(CutEvaluator evaluator, Cut cut) {
        return outcomes(evaluator, cut, 1).get(0);
    }

    private static List<String> outcomes(CutEvaluator evaluator, Cut cut, int count) {
        Boolean[] results = new Boolean[count];
        try {
            evaluator.evaluate(cut, results);
        } catch (UserException e) {
            return List.of(e.getMessage());
        }
        List<String> outcomes = new ArrayList<>();
        for (Boolean result : results) {
            outcomes.add(String.valueOf(result));
        }
        return outcomes;
    }

    private static final String[] STRINGS = {"LEADER", "FOLLOWER", "CANDIDATE", "leader", "", "n1", "\u00c4", "A\u030a",
        "\u65e5\u672c", "\ud83d\ude00", "\uffff", "\ud800", "\udc00x", "?", "?x", "M"};
    private static final Long[] LONGS = {0L, 1L, 2L, 3L, -1L, 5L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2 + 1};
    private static final Double[] DOUBLES = {0.0, -0.0, Double.NaN, 1.5, -2.0, 2.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private static List<Cut> randomCuts(Random random, int count) {
        List<Cut> cuts = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                if (random.nextInt(3) > 0) {
                    nodes.add("n" + i);
                }
            }
            Object[][] values = new Object[nodes.size()][];
            for (int i = 0; i < values.length; i++) {
                values[i] = new Object[VARIABLES.size()];
                for (int v = 0; v < VARIABLES.size(); v++) {
                    values[i][v] = random.nextInt(4) == 0 ? null : randomValue(random, VARIABLES.type(v));
                }
            }
            cuts.add(new SnapshotCut(random.nextInt(4) == 0 ? "x" : "k", new Hlc(1000 + random.nextInt(10), random.nextInt(3)),
                    List.copyOf(nodes), values));
        }
        return cuts;
    }

    private static Object[] randomAssignments(Random random) {
        Object[] assignments = new Object[VARIABLES.size()];
        for (int v = 0; v < assignments.length; v++) {
            int dice = random.nextInt(6);
            assignments[v] = dice == 0 ? SweepEvent.UNSET : dice == 1 ? randomValue(random, VARIABLES.type(v)) : null;
        }
        return assignments;
    }

    private static Object randomValue(Random random, VariableType type) {
        return switch (type) {
            case STRING -> STRINGS[random.nextInt(STRINGS.length)];
            case LONG -> LONGS[random.nextInt(random.nextInt(4) == 0 ? LONGS.length : 6)];
            case DOUBLE -> DOUBLES[random.nextInt(DOUBLES.length)];
            case BOOLEAN -> random.nextBoolean();
        };
    }

    /** A cut without change records, so that every check is evaluated. */
    private record SnapshotCut(String key, Hlc hlc, List<String> nodes, Object[][] values) implements Cut {
        @Override
        public int nodeCount() {
            return nodes.size();
        }

        @Override
        public String node(int index) {
            return nodes.get(index);
        }

        @Override
        public Object value(int index, int variable) {
            return values[index][variable];
        }

        @Override
        public Variables variables() {
            return VARIABLES;
        }

        @Override
        public List<SweepEvent> stepEvents() {
            return List.of();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Cut[").append(key).append(" @").append(hlc);
            for (int i = 0; i < nodes.size(); i++) {
                text.append(", ").append(nodes.get(i)).append('=').append(java.util.Arrays.toString(values[i]));
            }
            return text.append(']').toString();
        }
    }
}
