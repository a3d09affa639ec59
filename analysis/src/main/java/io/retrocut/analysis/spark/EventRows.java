package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.Hlc;
import java.util.List;
import org.apache.spark.sql.Row;

/** Decodes rows of {@link EventsDataset#SWEEP_COLUMNS} into the sweep's events. */
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

    private final Variables variables;
    private final java.util.Map<String, Integer> indexes = new java.util.HashMap<>();

    EventRows(Variables variables) {
        this.variables = variables;
        for (int i = 0; i < variables.size(); i++) {
            indexes.put(variables.name(i), i);
        }
    }

    SweepEvent event(Row row) {
        int count = variables.size();
        Object[] assignments = new Object[count];
        if (count > 0 && !row.isNullAt(VARS)) {
            Row vars = row.getStruct(VARS);
            for (int i = 0; i < count; i++) {
                if (!vars.isNullAt(i)) {
                    Object value = vars.get(i);
                    // Parquet files written by other tools may use narrower types; the cut sees LONG and DOUBLE.
                    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                        value = ((Number) value).longValue();
                    } else if (value instanceof Float f) {
                        value = f.doubleValue();
                    }
                    assignments[i] = value;
                }
            }
        }
        if (!row.isNullAt(UNSET)) {
            List<String> unset = row.getList(UNSET);
            for (String name : unset) {
                // A variable that is only ever unset has no column: it is absent in every cut anyway.
                Integer index = indexes.get(name);
                if (index != null) {
                    assignments[index] = SweepEvent.UNSET;
                }
            }
        }
        return new SweepEvent(
                row.getString(NODE),
                new Hlc(row.getLong(HLC_L), row.getInt(HLC_C)),
                row.isNullAt(TYPE) ? null : row.getString(TYPE),
                assignments,
                row.isNullAt(FILE) ? "" : row.getString(FILE),
                row.isNullAt(LINE) ? 0 : row.getLong(LINE),
                row.isNullAt(EXTRA) ? null : row.getString(EXTRA));
    }

    static String key(Row row) {
        return row.getString(KEY);
    }
}
