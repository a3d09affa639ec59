package io.retrocut.analysis.spark;

import io.retrocut.analysis.invariants.Invariant;
import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.CutEvaluator;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.UserException;
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
 * Evaluates the compiled checks on the sweep's cuts. The cut is presented to Catalyst as one {@link InternalRow} of
 * the {@link CutSchema}; the node structs are reused from cut to cut.
 */
final class CatalystCutEvaluator implements CutEvaluator {
    private final List<Invariant> invariants;
    private final MutableProjection projection;
    private final HlcUnit unit;
    private final GenericInternalRow row = new GenericInternalRow(4);
    private final GenericInternalRow hlc = new GenericInternalRow(2);
    private final Map<String, GenericInternalRow> nodeRows = new HashMap<>();
    private Object[] nodeArray = new Object[0];
    private String key;

    CatalystCutEvaluator(List<Invariant> invariants, List<Expression> expressions, List<Attribute> input, HlcUnit unit, int partitionIndex) {
        this.invariants = invariants;
        this.unit = unit;
        this.projection = MutableProjection.create(CollectionConverters.asScala(expressions).toList(), CollectionConverters.asScala(input).toList());
        this.projection.initialize(partitionIndex);
        row.update(1, hlc);
    }

    @Override
    public void evaluate(Cut cut, Boolean[] results) {
        fill(cut);
        InternalRow out;
        try {
            out = projection.apply(row);
        } catch (RuntimeException e) {
            throw UserException.usage("an invariant could not be evaluated on the cut of key '" + cut.key() + "' at " + cut.hlc()
                    + " (checks: " + names() + "): " + e.getMessage());
        }
        for (int i = 0; i < results.length; i++) {
            results[i] = out.isNullAt(i) ? null : out.getBoolean(i);
        }
    }

    private void fill(Cut cut) {
        if (!cut.key().equals(key)) {
            key = cut.key();
            row.update(0, UTF8String.fromString(key));
            nodeRows.clear();
        }
        hlc.setLong(0, cut.hlc().l());
        hlc.setInt(1, cut.hlc().c());
        row.setLong(2, unit.toMicros(cut.hlc().l()));
        // Every struct is refilled on every cut: a task sweeps slices of a key out of order and skips the cuts
        // before a window, so "only the nodes of this step changed" does not hold between two evaluations.
        int count = cut.nodeCount();
        if (nodeArray.length != count) {
            nodeArray = new Object[count];
        }
        for (int i = 0; i < count; i++) {
            GenericInternalRow node = nodeRows.computeIfAbsent(cut.node(i), name -> newNodeRow(cut, name));
            fillNode(cut, i, node);
            nodeArray[i] = node;
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

    private String names() {
        return String.join(", ", invariants.stream().map(Invariant::name).toList());
    }
}
