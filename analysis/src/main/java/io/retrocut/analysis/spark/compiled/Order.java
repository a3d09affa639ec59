package io.retrocut.analysis.spark.compiled;

/** Spark's equality and ordering of non-null values of one atomic type. */
abstract class Order {
    abstract int compare(Object a, Object b);

    boolean equal(Object a, Object b) {
        return compare(a, b) == 0;
    }

    /** {@code bigint}, {@code timestamp}. */
    static final Order LONG = new Order() {
        @Override
        int compare(Object a, Object b) {
            return Long.compare((Long) a, (Long) b);
        }

        @Override
        boolean equal(Object a, Object b) {
            return ((Long) a).longValue() == (Long) b;
        }
    };

    static final Order INT = new Order() {
        @Override
        int compare(Object a, Object b) {
            return Integer.compare((Integer) a, (Integer) b);
        }
    };

    /** NaN equals NaN and is above every other value; 0.0 equals -0.0 (Spark's SQLOrderingUtil.compareDoubles). */
    static final Order DOUBLE = new Order() {
        @Override
        int compare(Object a, Object b) {
            double x = (Double) a;
            double y = (Double) b;
            return x == y ? 0 : Double.compare(x, y);
        }
    };

    static final Order BOOLEAN = new Order() {
        @Override
        int compare(Object a, Object b) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
    };

    /** Binary (UTF-8 byte) order, Spark's default collation. */
    static final Order STRING = new Order() {
        @Override
        int compare(Object a, Object b) {
            return SparkStrings.compare((String) a, (String) b);
        }

        @Override
        boolean equal(Object a, Object b) {
            return SparkStrings.equal((String) a, (String) b);
        }
    };
}
