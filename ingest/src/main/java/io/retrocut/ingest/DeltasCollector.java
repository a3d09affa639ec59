package io.retrocut.ingest;

import io.retrocut.events.DeltasWriter;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Collects, while a part is written, what the part does to each key's state, and writes it as the part's deltas file
 * ({@link EventsSchema#DELTAS_DIRECTORY}, {@link DeltasWriter}): per key, per node with events of the key in the
 * part, its last assignment of each variable, typed as the variable's column (the same conversions as the Parquet
 * writer's). The events must arrive grouped by key and, within a key, in HLC order, as a part's rows are; each is
 * given by its offset in the spill bytes, which must not change until {@link #finish}. Per key it keeps one offset per
 * (node, variable) and decodes only the last assignments. Not thread-safe; one per part.
 */
final class DeltasCollector {
    private final DeltasWriter writer;
    private final byte[] data;
    private final String[] variableNames;
    private final VariableType[] variableTypes;
    private final String[] nodeNames;
    private final String[] keyNames;
    /** Node ids in the order of their names. */
    private final Integer[] nodesByName;
    private final Spill.View view = new Spill.View();
    /** Per node (by id) and variable: 1 + offset of the node's last event that assigned it, 0 for none. */
    private final int[][] last;
    private final boolean[] present;
    private int key = -1;

    /**
     * @param out the deltas file, closed by {@link #finish}
     * @param part the part file's name
     * @param data the spill bytes the events are read from
     */
    DeltasCollector(OutputStream out, String part, byte[] data, List<String> variableNames, VariableType[] variableTypes,
            List<String> nodeNames, List<String> keyNames) throws IOException {
        this.writer = new DeltasWriter(out, part);
        this.data = data;
        this.variableNames = variableNames.toArray(new String[0]);
        this.variableTypes = variableTypes;
        this.nodeNames = nodeNames.toArray(new String[0]);
        this.keyNames = keyNames.toArray(new String[0]);
        this.nodesByName = new Integer[this.nodeNames.length];
        for (int i = 0; i < nodesByName.length; i++) {
            nodesByName[i] = i;
        }
        Arrays.sort(nodesByName, (a, b) -> this.nodeNames[a].compareTo(this.nodeNames[b]));
        this.last = new int[this.nodeNames.length][this.variableNames.length];
        this.present = new boolean[this.nodeNames.length];
    }

    /** The next event of the part, {@code event} as read from {@code data} at {@code offset}. */
    void add(Spill.View event, int offset) throws IOException {
        if (event.keyId != key) {
            endKey();
            key = event.keyId;
        }
        present[event.nodeId] = true;
        int[] assigned = last[event.nodeId];
        for (int i = 0; i < event.varCount; i++) {
            assigned[event.varIds[i]] = offset + 1;
        }
    }

    /** Writes the last key and closes the file. */
    void finish() throws IOException {
        endKey();
        writer.close();
    }

    private void endKey() throws IOException {
        if (key < 0) {
            return;
        }
        writer.startKey(keyNames[key]);
        for (int node : nodesByName) {
            if (!present[node]) {
                continue;
            }
            writer.node(nodeNames[node]);
            int[] assigned = last[node];
            // sets first, then unsets (the file's order)
            for (int unset = 0; unset < 2; unset++) {
                for (int variable = 0; variable < assigned.length; variable++) {
                    if (assigned[variable] == 0) {
                        continue;
                    }
                    view.read(data, assigned[variable] - 1);
                    int i = lastIndex(view, variable);
                    boolean isUnset = view.varTags[i] == EventRecord.NULL;
                    if (unset == 0 && !isUnset) {
                        writer.set(variableNames[variable], value(view, i, variableTypes[variable]));
                    } else if (unset == 1 && isUnset) {
                        writer.unset(variableNames[variable]);
                    }
                }
            }
            Arrays.fill(assigned, 0);
            present[node] = false;
        }
        writer.endKey();
    }

    /** The event's last entry for the variable (an event that names a variable twice keeps the last, as the writer). */
    private static int lastIndex(Spill.View event, int variable) {
        for (int i = event.varCount - 1; i >= 0; i--) {
            if (event.varIds[i] == variable) {
                return i;
            }
        }
        throw new IllegalStateException("event without variable " + variable);
    }

    /** The value as its column holds it: the Parquet writer's conversions, as a Java value. */
    private static Object value(Spill.View event, int i, VariableType type) {
        byte tag = event.varTags[i];
        return switch (type) {
            case LONG -> event.varLongs[i];
            case DOUBLE -> tag == EventRecord.LONG ? (double) event.varLongs[i] : Double.parseDouble(text(event, i));
            case BOOLEAN -> event.varLongs[i] != 0;
            case STRING -> switch (tag) {
                case EventRecord.LONG -> Long.toString(event.varLongs[i]);
                case EventRecord.BOOLEAN -> event.varLongs[i] != 0 ? "true" : "false";
                default -> text(event, i);
            };
        };
    }

    private static String text(Spill.View event, int i) {
        return new String(event.data, event.varOffsets[i], event.varLengths[i], StandardCharsets.UTF_8);
    }
}
