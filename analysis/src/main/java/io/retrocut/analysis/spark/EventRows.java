package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decodes Spark's internal rows of {@link EventsDataset#SWEEP_COLUMNS} into the sweep's events, without Spark's
 * {@code Row} conversion. Node names, event types, files and string values repeat, so their Java strings are
 * interned per task: one copy each instead of one per event.
 */
final class EventRows {
    static final int KEY = 0;
    static final int HLC_L = 1;
    static final int HLC_C = 2;
    private static final int NODE = 3;
    private static final int TYPE = 4;
    private static final int VARS = 5;
    private static final int UNSET = 6;
    private static final int FILE = 7;
    private static final int LINE = 8;
    private static final int EXTRA = 9;
    /** Strings longer than this are decoded each time rather than interned (they are unlikely to repeat). */
    private static final int INTERN_MAX_BYTES = 64;
    private static final int INTERN_MAX_ENTRIES = 100_000;

    private final Variables variables;
    private final VariableType[] types;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final Map<UTF8String, String> strings = new HashMap<>();

    EventRows(Variables variables) {
        this.variables = variables;
        this.types = variables.types().toArray(VariableType[]::new);
        for (int i = 0; i < variables.size(); i++) {
            indexes.put(variables.name(i), i);
        }
    }

    SweepEvent event(InternalRow row) {
        int count = types.length;
        Object[] assignments = new Object[count];
        if (count > 0 && !row.isNullAt(VARS)) {
            InternalRow vars = row.getStruct(VARS, count);
            for (int i = 0; i < count; i++) {
                if (!vars.isNullAt(i)) {
                    assignments[i] = switch (types[i]) {
                        case LONG -> vars.getLong(i);
                        case DOUBLE -> vars.getDouble(i);
                        case BOOLEAN -> vars.getBoolean(i);
                        case STRING -> string(vars.getUTF8String(i));
                    };
                }
            }
        }
        if (!row.isNullAt(UNSET)) {
            ArrayData unset = row.getArray(UNSET);
            for (int i = 0; i < unset.numElements(); i++) {
                // A variable that is only ever unset has no column: it is absent in every cut anyway.
                Integer index = unset.isNullAt(i) ? null : indexes.get(string(unset.getUTF8String(i)));
                if (index != null) {
                    assignments[index] = SweepEvent.UNSET;
                }
            }
        }
        return new SweepEvent(
                string(row.getUTF8String(NODE)),
                new Hlc(row.getLong(HLC_L), row.getInt(HLC_C)),
                row.isNullAt(TYPE) ? null : string(row.getUTF8String(TYPE)),
                assignments,
                row.isNullAt(FILE) ? "" : string(row.getUTF8String(FILE)),
                row.isNullAt(LINE) ? 0 : row.getLong(LINE),
                row.isNullAt(EXTRA) ? null : row.getUTF8String(EXTRA).toString());
    }

    /** The row's key, interned. */
    String key(InternalRow row) {
        return string(row.getUTF8String(KEY));
    }

    static boolean sameKey(InternalRow row, UTF8String key) {
        return row.getUTF8String(KEY).equals(key);
    }

    private String string(UTF8String text) {
        if (text.numBytes() > INTERN_MAX_BYTES) {
            return text.toString();
        }
        String interned = strings.get(text);
        if (interned == null) {
            interned = text.toString();
            if (strings.size() < INTERN_MAX_ENTRIES) {
                // The row's bytes are reused by the next row: the map keeps its own copy.
                strings.put(text.clone(), interned);
            }
        }
        return interned;
    }

    Variables variables() {
        return variables;
    }
}
