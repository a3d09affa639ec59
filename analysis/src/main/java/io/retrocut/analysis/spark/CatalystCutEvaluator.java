package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.spark.compiled.ClosureCompiler;
import io.retrocut.analysis.spark.compiled.CompiledCheck;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.MutableProjection;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Evaluates the compiled checks on the sweep's cuts. A check that {@link ClosureCompiler} supports runs as a
 * {@link CompiledCheck} directly on the {@link Cut}; any other check, and any cut whose answer a compiled check
 * leaves to Spark ({@link CompiledCheck.NeedsSpark}: overflow, division by zero, …), is evaluated by a Catalyst
 * {@link MutableProjection} over the cut presented as one {@link InternalRow} of the {@link CutSchema}.
 *
 * <p>When a cut directly follows the previously evaluated one (same sweep, next step), a check whose
 * {@link CheckDependencies} no change touches keeps its previous verdict without being evaluated, and the row (kept
 * only while some check needs Catalyst on every cut) is updated incrementally: only the structs of nodes that changed
 * are refilled. Not thread-safe: one per task.
 */
final class CatalystCutEvaluator implements CutEvaluator {
    private final List<Invariant> invariants;
    private final List<Expression> expressions;
    private final List<Attribute> input;
    private final int partitionIndex;
    /** Per check, its Catalyst projection, generated when the check first needs Catalyst (code generation per task). */
    private final MutableProjection[] projections;
    private final CompiledCheck[] compiled;
    /** Per check, per variable index, whether the check reads the variable; null for a check evaluated on every step. */
    private final boolean[][] reads;
    private final HlcUnit unit;
    /** Whether some check always needs Catalyst, so the row is worth maintaining step by step. */
    private final boolean rowMaintained;
    private boolean rowCurrent;
    private final GenericInternalRow row = new GenericInternalRow(4);
    private final GenericInternalRow hlc = new GenericInternalRow(2);
    private final Map<String, GenericInternalRow> nodeRows = new HashMap<>();
    private final Map<String, Integer> nodeIndexes = new HashMap<>();
    private final Boolean[] previous;
    /** The variables the current step changed (with repeats), from the cut's changes. */
    private int[] changed = new int[16];
    private Object[] nodeArray = new Object[0];
    private String key;
    private String rowKey;
    private Cut lastView;
    private long lastStep;

