package io.retrocut.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a part's deltas file ({@code _deltas/part-NNNNN.json}, see {@link EventsSchema#DELTAS_DIRECTORY}): per key
 * in the part, per node with events of that key in the part, the last value the node assigned to each variable
 * ({@code set}) and the variables whose last assignment unset them ({@code unset}):
 *
 * <pre>{"part": "part-00003.parquet", "keys": [
 *   {"key": "raft-1", "nodes": [{"node": "n1", "set": {"commit": 5, "role": "LEADER"}, "unset": ["leader"]}, {"node": "n2"}]}]}</pre>
 *
 * Doubles JSON cannot express are written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 * Usage: {@code startKey}, then {@code node} per node (with {@code set}/{@code unset} in between), {@code endKey}; then
 * {@code close}. Not thread-safe.
 */
public final class DeltasWriter implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator json;
    private boolean inNode;
    private boolean inSet;
    private boolean inUnset;

    /** Starts the file for {@code part} (the part file's name); {@code out} is closed by {@link #close()}. */
    public DeltasWriter(OutputStream out, String part) throws IOException {
        this.json = JSON.createGenerator(out);
        json.writeStartObject();
        json.writeStringField("part", part);
        json.writeArrayFieldStart("keys");
    }

    public void startKey(String key) throws IOException {
        json.writeRaw('\n');
        json.writeStartObject();
        json.writeStringField("key", key);
        json.writeArrayFieldStart("nodes");
    }

    /** Starts the entry of a node that has events of the current key in the part. */
    public void node(String node) throws IOException {
        endNode();
        json.writeStartObject();
        json.writeStringField("node", node);
        inNode = true;
    }

    /**
     * The node's last assignment of {@code variable} was {@code value}: a {@link Long}, {@link Double}, {@link Boolean}
     * or {@link String}. All {@code set}s of a node come before its {@code unset}s.
     */
    public void set(String variable, Object value) throws IOException {
        if (inUnset) {
            throw new IllegalStateException("set after unset for variable '" + variable + "'");
        }
        if (!inSet) {
            json.writeObjectFieldStart("set");
            inSet = true;
        }
        json.writeFieldName(variable);
        if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                json.writeString(number.toString());
            } else {
                json.writeNumber(number);
            }
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof String text) {
            json.writeString(text);
        } else {
            throw new IllegalArgumentException("value of variable '" + variable + "' is a " + (value == null ? "null" : value.getClass()));
        }
    }

    /** The node's last assignment of {@code variable} unset it. */
    public void unset(String variable) throws IOException {
        if (inSet) {
            json.writeEndObject();
            inSet = false;
        }
        if (!inUnset) {
            json.writeArrayFieldStart("unset");
            inUnset = true;
        }
        json.writeString(variable);
    }

    public void endKey() throws IOException {
        endNode();
        json.writeEndArray();
        json.writeEndObject();
    }

    private void endNode() throws IOException {
        if (inSet) {
            json.writeEndObject();
            inSet = false;
        }
        if (inUnset) {
            json.writeEndArray();
            inUnset = false;
        }
        if (inNode) {
            json.writeEndObject();
            inNode = false;
        }
    }

    @Override
    public void close() throws IOException {
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
        json.close();
    }
}
