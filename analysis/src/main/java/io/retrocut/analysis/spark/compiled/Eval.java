package io.retrocut.analysis.spark.compiled;

/**
 * One compiled Catalyst expression. Values are Java objects by Spark type: {@link Boolean}, {@link Integer},
 * {@link Long} (also timestamps, in microseconds), {@link Double}, {@link String}, {@code Object[]} for arrays and
 * an {@link Integer} node index for a node struct; null is SQL NULL. Evaluation follows Spark's order of evaluation
 * (left before right, short-circuits where Spark's do), so that an expression Spark would fail on is never
 * silently answered: where Spark's answer is an error or depends on configuration, the evaluator throws
 * {@link CompiledCheck.NeedsSpark}.
 */
abstract class Eval {
    abstract Object eval(Frame frame);
}