    /**
     * @param compiled per check, its compiled form or null to evaluate it with Catalyst only
     */
    CatalystCutEvaluator(List<Invariant> invariants, List<Expression> expressions, List<CompiledCheck> compiled,
            List<CheckDependencies> dependencies, List<Attribute> input, List<String> variableNames, HlcUnit unit, int partitionIndex) {
        this.invariants = invariants;
        this.expressions = expressions;
        this.input = input;
        this.partitionIndex = partitionIndex;
        this.compiled = compiled.toArray(CompiledCheck[]::new);
        this.reads = new boolean[dependencies.size()][];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = dependencies.get(i).reads(variableNames);
        }
        this.unit = unit;
        this.projections = new MutableProjection[expressions.size()];
        this.rowMaintained = Arrays.asList(this.compiled).contains(null);
        this.previous = new Boolean[expressions.size()];
        row.update(1, hlc);
    }

    @Override
    public void evaluate(Cut cut, Boolean[] results) {
        boolean incremental = cut == lastView && cut.step() > 0 && cut.step() == lastStep + 1 && cut.changeCount() >= 0
                && cut.key().equals(key);
        lastView = cut;
        lastStep = cut.step();
        boolean appeared = false;
        int changes = 0;
        if (incremental) {
            changes = cut.changeCount();
            if (changed.length < changes) {
                changed = new int[Math.max(changes, 2 * changed.length)];
            }
            for (int i = 0; i < changes; i++) {
                int variable = cut.changedVariable(i);
                appeared |= variable < 0;
                changed[i] = variable;
            }
        }
        key = cut.key();
        rowCurrent = false;
        if (rowMaintained) {
            if (incremental && !appeared) {
                fillScalars(cut);
                for (int i = 0; i < changes; i++) {
                    String node = cut.changedNode(i);
                    fillNode(cut, nodeIndexes.get(node), nodeRows.get(node));
                }
                rowCurrent = true;
            } else {
                fillRow(cut);
            }
        }
        boolean all = !incremental || appeared;
        for (int i = 0; i < projections.length; i++) {
            results[i] = all || touched(reads[i], changes) ? evaluate(cut, i) : previous[i];
            previous[i] = results[i];
        }
    }

    /** Whether the step's changes (no appearance among them) touch a variable that {@code reads} marks. */
    private boolean touched(boolean[] reads, int changes) {
        if (reads == null) {
            return true;
        }
        for (int i = 0; i < changes; i++) {
            if (reads[changed[i]]) {
                return true;
            }
        }
        return false;
    }

    private Boolean evaluate(Cut cut, int invariant) {
        if (compiled[invariant] != null) {
            try {
                return compiled[invariant].test(cut);
            } catch (RuntimeException needsSpark) {
                // NeedsSpark (Spark's error or configuration decides), or a surprise: Spark's answer is the reference.
            }
        }
        if (!rowCurrent) {
            fillRow(cut);
        }
        InternalRow out;
        try {
            out = projection(invariant).apply(row);
        } catch (RuntimeException | AssertionError e) {
            throw UserException.usage("invariant '" + invariants.get(invariant).name() + "' could not be evaluated on the cut of key '"
                    + cut.key() + "' at " + cut.hlc() + ": " + e.getMessage());
        }
        return out.isNullAt(0) ? null : out.getBoolean(0);
    }

    private MutableProjection projection(int invariant) {
        if (projections[invariant] == null) {
            MutableProjection projection = MutableProjection.create(
                    CollectionConverters.asScala(List.of(expressions.get(invariant))).toList(), CollectionConverters.asScala(input).toList());
            projection.initialize(partitionIndex);
            projections[invariant] = projection;
        }
        return projections[invariant];
    }

    private void fillScalars(Cut cut) {
        hlc.setLong(0, cut.hlcL());
        hlc.setInt(1, cut.hlcC());
        row.setLong(2, unit.toMicros(cut.hlcL()));
    }

    /** Refills the whole row for {@code cut}. */
    private void fillRow(Cut cut) {
        fillScalars(cut);
        if (!cut.key().equals(rowKey)) {
            rowKey = cut.key();
            row.update(0, UTF8String.fromString(rowKey));
            nodeRows.clear();
        }
        rebuild(cut);
        rowCurrent = true;
    }

    /** Refills every node struct, in node order. */
    private void rebuild(Cut cut) {
        int count = cut.nodeCount();
        if (nodeArray.length != count) {
            nodeArray = new Object[count];
        }
        nodeIndexes.clear();
        for (int i = 0; i < count; i++) {
            String name = cut.node(i);
            GenericInternalRow node = nodeRows.computeIfAbsent(name, ignored -> newNodeRow(cut, name));
            fillNode(cut, i, node);
            nodeArray[i] = node;
            nodeIndexes.put(name, i);
        }
        row.update(3, new GenericArrayData(nodeArray));
    }

    private static GenericInternalRow newNodeRow(Cut cut, String name) {
        GenericInternalRow node = new GenericInternalRow(1 + cut.variables().size());
        node.update(0, UTF8String.fromString(name));
        return node;
    }

    private static void fillNode(Cut cut, int index, GenericInternalRow node) {
        int variables = cut.variables().size();
        for (int v = 0; v < variables; v++) {
            Object value = cut.value(index, v);
            node.update(v + 1, value instanceof String text ? UTF8String.fromString(text) : value);
        }
    }
}
