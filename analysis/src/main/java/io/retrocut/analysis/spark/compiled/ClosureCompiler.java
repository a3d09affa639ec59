package io.retrocut.analysis.spark.compiled;

import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.HlcUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Abs;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.ArrayAggregate;
import org.apache.spark.sql.catalyst.expressions.ArrayContains;
import org.apache.spark.sql.catalyst.expressions.ArrayDistinct;
import org.apache.spark.sql.catalyst.expressions.ArrayExists;
import org.apache.spark.sql.catalyst.expressions.ArrayFilter;
import org.apache.spark.sql.catalyst.expressions.ArrayForAll;
import org.apache.spark.sql.catalyst.expressions.ArrayMax;
import org.apache.spark.sql.catalyst.expressions.ArrayMin;
import org.apache.spark.sql.catalyst.expressions.ArrayTransform;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BinaryArithmetic;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.ElementAt;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GetArrayItem;
import org.apache.spark.sql.catalyst.expressions.GetArrayStructFields;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedLambdaVariable;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Compiles a resolved check (a Catalyst expression over the cut schema) into a {@link CompiledCheck} that evaluates
 * on the sweep's cuts without Catalyst: closure compilation, one small evaluator object per expression, so that the
 * higher-order functions Spark interprets ({@code filter}, {@code transform}, {@code exists}, {@code aggregate}, …)
 * become plain loops over the cut's nodes.
 *
 * <p>Supported: literals and constant subexpressions (folded by Spark itself); {@code key}, {@code hlc.l},
 * {@code hlc.c}, {@code time}, {@code nodes}, node fields ({@code n.x}, {@code nodes.x}); {@code filter},
 * {@code transform}, {@code exists}, {@code forall}, {@code aggregate} (with or without index argument where Spark
 * has one); {@code size}, {@code array_distinct}, {@code array_max}, {@code array_min}, {@code array_contains},
 * {@code a[i]}, {@code element_at}; comparisons, {@code <=>}, {@code IN}; {@code AND}, {@code OR}, {@code NOT},
 * {@code IS [NOT] NULL}, {@code coalesce}, {@code if}, {@code CASE WHEN}; {@code + - *} on int, bigint, double,
 * {@code /} on double, unary minus, {@code abs}; the widening casts int→bigint, int→double, bigint→double. Values of
 * type boolean, int, bigint, double, string (binary collation), timestamp, arrays of these, and node structs.
 * Anything else makes the whole check {@link Unsupported}, and the caller keeps Catalyst for it.
 */
public final class ClosureCompiler {
    private final Map<String, String> attributes = new HashMap<>();
    private final String[] nodeFields;
    private final Map<Long, Integer> slots = new HashMap<>();

    private ClosureCompiler(List<Attribute> input, Variables variables) {
        for (Attribute attribute : input) {
            attributes.put(attribute.exprId().toString(), attribute.name());
        }
        nodeFields = new String[variables.size() + 1];
        nodeFields[0] = "node";
        for (int i = 0; i < variables.size(); i++) {
            nodeFields[i + 1] = variables.name(i);
        }
    }

