package io.retrocut.analysis.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.expressions.ArrayAggregate;
import org.apache.spark.sql.catalyst.expressions.ArrayExists;
import org.apache.spark.sql.catalyst.expressions.ArrayFilter;
import org.apache.spark.sql.catalyst.expressions.ArrayForAll;
import org.apache.spark.sql.catalyst.expressions.ArrayTransform;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ElementAt;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GetArrayItem;
import org.apache.spark.sql.catalyst.expressions.GetArrayStructFields;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.Size;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What one compiled check reads from a cut, so that a cut whose changes touch none of it keeps the previous cut's
 * verdict without evaluating. A check depends on the node variables it extracts by name ({@code n.role},
 * {@code nodes.role}) and on the set of nodes; it is evaluated on every cut when it reads {@code hlc} or
 * {@code time}, is not deterministic, or uses whole node structs in any way not recognized here (then it depends
 * on every variable).
 */
record CheckDependencies(boolean always, boolean allVariables, Set<String> variables) implements Serializable {
    CheckDependencies {
        variables = Set.copyOf(variables);
    }

    static CheckDependencies of(Expression check, StructType node) {
        Walk walk = new Walk(node);
        walk.visit(check, null);
        return new CheckDependencies(walk.always || !check.deterministic(), walk.allVariables, walk.variables);
    }

    /**
     * Per variable index (in {@code names} order), whether the check reads it; null when the check must be evaluated
     * on every step whatever changed.
     */
    boolean[] reads(List<String> names) {
        if (always || allVariables) {
            return null;
        }
        boolean[] reads = new boolean[names.size()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = variables.contains(names.get(i));
        }
        return reads;
    }

    private static final class Walk {
        private final String[] nodeFields;
        boolean always;
        boolean allVariables;
        final Set<String> variables = new TreeSet<>();

        Walk(StructType node) {
            this.nodeFields = node.fieldNames();
        }

        void visit(Expression expression, Expression parent) {
            if (expression instanceof Attribute attribute
                    && (attribute.name().equals(CutSchema.HLC) || attribute.name().equals(CutSchema.TIME))) {
                always = true;
            }
            if (isNodes(expression.dataType()) && !readsNodesByField(expression, parent)) {
                allVariables = true;
            }
            if (expression instanceof GetStructField field && isNode(field.child().dataType())) {
                variables.add(nodeFields[field.ordinal()]);
            }
            if (expression instanceof GetArrayStructFields fields && isNodes(fields.child().dataType())) {
                variables.add(fields.field().name());
            }
            for (Expression child : CollectionConverters.asJava(expression.children())) {
                visit(child, expression);
            }
        }

        /** A node struct, or an array of them, consumed only through field access, iteration, size or indexing. */
        private boolean readsNodesByField(Expression expression, Expression parent) {
            if (parent == null) {
                return false;
            }
            if (isNode(expression.dataType())) {
                return parent instanceof GetStructField || parent instanceof LambdaFunction;
            }
            return parent instanceof GetArrayStructFields || parent instanceof ArrayFilter || parent instanceof ArrayExists
                    || parent instanceof ArrayForAll || parent instanceof ArrayTransform || parent instanceof ArrayAggregate
                    || parent instanceof Size || parent instanceof GetArrayItem || parent instanceof ElementAt;
        }

        private boolean isNodes(DataType type) {
            return isNode(type) || type instanceof ArrayType array && isNode(array.elementType());
        }

        private boolean isNode(DataType type) {
            return type instanceof StructType struct && Arrays.equals(struct.fieldNames(), nodeFields);
        }
    }
}
