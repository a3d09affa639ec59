package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.HlcUnit;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * The resolved checks of an invariants file, ready to ship to executors. Each task turns them into one Catalyst
 * evaluator ({@link #newEvaluator}) that evaluates only the checks a cut's changes can affect.
 */
public final class CompiledChecks implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Invariant> invariants;
    private final Variables variables;
    private final List<Expression> expressions;
    private final List<CheckDependencies> dependencies;
    private final List<Attribute> input;

    CompiledChecks(List<Invariant> invariants, Variables variables, List<Expression> expressions,
            List<CheckDependencies> dependencies, List<Attribute> input) {
        this.invariants = List.copyOf(invariants);
        this.variables = variables;
        this.expressions = List.copyOf(expressions);
        this.dependencies = List.copyOf(dependencies);
        this.input = List.copyOf(input);
    }

    /** What each check reads from a cut, in invariant order. */
    List<CheckDependencies> dependencies() {
        return dependencies;
    }

    public List<Invariant> invariants() {
        return invariants;
    }

    public Variables variables() {
        return variables;
    }

    public int size() {
        return invariants.size();
    }

    /** A new evaluator for one task; not thread-safe (the cut row and the projection are reused). */
    public CutEvaluator newEvaluator(HlcUnit unit, int partitionIndex) {
        return new CatalystCutEvaluator(invariants, expressions, dependencies, input, variables.names(), unit, partitionIndex);
    }
}