    /** Why a check cannot be compiled; the message names the expression. */
    public static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * @param check a resolved boolean expression over {@code input} (the cut schema's attributes)
     * @param variables the variables, in the order of the node struct's fields after {@code node}
     * @param unit the HLC unit, to compute {@code time}
     * @throws Unsupported when some part of the check is not supported
     */
    public static CompiledCheck compile(Expression check, List<Attribute> input, Variables variables, HlcUnit unit)
            throws Unsupported {
        if (!check.dataType().equals(DataTypes.BooleanType)) {
            throw new Unsupported("not a boolean expression: " + check.sql());
        }
        ClosureCompiler compiler = new ClosureCompiler(input, variables);
        Eval root = compiler.compile(check);
        return new CompiledCheck(root, new Frame(unit, compiler.slots.size()));
    }

    private Eval compile(Expression e) throws Unsupported {
        if (!e.deterministic()) {
            throw unsupported(e);
        }
        if (e instanceof GetStructField field && field.child() instanceof AttributeReference hlc
                && "hlc".equals(attributeName(hlc))) {
            return field.ordinal() == 0 ? new Evals.HlcL() : new Evals.HlcC();
        }
        checkType(e.dataType(), e);
        if (e instanceof Literal literal) {
            return new Evals.Constant(value(literal.value(), literal.dataType(), e));
        }
        if (e.foldable()) {
            Object value;
            try {
                value = e.eval(null);
            } catch (RuntimeException | AssertionError failure) {
                return new Evals.Failing();
            }
            return new Evals.Constant(value(value, e.dataType(), e));
        }
        if (e instanceof AttributeReference attribute) {
            String name = attributeName(attribute);
            if (name == null) {
                throw unsupported(e);
            }
            return switch (name) {
                case "key" -> new Evals.Key();
                case "time" -> new Evals.Time();
                case "nodes" -> new Evals.Nodes();
                default -> throw unsupported(e);
            };
        }
        if (e instanceof NamedLambdaVariable variable) {
            Integer slot = slots.get(variable.exprId().id());
            if (slot == null) {
                throw unsupported(e);
            }
            return new Evals.Variable(slot);
        }
        if (e instanceof GetStructField field && isNode(field.child().dataType()) && field.child() instanceof NamedLambdaVariable variable
                && slots.containsKey(variable.exprId().id())) {
            return new Evals.SlotNodeField(slots.get(variable.exprId().id()), field.ordinal() - 1);
        }
        if (e instanceof GetStructField field && isNode(field.child().dataType())) {
            return new Evals.NodeField(compile(field.child()), field.ordinal() - 1);
        }
        if (e instanceof GetArrayStructFields fields && isNode(((ArrayType) fields.child().dataType()).elementType())) {
            return new Evals.NodesField(compile(fields.child()), fields.ordinal() - 1);
        }
        if (e instanceof org.apache.spark.sql.catalyst.expressions.Size size) {
            if (size.child() instanceof ArrayFilter filter) {
                Eval array = compile(filter.argument());
                Lambda lambda = lambda(filter.function(), 1, 2);
                return new Evals.CountWhere(array, lambda.slot(0), lambda.slot(1), lambda.body, size.legacySizeOfNull());
            }
            if (size.child() instanceof ArrayDistinct distinct) {
                DataType element = ((ArrayType) distinct.dataType()).elementType();
                return new Evals.CountDistinct(compile(distinct.child()), order(element, distinct), element.equals(DataTypes.DoubleType),
                        size.legacySizeOfNull());
            }
            return new Evals.Size(compile(size.child()), size.legacySizeOfNull());
        }
        if (e instanceof ArrayFilter filter) {
            Eval array = compile(filter.argument());
            Lambda lambda = lambda(filter.function(), 1, 2);
            return new Evals.Filter(array, lambda.slot(0), lambda.slot(1), lambda.body);
        }
        if (e instanceof ArrayTransform transform) {
            Eval array = compile(transform.argument());
            Lambda lambda = lambda(transform.function(), 1, 2);
            return new Evals.Transform(array, lambda.slot(0), lambda.slot(1), lambda.body);
        }
        if (e instanceof ArrayExists exists) {
            Eval array = compile(exists.argument());
            Lambda lambda = lambda(exists.function(), 1, 1);
            return new Evals.Exists(array, lambda.slot(0), lambda.body, exists.followThreeValuedLogic());
        }
        if (e instanceof ArrayForAll forAll) {
            Eval array = compile(forAll.argument());
            Lambda lambda = lambda(forAll.function(), 1, 1);
            return new Evals.ForAll(array, lambda.slot(0), lambda.body);
        }
        if (e instanceof ArrayAggregate aggregate) {
            Eval array = compile(aggregate.argument());
            Eval zero = compile(aggregate.zero());
            Lambda merge = lambda(aggregate.merge(), 2, 2);
            Lambda finish = lambda(aggregate.finish(), 1, 1);
            return new Evals.Aggregate(array, zero, merge.slot(0), merge.slot(1), merge.body, finish.slot(0), finish.body);
        }
        if (e instanceof ArrayDistinct distinct) {
            DataType element = ((ArrayType) distinct.dataType()).elementType();
            return new Evals.Distinct(compile(distinct.child()), order(element, e), element.equals(DataTypes.DoubleType));
        }
        if (e instanceof ArrayMax || e instanceof ArrayMin) {
            boolean max = e instanceof ArrayMax;
            Expression child = e.children().head();
            Order order = order(e.dataType(), e);
            if (child instanceof ArrayTransform transform) {
                Eval array = compile(transform.argument());
                Lambda lambda = lambda(transform.function(), 1, 2);
                return new Evals.ExtremeOf(array, lambda.slot(0), lambda.slot(1), lambda.body, order, max);
            }
            return new Evals.Extreme(compile(child), order, max);
        }
        if (e instanceof ArrayContains contains) {
            return new Evals.Contains(compile(contains.left()), compile(contains.right()), order(contains.right().dataType(), e));
        }
        if (e instanceof GetArrayItem item) {
            checkIndexType(item.ordinal().dataType(), e);
            return new Evals.Item(compile(item.child()), compile(item.ordinal()), false);
        }
        if (e instanceof ElementAt element && element.left().dataType() instanceof ArrayType
                && element.defaultValueOutOfBound().isEmpty()) {
            checkIndexType(element.right().dataType(), e);
            return new Evals.Item(compile(element.left()), compile(element.right()), true);
        }
        if (e instanceof EqualNullSafe equal) {
            return new Evals.NullSafeEqual(compile(equal.left()), compile(equal.right()), order(equal.left().dataType(), e));
        }
        if (e instanceof BinaryComparison comparison) {
            Evals.Comparison kind = comparison(comparison);
            Eval left = compile(comparison.left());
            Eval right = compile(comparison.right());
            if (left instanceof Evals.SlotNodeField field && right instanceof Evals.Constant constant) {
                return new Evals.FieldComparedToConstant(field.slot, field.variable, constant.eval(null),
                        order(comparison.left().dataType(), e), kind);
            }
            return new Evals.Compare(left, right, order(comparison.left().dataType(), e), kind);
        }
        if (e instanceof And and) {
            return new Evals.And(compile(and.left()), compile(and.right()));
        }
        if (e instanceof Or or) {
            return new Evals.Or(compile(or.left()), compile(or.right()));
        }
        if (e instanceof Not not) {
            return new Evals.Not(compile(not.child()));
        }
        if (e instanceof IsNull || e instanceof IsNotNull) {
            Eval child = compile(e.children().head());
            boolean negated = e instanceof IsNotNull;
            return child instanceof Evals.SlotNodeField field ? new Evals.FieldIsNull(field.slot, field.variable, negated)
                    : new Evals.IsNull(child, negated);
        }
        if (e instanceof Coalesce coalesce) {
            return new Evals.Coalesce(compileAll(CollectionConverters.asJava(coalesce.children())));
        }
        if (e instanceof If conditional) {
            return new Evals.Case(new Eval[] {compile(conditional.predicate())}, new Eval[] {compile(conditional.trueValue())},
                    compile(conditional.falseValue()));
        }
        if (e instanceof CaseWhen caseWhen) {
            List<Tuple2<Expression, Expression>> branches = CollectionConverters.asJava(caseWhen.branches());
            Eval[] conditions = new Eval[branches.size()];
            Eval[] values = new Eval[branches.size()];
            for (int i = 0; i < conditions.length; i++) {
                conditions[i] = compile(branches.get(i)._1());
                values[i] = compile(branches.get(i)._2());
            }
            Eval otherwise = caseWhen.elseValue().isDefined() ? compile(caseWhen.elseValue().get()) : null;
            return new Evals.Case(conditions, values, otherwise);
        }
        if (e instanceof In in) {
            Order order = order(in.value().dataType(), e);
            return new Evals.In(compile(in.value()), compileAll(CollectionConverters.asJava(in.list())), order);
        }
        if (e instanceof Add || e instanceof Subtract || e instanceof Multiply) {
            return arithmetic((BinaryArithmetic) e);
        }
        if (e instanceof Divide divide && divide.dataType().equals(DataTypes.DoubleType)) {
            return new Evals.DoubleDivide(compile(divide.left()), compile(divide.right()));
        }
        if (e instanceof UnaryMinus || e instanceof Abs) {
            checkNumeric(e.dataType(), e);
            return new Evals.Negate(compile(e.children().head()), e instanceof Abs);
        }
        if (e instanceof Cast cast) {
            return cast(cast);
        }
        throw unsupported(e);
    }

    private Eval[] compileAll(List<Expression> expressions) throws Unsupported {
        Eval[] compiled = new Eval[expressions.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = compile(expressions.get(i));
        }
        return compiled;
    }

    /** A lambda's body with one frame slot per argument; slot -1 for an argument the lambda does not declare. */
    private record Lambda(int[] slots, Eval body) {
        int slot(int index) {
            return index < slots.length ? slots[index] : -1;
        }
    }

    private Lambda lambda(Expression function, int minArguments, int maxArguments) throws Unsupported {
        if (!(function instanceof LambdaFunction lambda)) {
            throw unsupported(function);
        }
        List<NamedExpression> arguments = CollectionConverters.asJava(lambda.arguments());
        if (arguments.size() < minArguments || arguments.size() > maxArguments) {
            throw unsupported(function);
        }
        int[] argumentSlots = new int[arguments.size()];
        for (int i = 0; i < argumentSlots.length; i++) {
            if (!(arguments.get(i) instanceof NamedLambdaVariable variable)) {
                throw unsupported(function);
            }
            checkType(variable.dataType(), variable);
            argumentSlots[i] = slots.computeIfAbsent(variable.exprId().id(), ignored -> slots.size());
        }
        return new Lambda(argumentSlots, compile(lambda.function()));
    }

    private Eval arithmetic(BinaryArithmetic e) throws Unsupported {
        Evals.Operator operator = e instanceof Add ? Evals.Operator.ADD : e instanceof Subtract ? Evals.Operator.SUBTRACT : Evals.Operator.MULTIPLY;
        DataType type = e.dataType();
        if (type.equals(DataTypes.DoubleType)) {
            return new Evals.DoubleArithmetic(compile(e.left()), compile(e.right()), operator);
        }
        if (type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType)) {
            boolean wrap = evalMode(e).equals("LEGACY");
            return new Evals.IntegralArithmetic(compile(e.left()), compile(e.right()), operator, type.equals(DataTypes.LongType), wrap);
        }
        throw unsupported(e);
    }

