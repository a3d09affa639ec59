package io.retrocut.analysis.spark.compiled;

import io.retrocut.analysis.sweep.Cut;

/**
 * One check compiled by {@link ClosureCompiler} into a tree of small evaluators that read the sweep's {@link Cut}
 * directly (no rows, no UTF8Strings). Gives Spark's answer or throws {@link NeedsSpark} for the cases whose answer
 * Spark must give (arithmetic overflow, division by zero, an index out of bounds, …): the caller then evaluates
 * the Catalyst expression on that cut. Not thread-safe: one per task.
 */
public final class CompiledCheck {
    private final Eval root;
    private final Frame frame;

    CompiledCheck(Eval root, Frame frame) {
        this.root = root;
        this.frame = frame;
    }

    /**
     * The check's value on {@code cut}: true, false, or null (SQL NULL).
     *
     * @throws NeedsSpark when the answer on this cut is Spark's to give (typically an error under ANSI mode)
     */
    public Boolean test(Cut cut) {
        frame.cut = cut;
        return (Boolean) root.eval(frame);
    }

    /** Thrown when Spark must evaluate the cut (an error, or a value that depends on its configuration). */
    public static final class NeedsSpark extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NeedsSpark INSTANCE = new NeedsSpark();

        private NeedsSpark() {
            super("Spark must evaluate this cut", null, false, false);
        }
    }
}
