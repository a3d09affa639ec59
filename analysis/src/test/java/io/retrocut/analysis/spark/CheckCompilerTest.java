package io.retrocut.analysis.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.UserException;
import io.retrocut.events.VariableType;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckCompilerTest {
    private static final Variables VARIABLES = new Variables(List.of("role", "term"), List.of(VariableType.STRING, VariableType.LONG));
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static String error(String check) {
        try {
            CheckCompiler.compile(spark, "inv.yaml", List.of(new Invariant("x", null, check, 0)), VARIABLES);
        } catch (UserException e) {
            assertThat(e.kind()).isEqualTo(UserException.Kind.USAGE);
            return e.getMessage();
        }
        throw new AssertionError("no error for " + check);
    }

    @Test
    void unknownVariableListsTheKnownOnes() {
        assertThat(error("forall(nodes, n -> n.rol = 'LEADER')")).isEqualTo("""
                inv.yaml: invariant 'x': unknown variable 'rol'; known variables: role, term
                  check: forall(nodes, n -> n.rol = 'LEADER')""");
    }

    @Test
    void unknownTopLevelNameExplainsTheScope() {
        assertThat(error("rol = 1")).isEqualTo("""
                inv.yaml: invariant 'x': unknown name 'rol'; a check sees nodes, key, hlc and time, and the variables \
                role, term as fields of each node, e.g. exists(nodes, n -> n.role IS NOT NULL)
                  check: rol = 1""");
    }

    @Test
    void syntaxErrorShowsThePosition() {
        assertThat(error("size(nodes) = )")).isEqualTo("""
                inv.yaml: invariant 'x': check is not valid Spark SQL: syntax error at or near ')' (position 15)
                  check: size(nodes) = )
                                       ^""");
    }

    @Test
    void nonBooleanCheckIsRejected() {
        assertThat(error("size(nodes)")).isEqualTo(
                "inv.yaml: invariant 'x': check must be a boolean expression, but it is of type INT: size(nodes)");
    }

    @Test
    void unknownFunctionIsNamed() {
        assertThat(error("frobnicate(nodes)")).startsWith(
                "inv.yaml: invariant 'x': check is not valid: Cannot resolve routine `frobnicate` on search path")
                .endsWith("\n  check: frobnicate(nodes)")
                .doesNotContain("SQLSTATE");
    }

    @Test
    void everyInvariantIsCompiledInOrder() {
        CompiledChecks checks = CheckCompiler.compile(spark, "inv.yaml", List.of(
                new Invariant("a", null, "size(nodes) > 0", 0),
                new Invariant("b", null, "exists(nodes, n -> n.term > 2) OR key = 'g'", 20)), VARIABLES);
        assertThat(checks.size()).isEqualTo(2);
        assertThat(checks.invariants()).extracting(Invariant::name).containsExactly("a", "b");
    }

    @Test
    void theSecondInvariantsMistakeNamesIt() {
        assertThatThrownBy(() -> CheckCompiler.compile(spark, "inv.yaml", List.of(
                        new Invariant("fine", null, "size(nodes) > 0", 0),
                        new Invariant("broken", null, "n.term > 0", 0)), VARIABLES))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("inv.yaml: invariant 'broken': unknown name 'n.term'");
    }
}