    private static String evalMode(BinaryArithmetic e) {
        if (e instanceof Add add) {
            return add.evalMode().toString();
        }
        if (e instanceof Subtract subtract) {
            return subtract.evalMode().toString();
        }
        return ((Multiply) e).evalMode().toString();
    }

    private Eval cast(Cast cast) throws Unsupported {
        DataType from = cast.child().dataType();
        DataType to = cast.dataType();
        Eval child = compile(cast.child());
        if (from.equals(to)) {
            return child;
        }
        if (from.equals(DataTypes.IntegerType) && to.equals(DataTypes.LongType)) {
            return new Evals.Widen(child, Evals.Widening.INT_TO_LONG);
        }
        if (from.equals(DataTypes.IntegerType) && to.equals(DataTypes.DoubleType)) {
            return new Evals.Widen(child, Evals.Widening.INT_TO_DOUBLE);
        }
        if (from.equals(DataTypes.LongType) && to.equals(DataTypes.DoubleType)) {
            return new Evals.Widen(child, Evals.Widening.LONG_TO_DOUBLE);
        }
        throw unsupported(cast);
    }

    private static Evals.Comparison comparison(BinaryComparison comparison) throws Unsupported {
        if (comparison instanceof EqualTo) {
            return Evals.Comparison.EQ;
        }
        if (comparison instanceof LessThan) {
            return Evals.Comparison.LT;
        }
        if (comparison instanceof LessThanOrEqual) {
            return Evals.Comparison.LE;
        }
        if (comparison instanceof GreaterThan) {
            return Evals.Comparison.GT;
        }
        if (comparison instanceof GreaterThanOrEqual) {
            return Evals.Comparison.GE;
        }
        throw unsupported(comparison);
    }

