package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.spark.compiled.ClosureCompiler;
import io.retrocut.analysis.spark.compiled.CompiledCheck;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.HlcUnit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * The resolved checks of an invariants file, ready to ship to executors. Each task turns them into one Catalyst
 * evaluator ({@link #newEvaluator}) that evaluates only the checks a cut's changes can affect, compiled to plain Java
 * where {@link ClosureCompiler} supports them.
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

    /**
     * A new evaluator for one task; not thread-safe (compiled checks, the cut row and the projections are reused).
     * Each check that {@link ClosureCompiler} supports is evaluated in its compiled form, the others by Catalyst.
     */
    public CutEvaluator newEvaluator(HlcUnit unit, int partitionIndex) {
        List<CompiledCheck> compiled = new ArrayList<>();
        for (Expression expression : expressions) {
            compiled.add(compile(expression, unit));
        }
        return new CatalystCutEvaluator(invariants, expressions, compiled, dependencies, input, variables.names(), unit, partitionIndex);
    }

    /** A new evaluator that evaluates every check with Catalyst: the reference for the compiled forms. */
    CutEvaluator newCatalystEvaluator(HlcUnit unit, int partitionIndex) {
        List<CompiledCheck> none = new ArrayList<>(Collections.nCopies(expressions.size(), null));
        return new CatalystCutEvaluator(invariants, expressions, none, dependencies, input, variables.names(), unit, partitionIndex);
    }

    /** Check {@code index} compiled for {@code unit}, or null when the compiler does not support it. */
    CompiledCheck compiled(int index, HlcUnit unit) {
        return compile(expressions.get(index), unit);
    }

    private CompiledCheck compile(Expression expression, HlcUnit unit) {
        try {
            return ClosureCompiler.compile(expression, input, variables, unit);
        } catch (ClosureCompiler.Unsupported unsupported) {
            return null;
        }
    }
}
