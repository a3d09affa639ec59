package io.retrocut.analysis.spark.compiled;

import java.util.Arrays;

/** The evaluators {@link ClosureCompiler} builds, one per Catalyst expression it supports (each names its model). */
final class Evals {
    private Evals() {
    }

    static final class Constant extends Eval {
        private final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        Object eval(Frame frame) {
            return value;
        }
    }

    /** A constant that Spark fails to compute (e.g. {@code 1 / 0} under ANSI): Spark must say how. */
    static final class Failing extends Eval {
        @Override
        Object eval(Frame frame) {
            throw CompiledCheck.NeedsSpark.INSTANCE;
        }
    }

    static final class Key extends Eval {
        @Override
        Object eval(Frame frame) {
            return frame.cut.key();
        }
    }

    static final class HlcL extends Eval {
        @Override
        Object eval(Frame frame) {
            return frame.cut.hlcL();
        }
    }

    static final class HlcC extends Eval {
        @Override
        Object eval(Frame frame) {
            return frame.cut.hlcC();
        }
    }

    /** {@code time}: the timestamp of {@code hlc.l}, in microseconds. */
    static final class Time extends Eval {
        @Override
        Object eval(Frame frame) {
            return frame.unit.toMicros(frame.cut.hlcL());
        }
    }

    static final class Nodes extends Eval {
        @Override
        Object eval(Frame frame) {
            return frame.nodes();
        }
    }

    static final class Variable extends Eval {
        private final int slot;

        Variable(int slot) {
            this.slot = slot;
        }

        @Override
        Object eval(Frame frame) {
            return frame.slots[slot];
        }
    }

    /** {@code n.x} on a node struct: its id ({@code variable} -1) or a variable's value. */
    static final class NodeField extends Eval {
        private final Eval node;
        private final int variable;

        NodeField(Eval node, int variable) {
            this.node = node;
            this.variable = variable;
        }

        @Override
        Object eval(Frame frame) {
            Object index = node.eval(frame);
            if (index == null) {
                return null;
            }
            int i = (Integer) index;
            return variable < 0 ? frame.cut.node(i) : frame.cut.value(i, variable);
        }
    }

    /** {@code n.x} where {@code n} is a lambda variable: the common case, one call less. */
    static final class SlotNodeField extends Eval {
        final int slot;
        final int variable;

        SlotNodeField(int slot, int variable) {
            this.slot = slot;
            this.variable = variable;
        }

        @Override
        Object eval(Frame frame) {
            Object index = frame.slots[slot];
            if (index == null) {
                return null;
            }
            int i = (Integer) index;
            return variable < 0 ? frame.cut.node(i) : frame.cut.value(i, variable);
        }
    }

    /** The value of {@code n.x}, {@code variable} -1 being the node id; for evaluators that read fields inline. */
    static Object field(Frame frame, Object node, int variable) {
        if (node == null) {
            return null;
        }
        int i = (Integer) node;
        return variable < 0 ? frame.cut.node(i) : frame.cut.value(i, variable);
    }

    /** {@code n.x <op> constant} on a lambda variable, in one call: the typical filter and exists predicate. */
    static final class FieldComparedToConstant extends Eval {
        private final int slot;
        private final int variable;
        private final Object constant;
        private final Order order;
        private final Comparison comparison;

        FieldComparedToConstant(int slot, int variable, Object constant, Order order, Comparison comparison) {
            this.slot = slot;
            this.variable = variable;
            this.constant = constant;
            this.order = order;
            this.comparison = comparison;
        }

