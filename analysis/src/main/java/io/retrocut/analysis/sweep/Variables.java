package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.VariableType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state variables of a dataset: an immutable, ordered list of names with their {@link VariableType}s. A
 * variable is addressed by its index everywhere in the sweep ({@link SweepEvent} assignments, {@link Cut#value}).
 */
public final class Variables implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<VariableType> types;
    private final Map<String, Integer> indexes;

    /**
     * @param names distinct variable names, in the order that defines the variable indexes
     * @param types one type per name, in the same order
     */
    public Variables(List<String> names, List<VariableType> types) {
        this.names = List.copyOf(requireNonNull(names, "names is null"));
        this.types = List.copyOf(requireNonNull(types, "types is null"));
        if (this.names.size() != this.types.size()) {
            throw new IllegalArgumentException(
                    "names and types differ in length: " + this.names.size() + " names, " + this.types.size() + " types");
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            if (byName.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate variable name '" + this.names.get(i) + "'");
            }
        }
        this.indexes = Map.copyOf(byName);
    }

    /** Variables in the iteration order of {@code types} (use a {@link java.util.LinkedHashMap} to fix the order). */
    public static Variables of(Map<String, VariableType> types) {
        requireNonNull(types, "types is null");
        return new Variables(new ArrayList<>(types.keySet()), new ArrayList<>(types.values()));
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    public VariableType type(int index) {
        return types.get(index);
    }

    public List<String> names() {
        return names;
    }

    public List<VariableType> types() {
        return types;
    }

    public boolean contains(String name) {
        return indexes.containsKey(name);
    }

    /**
     * The index of variable {@code name}.
     *
     * @throws IllegalArgumentException naming the variables that exist, when there is no variable {@code name}
     */
    public int index(String name) {
        Integer index = indexes.get(requireNonNull(name, "name is null"));
        if (index == null) {
            throw new IllegalArgumentException(
                    "unknown variable '" + name + "'; the variables are: " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
        }
        return index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Variables that && names.equals(that.names) && types.equals(that.types);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + types.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Variables[");
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(names.get(i)).append(':').append(types.get(i).label());
        }
        return text.append(']').toString();
    }
}
