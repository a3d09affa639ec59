package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.VariableType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark SQL shape of one cut, the scope of an invariant's {@code check} (SPEC §4): {@code key}, {@code hlc}
 * (struct {@code l}, {@code c}), {@code time} (timestamp of {@code hlc.l}) and {@code nodes}, an array ordered by
 * node id of structs with field {@code node} and one field per state variable.
 */
final class CutSchema {
    static final String KEY = "key";
    static final String HLC = "hlc";
    static final String TIME = "time";
    static final String NODES = "nodes";

    private CutSchema() {
    }

    static StructType of(Variables variables) {
        StructType node = new StructType().add("node", DataTypes.StringType, false);
        for (int i = 0; i < variables.size(); i++) {
            node = node.add(variables.name(i), sparkType(variables.type(i)), true);
        }
        StructType hlc = new StructType().add("l", DataTypes.LongType, false).add("c", DataTypes.IntegerType, false);
        return new StructType()
                .add(KEY, DataTypes.StringType, false)
                .add(HLC, hlc, false)
                .add(TIME, DataTypes.TimestampType, false)
                .add(NODES, DataTypes.createArrayType(node, false), false);
    }

    static DataType sparkType(VariableType type) {
        return switch (type) {
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case STRING -> DataTypes.StringType;
        };
    }

    static VariableType variableType(DataType type) {
        if (type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType)) {
            return VariableType.LONG;
        }
        if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
            return VariableType.DOUBLE;
        }
        if (type.equals(DataTypes.BooleanType)) {
            return VariableType.BOOLEAN;
        }
        if (type.equals(DataTypes.StringType)) {
            return VariableType.STRING;
        }
        return null;
    }
}
