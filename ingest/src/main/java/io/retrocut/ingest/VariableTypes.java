package io.retrocut.ingest;

import io.retrocut.events.VariableType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Infers one column type per state variable from the values of the ingested events, per {@link VariableType}'s
 * widening rules, and warns once per variable whose values mix types that only a string column can hold.
 */
final class VariableTypes {
    private static final class Variable {
        final String name;
        final int id;
        VariableType type;
        String typeFirstSeen;
        boolean warned;

        Variable(String name, int id) {
            this.name = name;
            this.id = id;
        }
    }

    private final Map<String, Variable> byName = new HashMap<>();
    private final List<Variable> byId = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Lower-cased name to the first variable's name and where it was first seen. */
    private final Map<String, String[]> byFoldedName = new HashMap<>();

    /** The id of a variable, registering it on first sight (at {@code file:line}). */
    int id(String name, String file, long line) {
        Variable variable = byName.get(name);
        if (variable == null) {
            variable = new Variable(name, byId.size());
            byName.put(name, variable);
            byId.add(variable);
            String where = file + ":" + line;
            String folded = name.toLowerCase(Locale.ROOT);
            String[] first = byFoldedName.putIfAbsent(folded, new String[] {name, where});
            if (first != null) {
                warnings.add("variables '" + first[0] + "' (first at " + first[1] + ") and '" + name + "' (first at "
                        + where + ") differ only in case; Spark SQL resolves names case-insensitively, so invariants"
                        + " cannot tell them apart");
            }
        }
        return variable.id;
    }

    /** Records a value of the variable seen at {@code file:line}; a {@code null} (unset) tag has no type. */
    void observe(int id, byte tag, String file, long line) {
        VariableType seen = switch (tag) {
            case EventRecord.LONG -> VariableType.LONG;
            case EventRecord.DOUBLE -> VariableType.DOUBLE;
            case EventRecord.BOOLEAN -> VariableType.BOOLEAN;
            case EventRecord.STRING -> VariableType.STRING;
            case EventRecord.NULL -> null;
            default -> throw new IllegalStateException("unknown variable tag " + tag);
        };
        Variable variable = byId.get(id);
        if (seen == null || seen == variable.type) {
            return;
        }
        if (variable.type == null) {
            variable.type = seen;
            variable.typeFirstSeen = file + ":" + line;
            return;
        }
        VariableType widened = variable.type.widen(seen);
        if (widened == VariableType.STRING && !variable.warned) {
            warnings.add("variable '" + variable.name + "' has values of different types: "
                    + variable.type.label() + " (first at " + variable.typeFirstSeen + ") and " + seen.label()
                    + " (first at " + file + ":" + line + "); it is stored as string, values as their JSON text");
            variable.warned = true;
        }
        if (widened != variable.type) {
            variable.type = widened;
            variable.typeFirstSeen = file + ":" + line;
        }
    }

    /** Number of variables registered so far. */
    int size() {
        return byId.size();
    }

    String name(int id) {
        return byId.get(id).name;
    }

    /** The final column type; a variable that was only ever unset is a string column. */
    VariableType type(int id) {
        VariableType type = byId.get(id).type;
        return type == null ? VariableType.STRING : type;
    }

    /** Variable name to column type, in first-seen order. */
    Map<String, VariableType> types() {
        Map<String, VariableType> types = new LinkedHashMap<>();
        for (Variable variable : byId) {
            types.put(variable.name, type(variable.id));
        }
        return types;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
