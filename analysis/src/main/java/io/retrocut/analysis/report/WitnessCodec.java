package io.retrocut.analysis.report;

import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link Witness}, of variable values and of HLCs. A witness is written in one form only, the
 * {@link IntervalStore}'s (strings inline, {@link IntervalStore.StoredWitness}), which the task results
 * ({@code spark.OutcomeCodec}) carry as it is; values and HLCs are also written by the task results' starting cuts,
 * whose strings refer to earlier ones. The caller decides how strings are written.
 */
public final class WitnessCodec {
    // the value tags; IntervalJson reads them too
    static final byte NULL = 0;
    static final byte LONG = 1;
    static final byte DOUBLE = 2;
    static final byte BOOLEAN = 3;
    static final byte STRING = 4;

    /** Writes a string, possibly null. */
    @FunctionalInterface
    public interface StringOut {
        void write(String value) throws IOException;
    }

    /** Reads what {@link StringOut} wrote. */
    @FunctionalInterface
    public interface StringIn {
        String read() throws IOException;
    }

    private WitnessCodec() {
    }

    public static void write(DataOutput out, StringOut strings, Witness witness) throws IOException {
        out.writeInt(witness.nodes().size());
        for (Witness.Node node : witness.nodes()) {
            strings.write(node.node());
            out.writeInt(node.values().size());
            for (Map.Entry<String, Object> value : node.values().entrySet()) {
                strings.write(value.getKey());
                writeValue(out, strings, value.getValue());
            }
        }
        out.writeInt(witness.events().size());
        for (Witness.Event event : witness.events()) {
            writeEvent(out, strings, event.node(), event.hlc(), event.type(), event.file(), event.line(), event.extra());
        }
    }

    /**
     * Writes the witness of {@code cut} ({@link Witness#of}) as {@link #write(DataOutput, StringOut, Witness)} writes
     * it, straight from the cut: no nodes, maps or events are made on the way.
     */
    public static void write(DataOutput out, StringOut strings, Cut cut) throws IOException {
        Variables variables = cut.variables();
        out.writeInt(cut.nodeCount());
        for (int node = 0; node < cut.nodeCount(); node++) {
            strings.write(cut.node(node));
            int present = 0;
            for (int variable = 0; variable < variables.size(); variable++) {
                if (cut.value(node, variable) != null) {
                    present++;
                }
            }
            out.writeInt(present);
            for (int variable = 0; variable < variables.size(); variable++) {
                Object value = cut.value(node, variable);
                if (value != null) {
                    strings.write(variables.name(variable));
                    writeValue(out, strings, value);
                }
            }
        }
        List<SweepEvent> events = cut.stepEvents();
        out.writeInt(events.size());
        for (SweepEvent event : events) {
            writeEvent(out, strings, event.node(), event.hlc(), event.type(), event.file(), event.line(), event.extra());
        }
    }

    private static void writeEvent(DataOutput out, StringOut strings, String node, Hlc hlc, String type, String file, long line,
            String extra) throws IOException {
        strings.write(node);
        writeHlc(out, hlc);
        strings.write(type);
        strings.write(file);
        out.writeLong(line);
        strings.write(extra);
    }

    public static Witness read(DataInput in, StringIn strings) throws IOException {
        int nodeCount = in.readInt();
        List<Witness.Node> nodes = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            String node = strings.read();
            int valueCount = in.readInt();
            String[] names = new String[valueCount];
            Object[] values = new Object[valueCount];
            for (int v = 0; v < valueCount; v++) {
                names[v] = strings.read();
                values[v] = readValue(in, strings);
            }
            nodes.add(Witness.Node.of(node, names, values));
        }
        int eventCount = in.readInt();
        List<Witness.Event> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            events.add(new Witness.Event(strings.read(), readHlc(in), strings.read(), strings.read(), in.readLong(), strings.read()));
        }
        return new Witness(nodes, events);
    }

    /** An HLC, possibly null. */
    public static void writeHlc(DataOutput out, Hlc hlc) throws IOException {
        out.writeBoolean(hlc != null);
        if (hlc != null) {
            out.writeLong(hlc.l());
            out.writeInt(hlc.c());
        }
    }

    public static Hlc readHlc(DataInput in) throws IOException {
        return in.readBoolean() ? new Hlc(in.readLong(), in.readInt()) : null;
    }

    /** A variable's value (Long, Double, Boolean or String), possibly null. */
    public static void writeValue(DataOutput out, StringOut strings, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long number) {
            out.writeByte(LONG);
            out.writeLong(number);
        } else if (value instanceof Double number) {
            out.writeByte(DOUBLE);
            out.writeDouble(number);
        } else if (value instanceof Boolean flag) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(flag);
        } else if (value instanceof String text) {
            out.writeByte(STRING);
            strings.write(text);
        } else {
            throw new IllegalArgumentException("unexpected value " + value.getClass().getName());
        }
    }

    public static Object readValue(DataInput in, StringIn strings) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case STRING -> strings.read();
            default -> throw new IOException("corrupt value tag " + tag);
        };
    }
}