        @Override
        Object eval(Frame frame) {
            Object a = field(frame, frame.slots[slot], variable);
            if (a == null || constant == null) {
                return null;
            }
            if (comparison == Comparison.EQ) {
                return a.equals(constant) || order.equal(a, constant);
            }
            int c = order.compare(a, constant);
            return switch (comparison) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case EQ -> c == 0;
            };
        }
    }

    /** {@code n.x IS [NOT] NULL} on a lambda variable, in one call. */
    static final class FieldIsNull extends Eval {
        private final int slot;
        private final int variable;
        private final boolean negated;

        FieldIsNull(int slot, int variable, boolean negated) {
            this.slot = slot;
            this.variable = variable;
            this.negated = negated;
        }

        @Override
        Object eval(Frame frame) {
            return (field(frame, frame.slots[slot], variable) == null) != negated;
        }
    }

    /** {@code nodes.x}: GetArrayStructFields over an array of node structs. */
    static final class NodesField extends Eval {
        private final Eval array;
        private final int variable;

        NodesField(Eval array, int variable) {
            this.array = array;
            this.variable = variable;
        }

        @Override
        Object eval(Frame frame) {
            Object[] nodes = (Object[]) array.eval(frame);
            if (nodes == null) {
                return null;
            }
            Object[] values = new Object[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null) {
                    int index = (Integer) nodes[i];
                    values[i] = variable < 0 ? frame.cut.node(index) : frame.cut.value(index, variable);
                }
            }
            return values;
        }
    }

    /** Size: NULL of NULL, or -1 with spark.sql.legacy.sizeOfNull. */
    static final class Size extends Eval {
        private final Eval array;
        private final Integer ofNull;

        Size(Eval array, boolean legacySizeOfNull) {
            this.array = array;
            this.ofNull = legacySizeOfNull ? -1 : null;
        }

        @Override
        Object eval(Frame frame) {
            Object[] value = (Object[]) array.eval(frame);
            return value == null ? ofNull : (Object) value.length;
        }
    }

    /** {@code size(filter(a, f))} without building the filtered array. */
    static final class CountWhere extends Eval {
        private final Eval array;
        private final int element;
        private final int index;
        private final Eval predicate;
        private final Integer ofNull;

        CountWhere(Eval array, int element, int index, Eval predicate, boolean legacySizeOfNull) {
            this.array = array;
            this.element = element;
            this.index = index;
            this.predicate = predicate;
            this.ofNull = legacySizeOfNull ? -1 : null;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return ofNull;
            }
            Object[] slots = frame.slots;
            int count = 0;
            for (int i = 0; i < values.length; i++) {
                slots[element] = values[i];
                if (index >= 0) {
                    slots[index] = i;
                }
                if (Boolean.TRUE.equals(predicate.eval(frame))) {
                    count++;
                }
            }
            return count;
        }
    }

    /** ArrayFilter: elements whose predicate is true (NULL drops the element). */
    static final class Filter extends Eval {
        private final Eval array;
        private final int element;
        private final int index;
        private final Eval predicate;

        Filter(Eval array, int element, int index, Eval predicate) {
            this.array = array;
            this.element = element;
            this.index = index;
            this.predicate = predicate;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object[] slots = frame.slots;
            Object[] kept = new Object[values.length];
            int count = 0;
            for (int i = 0; i < values.length; i++) {
                slots[element] = values[i];
                if (index >= 0) {
                    slots[index] = i;
                }
                if (Boolean.TRUE.equals(predicate.eval(frame))) {
                    kept[count++] = values[i];
                }
            }
            return count == kept.length ? kept : Arrays.copyOf(kept, count);
        }
    }

    static final class Transform extends Eval {
        private final Eval array;
        private final int element;
        private final int index;
        private final Eval function;

        Transform(Eval array, int element, int index, Eval function) {
            this.array = array;
            this.element = element;
            this.index = index;
            this.function = function;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object[] slots = frame.slots;
            Object[] out = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                slots[element] = values[i];
                if (index >= 0) {
                    slots[index] = i;
                }
                out[i] = function.eval(frame);
            }
            return out;
        }
    }

    /** ArrayExists: stops at the first true; else NULL if a predicate was NULL (three-valued logic), else false. */
    static final class Exists extends Eval {
        private final Eval array;
        private final int element;
        private final Eval predicate;
        private final boolean threeValued;

        Exists(Eval array, int element, Eval predicate, boolean threeValued) {
            this.array = array;
            this.element = element;
            this.predicate = predicate;
            this.threeValued = threeValued;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            boolean foundNull = false;
            for (Object value : values) {
                frame.slots[element] = value;
                Object result = predicate.eval(frame);
                if (result == null) {
                    foundNull = true;
                } else if ((Boolean) result) {
                    return Boolean.TRUE;
                }
            }
            return threeValued && foundNull ? null : Boolean.FALSE;
        }
    }

    /** ArrayForAll: stops at the first false; else NULL if a predicate was NULL, else true. */
    static final class ForAll extends Eval {
        private final Eval array;
        private final int element;
        private final Eval predicate;

        ForAll(Eval array, int element, Eval predicate) {
            this.array = array;
            this.element = element;
            this.predicate = predicate;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            boolean foundNull = false;
            for (Object value : values) {
                frame.slots[element] = value;
                Object result = predicate.eval(frame);
                if (result == null) {
                    foundNull = true;
                } else if (!(Boolean) result) {
                    return Boolean.FALSE;
                }
            }
            return foundNull ? null : Boolean.TRUE;
        }
    }

    /** ArrayAggregate: NULL array gives NULL before the zero is evaluated. */
    static final class Aggregate extends Eval {
        private final Eval array;
        private final Eval zero;
        private final int accumulator;
        private final int element;
        private final Eval merge;
        private final int finishAccumulator;
        private final Eval finish;

        Aggregate(Eval array, Eval zero, int accumulator, int element, Eval merge, int finishAccumulator, Eval finish) {
            this.array = array;
            this.zero = zero;
            this.accumulator = accumulator;
            this.element = element;
            this.merge = merge;
            this.finishAccumulator = finishAccumulator;
            this.finish = finish;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object[] slots = frame.slots;
            slots[accumulator] = zero.eval(frame);
            for (Object value : values) {
                slots[element] = value;
                slots[accumulator] = merge.eval(frame);
            }
            slots[finishAccumulator] = slots[accumulator];
            return finish.eval(frame);
        }
    }

    /**
     * ArrayDistinct on atomic values: first occurrences in order, one NULL, one NaN. Spark hashes boxed doubles, so
     * whether 0.0 and -0.0 count as one value depends on its hash table: Spark decides those arrays.
     */
    static final class Distinct extends Eval {
        private final Eval array;
        private final Order order;
        private final boolean doubles;

        Distinct(Eval array, Order order, boolean doubles) {
            this.array = array;
            this.order = order;
            this.doubles = doubles;
        }

        private Object[] scratch = new Object[8];

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object[] out = new Object[values.length];
            int count = keep(values, out);
            return count == out.length ? out : Arrays.copyOf(out, count);
        }

        int count(Object[] values, Frame frame) {
            if (scratch.length < values.length) {
                scratch = new Object[values.length];
            }
            int count = keep(values, scratch);
            Arrays.fill(scratch, 0, count, null);
            return count;
        }

        /** Writes the distinct values of {@code values} into {@code out}, returns how many. */
        private int keep(Object[] values, Object[] out) {
            int count = 0;
            boolean seenNull = false;
            for (Object value : values) {
                if (value == null) {
                    if (!seenNull) {
                        seenNull = true;
                        out[count++] = null;
                    }
                    continue;
                }
                boolean seen = false;
                for (int j = 0; j < count && !seen; j++) {
                    Object other = out[j];
                    if (other != null) {
                        if (doubles && isZero(value) && isZero(other) && !value.equals(other)) {
                            throw CompiledCheck.NeedsSpark.INSTANCE;
                        }
                        seen = order.equal(value, other);
                    }
                }
                if (!seen) {
                    out[count++] = value;
                }
            }
            return count;
        }

        private static boolean isZero(Object value) {
            return (Double) value == 0.0;
        }
    }

    /** {@code size(array_distinct(x))}: counts as {@link Distinct} keeps, in a scratch buffer (no child runs meanwhile). */
    static final class CountDistinct extends Eval {
        private final Distinct distinct;
        private final Eval array;
        private final Integer ofNull;

        CountDistinct(Eval array, Order order, boolean doubles, boolean legacySizeOfNull) {
            this.array = array;
            this.distinct = new Distinct(null, order, doubles);
            this.ofNull = legacySizeOfNull ? -1 : null;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            return values == null ? ofNull : (Object) distinct.count(values, frame);
        }
    }

    /** ArrayMax / ArrayMin: skips NULLs, keeps the first of equal values, NULL when nothing is left. */
    static final class Extreme extends Eval {
        private final Eval array;
        private final Order order;
        private final int sign;

        Extreme(Eval array, Order order, boolean max) {
            this.array = array;
            this.order = order;
            this.sign = max ? 1 : -1;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object best = null;
            for (Object value : values) {
                if (value != null && (best == null || sign * order.compare(value, best) > 0)) {
                    best = value;
                }
            }
            return best;
        }
    }

    /** {@code array_max(transform(a, f))} (or min) without building the transformed array. */
    static final class ExtremeOf extends Eval {
        private final Eval array;
        private final int element;
        private final int index;
        private final Eval function;
        private final Order order;
        private final int sign;

        /** The variable when the function is {@code n -> n.x} on the element, else {@code Integer.MIN_VALUE}. */
        private final int field;

        ExtremeOf(Eval array, int element, int index, Eval function, Order order, boolean max) {
            this.array = array;
            this.element = element;
            this.index = index;
            this.function = function;
            this.order = order;
            this.sign = max ? 1 : -1;
            this.field = function instanceof SlotNodeField f && f.slot == element ? f.variable : Integer.MIN_VALUE;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object[] slots = frame.slots;
            Object best = null;
            for (int i = 0; i < values.length; i++) {
                slots[element] = values[i];
                if (index >= 0) {
                    slots[index] = i;
                }
                Object value = field != Integer.MIN_VALUE ? field(frame, values[i], field) : function.eval(frame);
                if (value != null && (best == null || sign * order.compare(value, best) > 0)) {
                    best = value;
                }
            }
            return best;
        }
    }

    /** ArrayContains: NULL array or value gives NULL; no match but a NULL element gives NULL. */
    static final class Contains extends Eval {
        private final Eval array;
        private final Eval value;
        private final Order order;

        Contains(Eval array, Eval value, Order order) {
            this.array = array;
            this.value = value;
            this.order = order;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object wanted = value.eval(frame);
            if (wanted == null) {
                return null;
            }
            boolean foundNull = false;
            for (Object element : values) {
                if (element == null) {
                    foundNull = true;
                } else if (order.equal(element, wanted)) {
                    return Boolean.TRUE;
                }
            }
            return foundNull ? null : Boolean.FALSE;
        }
    }

    /** GetArrayItem (0-based) and ElementAt (1-based, negative from the end); out of range is Spark's to decide. */
    static final class Item extends Eval {
        private final Eval array;
        private final Eval ordinal;
        private final boolean oneBased;

        Item(Eval array, Eval ordinal, boolean oneBased) {
            this.array = array;
            this.ordinal = ordinal;
            this.oneBased = oneBased;
        }

        @Override
        Object eval(Frame frame) {
            Object[] values = (Object[]) array.eval(frame);
            if (values == null) {
                return null;
            }
            Object position = ordinal.eval(frame);
            if (position == null) {
                return null;
            }
            long index = ((Number) position).longValue();
            if (oneBased) {
                if (index == 0) {
                    throw CompiledCheck.NeedsSpark.INSTANCE;
                }
                index = index > 0 ? index - 1 : values.length + index;
            }
            if (index < 0 || index >= values.length) {
                throw CompiledCheck.NeedsSpark.INSTANCE;
            }
            return values[(int) index];
        }
    }

    enum Comparison {
        EQ, LT, LE, GT, GE
    }

    /** EqualTo, LessThan, …: NULL if the left is NULL (the right is then not evaluated) or the right is. */
    static final class Compare extends Eval {
        private final Eval left;
        private final Eval right;
        private final Order order;
        private final Comparison comparison;
        private final boolean constantRight;
        private final Object constant;

        Compare(Eval left, Eval right, Order order, Comparison comparison) {
            this.left = left;
            this.right = right;
            this.order = order;
            this.comparison = comparison;
            this.constantRight = right instanceof Constant;
            this.constant = constantRight ? right.eval(null) : null;
        }

        @Override
        Object eval(Frame frame) {
            Object a = left.eval(frame);
            if (a == null) {
                return null;
            }
            Object b = constantRight ? constant : right.eval(frame);
            if (b == null) {
                return null;
            }
            return switch (comparison) {
                case EQ -> order.equal(a, b);
                case LT -> order.compare(a, b) < 0;
                case LE -> order.compare(a, b) <= 0;
                case GT -> order.compare(a, b) > 0;
                case GE -> order.compare(a, b) >= 0;
            };
        }
    }

    /** {@code <=>}: never NULL. */
    static final class NullSafeEqual extends Eval {
        private final Eval left;
        private final Eval right;
        private final Order order;

        NullSafeEqual(Eval left, Eval right, Order order) {
            this.left = left;
            this.right = right;
            this.order = order;
        }

        @Override
        Object eval(Frame frame) {
            Object a = left.eval(frame);
            Object b = right.eval(frame);
            if (a == null || b == null) {
                return a == null && b == null;
            }
            return order.equal(a, b);
        }
    }

    static final class And extends Eval {
        private final Eval left;
        private final Eval right;

        And(Eval left, Eval right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame frame) {
            Object a = left.eval(frame);
            if (Boolean.FALSE.equals(a)) {
                return Boolean.FALSE;
            }
            Object b = right.eval(frame);
            if (Boolean.FALSE.equals(b)) {
                return Boolean.FALSE;
            }
            return a == null || b == null ? null : Boolean.TRUE;
        }
    }

    static final class Or extends Eval {
        private final Eval left;
        private final Eval right;

        Or(Eval left, Eval right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame frame) {
            Object a = left.eval(frame);
            if (Boolean.TRUE.equals(a)) {
                return Boolean.TRUE;
            }
            Object b = right.eval(frame);
            if (Boolean.TRUE.equals(b)) {
                return Boolean.TRUE;
            }
            return a == null || b == null ? null : Boolean.FALSE;
        }
    }

    static final class Not extends Eval {
        private final Eval child;

        Not(Eval child) {
            this.child = child;
        }

        @Override
        Object eval(Frame frame) {
            Object value = child.eval(frame);
            return value == null ? null : !(Boolean) value;
        }
    }

    static final class IsNull extends Eval {
        private final Eval child;
        private final boolean negated;

        IsNull(Eval child, boolean negated) {
            this.child = child;
            this.negated = negated;
        }

        @Override
        Object eval(Frame frame) {
            return (child.eval(frame) == null) != negated;
        }
    }

    static final class Coalesce extends Eval {
        private final Eval[] children;

        Coalesce(Eval[] children) {
            this.children = children;
        }

        @Override
        Object eval(Frame frame) {
            for (Eval child : children) {
                Object value = child.eval(frame);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }

    /** CaseWhen and If: a NULL condition counts as false. */
    static final class Case extends Eval {
        private final Eval[] conditions;
        private final Eval[] values;
        private final Eval otherwise;

        Case(Eval[] conditions, Eval[] values, Eval otherwise) {
            this.conditions = conditions;
            this.values = values;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Frame frame) {
            for (int i = 0; i < conditions.length; i++) {
                if (Boolean.TRUE.equals(conditions[i].eval(frame))) {
                    return values[i].eval(frame);
                }
            }
            return otherwise == null ? null : otherwise.eval(frame);
        }
    }

    /** {@code v IN (…)}: NULL value gives NULL; no match but a NULL in the list gives NULL. */
    static final class In extends Eval {
        private final Eval value;
        private final Eval[] list;
        private final Order order;

        In(Eval value, Eval[] list, Order order) {
            this.value = value;
            this.list = list;
            this.order = order;
        }

        @Override
        Object eval(Frame frame) {
            Object wanted = value.eval(frame);
            if (wanted == null) {
                return null;
            }
            boolean foundNull = false;
            for (Eval candidate : list) {
                Object v = candidate.eval(frame);
                if (v == null) {
                    foundNull = true;
                } else if (order.equal(v, wanted)) {
                    return Boolean.TRUE;
                }
            }
            return foundNull ? null : Boolean.FALSE;
        }
    }

    enum Operator {
        ADD, SUBTRACT, MULTIPLY
    }

    /**
     * Add, Subtract, Multiply on int or bigint. Overflow wraps in LEGACY mode; under ANSI (error) and TRY (NULL)
     * Spark decides.
     */
    static final class IntegralArithmetic extends Eval {
        private final Eval left;
        private final Eval right;
        private final Operator operator;
        private final boolean longs;
        private final boolean wrap;

        IntegralArithmetic(Eval left, Eval right, Operator operator, boolean longs, boolean wrap) {
            this.left = left;
            this.right = right;
            this.operator = operator;
            this.longs = longs;
            this.wrap = wrap;
        }

        @Override
        Object eval(Frame frame) {
            Object a = left.eval(frame);
            if (a == null) {
                return null;
            }
            Object b = right.eval(frame);
            if (b == null) {
                return null;
            }
            try {
                return longs ? (Object) longs((Long) a, (Long) b) : (Object) ints((Integer) a, (Integer) b);
            } catch (ArithmeticException overflow) {
                throw CompiledCheck.NeedsSpark.INSTANCE;
            }
        }

        private long longs(long a, long b) {
            return switch (operator) {
                case ADD -> wrap ? a + b : Math.addExact(a, b);
                case SUBTRACT -> wrap ? a - b : Math.subtractExact(a, b);
                case MULTIPLY -> wrap ? a * b : Math.multiplyExact(a, b);
            };
        }

        private int ints(int a, int b) {
            return switch (operator) {
                case ADD -> wrap ? a + b : Math.addExact(a, b);
                case SUBTRACT -> wrap ? a - b : Math.subtractExact(a, b);
                case MULTIPLY -> wrap ? a * b : Math.multiplyExact(a, b);
            };
        }
    }

    static final class DoubleArithmetic extends Eval {
        private final Eval left;
        private final Eval right;
        private final Operator operator;

        DoubleArithmetic(Eval left, Eval right, Operator operator) {
            this.left = left;
            this.right = right;
            this.operator = operator;
        }

        @Override
        Object eval(Frame frame) {
            Object a = left.eval(frame);
            if (a == null) {
                return null;
            }
            Object b = right.eval(frame);
            if (b == null) {
                return null;
            }
            double x = (Double) a;
            double y = (Double) b;
            return switch (operator) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
            };
        }
    }

    /** Divide on doubles: Spark evaluates the divisor first; a zero divisor is an error (ANSI) or NULL: Spark's call. */
    static final class DoubleDivide extends Eval {
        private final Eval left;
        private final Eval right;

        DoubleDivide(Eval left, Eval right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame frame) {
            Object b = right.eval(frame);
            if (b == null) {
                return null;
            }
            if ((Double) b == 0.0) {
                throw CompiledCheck.NeedsSpark.INSTANCE;
            }
            Object a = left.eval(frame);
            return a == null ? null : (Double) a / (Double) b;
        }
    }

    /** UnaryMinus and Abs; the overflow at the minimum value is Spark's to decide. */
    static final class Negate extends Eval {
        private final Eval child;
        private final boolean abs;

        Negate(Eval child, boolean abs) {
            this.child = child;
            this.abs = abs;
        }

        @Override
        Object eval(Frame frame) {
            Object value = child.eval(frame);
            if (value == null) {
                return null;
            }
            if (value instanceof Double d) {
                return abs ? Math.abs(d) : -d;
            }
            if (value instanceof Long l) {
                if (l == Long.MIN_VALUE) {
                    throw CompiledCheck.NeedsSpark.INSTANCE;
                }
                return abs ? Math.abs(l) : -l;
            }
            int i = (Integer) value;
            if (i == Integer.MIN_VALUE) {
                throw CompiledCheck.NeedsSpark.INSTANCE;
            }
            return abs ? Math.abs(i) : -i;
        }
    }

    enum Widening {
        INT_TO_LONG, INT_TO_DOUBLE, LONG_TO_DOUBLE
    }

    /** The numeric widening casts the analyzer inserts; exact in every evaluation mode. */
    static final class Widen extends Eval {
        private final Eval child;
        private final Widening widening;

        Widen(Eval child, Widening widening) {
            this.child = child;
            this.widening = widening;
        }

        @Override
        Object eval(Frame frame) {
            Object value = child.eval(frame);
            if (value == null) {
                return null;
            }
            return switch (widening) {
                case INT_TO_LONG -> (long) (Integer) value;
                case INT_TO_DOUBLE -> (double) (Integer) value;
                case LONG_TO_DOUBLE -> (double) (Long) value;
            };
        }
    }
}
