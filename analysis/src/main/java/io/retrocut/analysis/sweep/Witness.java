package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evidence for a violation interval: the first violating cut (every node's state) and the events of the step that
 * produced it. Immutable. A witness is made from a cut by the sweep, or kept in an encoded form as it came from a task
 * (see {@link #encoded(byte[], Form)}): the driver hands hundreds of thousands of these from the tasks' outputs to its
 * interval store, which needs only the bytes, and decodes one only when something reads it.
 */
public final class Witness implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * An encoding of witnesses (the sweep does not know any): it decodes what it encoded. Two witnesses with bytes of
     * the same form can be copied as bytes.
     */
    public interface Form extends Serializable {
        Witness decode(byte[] encoded);
    }

    private record Decoded(List<Node> nodes, List<Event> events) implements Serializable {
    }

    /** Null until an encoded witness is read. */
    private volatile Decoded decoded;
    private final byte[] encoded;
    private final Form form;

    /**
     * @param nodes the nodes of the cut in node-id order
     * @param events the events applied in the step that produced the cut, in node-id order
     */
    public Witness(List<Node> nodes, List<Event> events) {
        this.decoded = new Decoded(List.copyOf(requireNonNull(nodes, "nodes is null")),
                List.copyOf(requireNonNull(events, "events is null")));
        this.encoded = null;
        this.form = null;
    }

    private Witness(byte[] encoded, Form form) {
        this.encoded = requireNonNull(encoded, "encoded is null");
        this.form = requireNonNull(form, "form is null");
    }

    /** A witness kept as {@code bytes} of {@code form} (not copied), decoded when its nodes or events are first read. */
    public static Witness encoded(byte[] bytes, Form form) {
        return new Witness(bytes, form);
    }

    /** The bytes this witness was kept as, when they are of {@code form}; otherwise null. Not to be modified. */
    public byte[] bytes(Form form) {
        return form.equals(this.form) ? encoded : null;
    }

    /** The nodes of the cut in node-id order. */
    public List<Node> nodes() {
        return decoded().nodes();
    }

    /** The events applied in the step that produced the cut, in node-id order. */
    public List<Event> events() {
        return decoded().events();
    }

    private Decoded decoded() {
        Decoded result = decoded;
        if (result == null) {
            Witness witness = form.decode(encoded);
            result = new Decoded(witness.nodes(), witness.events());
            decoded = result;
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Witness witness && decoded().equals(witness.decoded());
    }

    @Override
    public int hashCode() {
        return decoded().hashCode();
    }

    @Override
    public String toString() {
        return "Witness[nodes=" + nodes() + ", events=" + events() + "]";
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
