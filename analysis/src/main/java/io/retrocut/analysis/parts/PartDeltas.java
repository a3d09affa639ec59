package io.retrocut.analysis.parts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads a part's deltas file ({@code _deltas/part-NNNNN.json}, written by ingest next to each part of a
 * {@code hlc-sliced} dataset): per key in the part, what the part does to each node's state. With these a check needs
 * no first pass over the parts. The format:
 *
 * <pre>{"part": "part-00003.parquet", "keys": [
 *   {"key": "raft-1", "nodes": [{"node": "n1", "set": {"commit": 5, "role": "LEADER"}, "unset": ["leader"]}, {"node": "n2"}]}]}</pre>
 *
 * <p>A node listed has events in the part; {@code set} holds the last value it assigned to each variable (doubles that
 * JSON cannot express as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), {@code unset} the variables
 * whose last assignment unset them.
 */
public final class PartDeltas {
    private static final JsonFactory JSON = new JsonFactory();

    private PartDeltas() {
    }

    /**
     * @param file the deltas file
     * @param name how to name the file in messages (e.g. relative to the dataset)
     * @param variables the dataset's variables
     * @return per key, in file order, the part's delta
     * @throws UserException (bad input) naming the file when it is missing or malformed
     */
    public static Map<String, StateDelta> read(Configuration configuration, String file, String name, Variables variables) {
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            indexes.put(variables.name(i), i);
        }
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(configuration).open(path); JsonParser json = JSON.createParser(in)) {
            Map<String, StateDelta> deltas = new LinkedHashMap<>();
            expect(json, json.nextToken(), JsonToken.START_OBJECT, name);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (!field.equals("keys")) {
                    json.skipChildren();
                    continue;
                }
                expect(json, value, JsonToken.START_ARRAY, name);
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    readKey(json, name, variables, indexes, deltas);
                }
            }
            return deltas;
        } catch (JsonParseException e) {
            throw bad(name, e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw bad(name, e.getMessage());
        }
    }

    private static void readKey(JsonParser json, String name, Variables variables, Map<String, Integer> indexes,
            Map<String, StateDelta> deltas) throws IOException {
        String key = null;
        StateDelta.Builder delta = new StateDelta.Builder(variables.size());
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("key")) {
                expect(json, value, JsonToken.VALUE_STRING, name);
                key = json.getText();
            } else if (field.equals("nodes")) {
                expect(json, value, JsonToken.START_ARRAY, name);
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    readNode(json, name, variables, indexes, delta);
                }
            } else {
                json.skipChildren();
            }
        }
        if (key == null) {
            throw bad(name, "a key entry without \"key\" at line " + json.currentLocation().getLineNr());
        }
        deltas.put(key, delta.build());
    }

    private static void readNode(JsonParser json, String name, Variables variables, Map<String, Integer> indexes,
            StateDelta.Builder delta) throws IOException {
        String node = null;
        Object[] assignments = new Object[variables.size()];
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "node" -> {
                    expect(json, value, JsonToken.VALUE_STRING, name);
                    node = json.getText();
                }
                case "set" -> {
                    expect(json, value, JsonToken.START_OBJECT, name);
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        int variable = variable(json, name, indexes);
                        json.nextToken();
                        assignments[variable] = value(json, name, variables, variable);
                    }
                }
                case "unset" -> {
                    expect(json, value, JsonToken.START_ARRAY, name);
                    while (json.nextToken() == JsonToken.VALUE_STRING) {
                        assignments[variable(json, name, indexes)] = SweepEvent.UNSET;
                    }
                    expect(json, json.currentToken(), JsonToken.END_ARRAY, name);
                }
                default -> json.skipChildren();
            }
        }
        if (node == null) {
            throw bad(name, "a node entry without \"node\" at line " + json.currentLocation().getLineNr());
        }
        Object[] last = delta.node(node);
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i] != null) {
                last[i] = assignments[i];
            }
        }
    }

    private static int variable(JsonParser json, String name, Map<String, Integer> indexes) throws IOException {
        String variable = json.getText();
        Integer index = indexes.get(variable);
        if (index == null) {
            throw bad(name, "unknown variable '" + variable + "' at line " + json.currentLocation().getLineNr());
        }
        return index;
    }

    private static Object value(JsonParser json, String name, Variables variables, int variable) throws IOException {
        JsonToken token = json.currentToken();
        Object value = switch (variables.type(variable)) {
            case LONG -> token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.LONG
                    || token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT ? json.getLongValue() : null;
            case DOUBLE -> switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> json.getDoubleValue();
                case VALUE_STRING -> switch (json.getText()) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> null;
                };
                default -> null;
            };
            case BOOLEAN -> token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
            case STRING -> token == JsonToken.VALUE_STRING ? json.getText() : null;
        };
        if (value == null) {
            throw bad(name, "variable '" + variables.name(variable) + "' of type " + variables.type(variable).label() + " has the value "
                    + json.getText() + " at line " + json.currentLocation().getLineNr());
        }
        return value;
    }

    private static void expect(JsonParser json, JsonToken token, JsonToken expected, String name) throws IOException {
        if (token != expected) {
            throw bad(name, "expected " + describe(expected) + " but found " + (token == null ? "the end" : json.getText()) + " at line "
                    + json.currentLocation().getLineNr());
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_ARRAY -> "the end of an array";
            case VALUE_STRING -> "a string";
            default -> token.toString();
        };
    }

    private static UserException bad(String name, String what) {
        return UserException.badInput("cannot read " + name + ": " + what);
    }
}
