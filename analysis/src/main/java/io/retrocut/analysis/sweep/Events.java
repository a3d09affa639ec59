package io.retrocut.analysis.sweep;

import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;

/** Checks on the event stream shared by {@link CutSweep} and {@link StateDelta}; every failure is a bug upstream. */
final class Events {
    private Events() {}

    static Class<?>[] valueClasses(Variables variables) {
        Class<?>[] classes = new Class<?>[variables.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = valueClass(variables.type(i));
        }
        return classes;
    }

    static Class<?> valueClass(VariableType type) {
        return switch (type) {
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            case STRING -> String.class;
        };
    }

    /** Checks that {@code event} fits the variables ({@link CutSweep} checks each value as it applies it instead). */
    static void checkAssignments(String key, SweepEvent event, Variables variables, Class<?>[] valueClasses) {
        if (event.assignmentCount() != valueClasses.length) {
            throw slotCount(key, event, valueClasses.length);
        }
        for (int i = 0; i < valueClasses.length; i++) {
            checkValue(key, event, variables, valueClasses, i, event.assignment(i));
        }
    }

    /** Checks that {@code event}'s assignment {@code value} of {@code variable} is null, an unset or of its class. */
    static void checkValue(String key, SweepEvent event, Variables variables, Class<?>[] valueClasses, int variable, Object value) {
        if (!fits(valueClasses, variable, value)) {
            throw wrongClass(key, event, variables, variable);
        }
    }

    /** Whether {@code value}, an assignment of {@code variable}, is null, an unset or of the variable's class. */
    static boolean fits(Class<?>[] valueClasses, int variable, Object value) {
        return value == null || value == SweepEvent.UNSET || value.getClass() == valueClasses[variable];
    }

    static IllegalStateException slotCount(String key, SweepEvent event, int variables) {
        return new IllegalStateException("event of key '" + key + "' at " + event.hlc() + " (" + event.source() + ") has "
                + event.assignmentCount() + " assignment slots but there are " + variables + " variables");
    }

    /** The event's assignment of {@code variable} is not of the variable's class. */
    static IllegalStateException wrongClass(String key, SweepEvent event, Variables variables, int variable) {
        Object value = event.assignment(variable);
        return new IllegalStateException("event of key '" + key + "' at " + event.hlc() + " (" + event.source() + ") assigns a "
                + value.getClass().getSimpleName() + " to variable '" + variables.name(variable) + "' of type "
                + variables.type(variable).label());
    }

    static IllegalStateException outOfOrder(String key, SweepEvent event, Hlc previous) {
        return new IllegalStateException("events of key '" + key + "' are not sorted by HLC: " + event.hlc() + " (node '"
                + event.node() + "', " + event.source() + ") comes after " + previous
                + "; the sweep needs each key's events in HLC order");
    }

    static IllegalStateException repeatedHlc(String key, SweepEvent event) {
        return new IllegalStateException("node '" + event.node() + "' has two events of key '" + key + "' at HLC " + event.hlc()
                + " (one at " + event.source() + "); HLCs must increase within a node");
    }
}