    private String attributeName(AttributeReference attribute) {
        return attributes.get(attribute.exprId().toString());
    }

    private boolean isNode(DataType type) {
        return type instanceof StructType struct && Arrays.equals(struct.fieldNames(), nodeFields);
    }

    private void checkType(DataType type, Expression e) throws Unsupported {
        if (type instanceof ArrayType array) {
            checkType(array.elementType(), e);
        } else if (!isNode(type) && atomicOrder(type) == null) {
            throw new Unsupported("type " + type.sql() + " of " + e.sql());
        }
    }

    private static void checkNumeric(DataType type, Expression e) throws Unsupported {
        if (!type.equals(DataTypes.IntegerType) && !type.equals(DataTypes.LongType) && !type.equals(DataTypes.DoubleType)) {
            throw unsupported(e);
        }
    }

    private static void checkIndexType(DataType type, Expression e) throws Unsupported {
        if (!type.equals(DataTypes.IntegerType) && !type.equals(DataTypes.LongType)) {
            throw unsupported(e);
        }
    }

    private static Order order(DataType type, Expression e) throws Unsupported {
        Order order = atomicOrder(type);
        if (order == null) {
            throw new Unsupported("no order for type " + type.sql() + " in " + e.sql());
        }
        return order;
    }

    private static Order atomicOrder(DataType type) {
        if (type.equals(DataTypes.LongType) || type.equals(DataTypes.TimestampType)) {
            return Order.LONG;
        }
        if (type.equals(DataTypes.IntegerType)) {
            return Order.INT;
        }
        if (type.equals(DataTypes.DoubleType)) {
            return Order.DOUBLE;
        }
        if (type instanceof BooleanType) {
            return Order.BOOLEAN;
        }
        if (type instanceof StringType string && string.isUTF8BinaryCollation()) {
            return Order.STRING;
        }
        return null;
    }

    /** A Catalyst value (UTF8String, ArrayData, boxed primitives) as this package's Java value. */
    private static Object value(Object catalyst, DataType type, Expression e) throws Unsupported {
        if (catalyst == null) {
            return null;
        }
        if (type instanceof StringType) {
            return ((UTF8String) catalyst).toString();
        }
        if (type instanceof ArrayType array) {
            ArrayData data = (ArrayData) catalyst;
            Object[] values = new Object[data.numElements()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(data.get(i, array.elementType()), array.elementType(), e);
            }
            return values;
        }
        if (atomicOrder(type) == null) {
            throw new Unsupported("constant of type " + type.sql() + " in " + e.sql());
        }
        return catalyst;
    }

    private static Unsupported unsupported(Expression e) {
        return new Unsupported("unsupported expression " + e.prettyName() + ": " + e.sql());
    }
}
