package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.VariableType;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each kind of check reads from a cut: the basis for skipping checks no change can affect. */
class CheckDependenciesTest {
    private static final Variables VARIABLES = new Variables(List.of("role", "term", "version"),
            List.of(VariableType.STRING, VariableType.LONG, VariableType.LONG));
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static CheckDependencies of(String check) {
        return CheckCompiler.compile(spark, "inv.yaml", List.of(new Invariant("x", null, check, 0)), VARIABLES).dependencies().get(0);
    }

    @Test
    void fieldsReadThroughLambdasAndArrays() {
        assertThat(of("size(filter(nodes, n -> n.role = 'LEADER')) = size(array_distinct(transform(filter(nodes, n -> n.role = 'LEADER'), n -> n.term)))"))
                .isEqualTo(new CheckDependencies(false, false, Set.of("role", "term")));
        assertThat(of("array_max(nodes.version) - array_min(nodes.version) <= 2"))
                .isEqualTo(new CheckDependencies(false, false, Set.of("version")));
        assertThat(of("aggregate(nodes, 0L, (acc, n) -> acc + coalesce(n.term, 0)) < 10"))
                .isEqualTo(new CheckDependencies(false, false, Set.of("term")));
        assertThat(of("nodes[0].role = 'LEADER' OR size(nodes) < 2"))
                .isEqualTo(new CheckDependencies(false, false, Set.of("role")));
    }

    @Test
    void onlyTheNodeSet() {
        assertThat(of("size(nodes) >= 3")).isEqualTo(new CheckDependencies(false, false, Set.of()));
    }

    @Test
    void timeAndNondeterminismMeanEveryCut() {
        assertThat(of("hlc.c > 0 OR exists(nodes, n -> n.role = 'LEADER')").always()).isTrue();
        assertThat(of("hour(time) < 12").always()).isTrue();
        assertThat(of("rand() < 2").always()).isTrue();
    }

    @Test
    void wholeStructsMeanEveryVariable() {
        assertThat(of("to_json(nodes) NOT LIKE '%LEADER%LEADER%'").allVariables()).isTrue();
        assertThat(of("size(array_distinct(filter(nodes, n -> n.term > 1))) > 0").allVariables()).isTrue();
        assertThat(of("exists(nodes, n -> to_json(n) = '{}')").allVariables()).isTrue();
    }
}
