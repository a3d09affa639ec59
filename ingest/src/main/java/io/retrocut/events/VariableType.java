package io.retrocut.events;

import java.util.Locale;

/**
 * The type of a state variable column. Inferred at ingest from the JSON values seen: integers are {@link #LONG},
 * other numbers {@link #DOUBLE}; a variable seen as both becomes {@link #DOUBLE}; any other mix becomes
 * {@link #STRING} (values rendered as their JSON text) with a warning.
 */
public enum VariableType {
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING;

    /** The type that holds values of both {@code this} and {@code other}. */
    public VariableType widen(VariableType other) {
        if (this == other) {
            return this;
        }
        if ((this == LONG && other == DOUBLE) || (this == DOUBLE && other == LONG)) {
            return DOUBLE;
        }
        return STRING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VariableType parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
