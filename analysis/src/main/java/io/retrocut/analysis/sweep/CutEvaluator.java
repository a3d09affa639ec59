package io.retrocut.analysis.sweep;

/**
 * Evaluates the invariants of a check on one cut. The Spark job implements it with compiled Spark SQL predicates;
 * tests with lambdas.
 */
@FunctionalInterface
public interface CutEvaluator {
    /**
     * Sets {@code results[i]} to the result of invariant {@code i} on {@code cut}: {@link Boolean#TRUE} (holds),
     * {@link Boolean#FALSE} (violated) or null (indeterminate). {@code results} arrives filled with nulls. The cut
     * is a reused view: copy what must outlive the call.
     */
    void evaluate(Cut cut, Boolean[] results);
}
