package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evidence for a violation interval: the first violating cut (every node's state) and the events of the step that
 * produced it. Immutable.
 *
 * @param nodes the nodes of the cut in node-id order
 * @param events the events applied in the step that produced the cut, in node-id order
 */
public record Witness(List<Node> nodes, List<Event> events) implements Serializable {
    public Witness {
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
        events = List.copyOf(requireNonNull(events, "events is null"));
    }

    /**
     * One node's state in the witness cut.
     *
     * @param values the variables that have a value, in variable order
     */
    public record Node(String node, Map<String, Object> values) implements Serializable {
        public Node {
            requireNonNull(node, "node is null");
            values = OrderedMap.copyOf(requireNonNull(values, "values is null"));
        }

        /** A node whose values are {@code names[i] = values[i]}; takes over the arrays (no nulls, no repeated names). */
        public static Node of(String node, String[] names, Object[] values) {
            if (names.length != values.length) {
                throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
            }
            return new Node(node, new OrderedMap(names, values));
        }
    }

    /**
     * One event of the step that produced the witness cut.
     *
     * @param type the event name, or null
     * @param extra the event's unknown fields as JSON text, or null
     */
    public record Event(String node, Hlc hlc, String type, String file, long line, String extra) implements Serializable {
        public Event {
            requireNonNull(node, "node is null");
            requireNonNull(hlc, "hlc is null");
            requireNonNull(file, "file is null");
        }
    }

    /** A copy of {@code cut} and its step events. */
    public static Witness of(Cut cut) {
        Variables variables = cut.variables();
        List<Node> nodes = new ArrayList<>(cut.nodeCount());
        for (int i = 0; i < cut.nodeCount(); i++) {
            int present = 0;
            for (int variable = 0; variable < variables.size(); variable++) {
                if (cut.value(i, variable) != null) {
                    present++;
                }
            }
            String[] names = new String[present];
            Object[] values = new Object[present];
            int index = 0;
            for (int variable = 0; variable < variables.size(); variable++) {
                Object value = cut.value(i, variable);
                if (value != null) {
                    names[index] = variables.name(variable);
                    values[index++] = value;
                }
            }
            nodes.add(new Node(cut.node(i), new OrderedMap(names, values)));
        }
        List<SweepEvent> stepEvents = cut.stepEvents();
        List<Event> events = new ArrayList<>(stepEvents.size());
        for (SweepEvent event : stepEvents) {
            events.add(new Event(event.node(), event.hlc(), event.type(), event.file(), event.line(), event.extra()));
        }
        return new Witness(nodes, events);
    }
}
