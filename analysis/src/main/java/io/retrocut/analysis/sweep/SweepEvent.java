package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import io.retrocut.events.Hlc;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded event of one key, as the sweep consumes it.
 *
 * <p>Assignments are indexed like the dataset's {@link Variables}: {@code null} means the event does not touch the
 * variable, {@link #UNSET} means it unsets it ({@code "set": {"x": null}}), anything else is the assigned value, a
 * {@link Long}, {@link Double}, {@link Boolean} or {@link String} matching the variable's type. For speed the
 * assignments array is taken over without a copy: the caller must not modify it afterwards.
 */
public final class SweepEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Marker for an assignment that unsets the variable. A singleton, also after deserialization. */
    public static final Object UNSET = Unset.UNSET;

    private enum Unset {
        UNSET
    }

    private final String node;
    private final Hlc hlc;
    private final String type;
    private final Object[] assignments;
    private final String file;
    private final long line;
    private final String extra;

    /**
     * @param node the node that logged the event
     * @param hlc its HLC
     * @param type the event name, or null
     * @param assignments one entry per variable (see the class comment); not copied
     * @param file the source file the event was read from
     * @param line its line number in {@code file}
     * @param extra the event's unknown fields as JSON text, or null
     */
    public SweepEvent(String node, Hlc hlc, String type, Object[] assignments, String file, long line, String extra) {
        this(node, hlc, type, assignments, file, line, extra, true);
    }

    /**
     * An event read from columns typed by the dataset's variables, whose values therefore have the classes the
     * variables call for (which {@link CutSweep} checks again as it applies them): the values are not checked one by
     * one here. Otherwise as the constructor.
     */
    public static SweepEvent ofTypedColumns(String node, Hlc hlc, String type, Object[] assignments, String file, long line,
            String extra) {
        return new SweepEvent(node, hlc, type, assignments, file, line, extra, false);
    }

    private SweepEvent(String node, Hlc hlc, String type, Object[] assignments, String file, long line, String extra,
            boolean checkValues) {
        this.node = requireNonNull(node, "node is null");
        this.hlc = requireNonNull(hlc, "hlc is null");
        this.type = type;
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.file = requireNonNull(file, "file is null");
        this.line = line;
        this.extra = extra;
        if (!checkValues) {
            return;
        }
        for (Object value : assignments) {
            if (value != null && value != UNSET && !(value instanceof Long) && !(value instanceof Double)
                    && !(value instanceof Boolean) && !(value instanceof String)) {
                throw new IllegalArgumentException("assignment of unsupported class " + value.getClass().getName() + " in event of node '"
                        + node + "' at " + hlc + " (" + file + ":" + line + "); expected Long, Double, Boolean, String or UNSET");
            }
        }
    }

    public String node() {
        return node;
    }

    public Hlc hlc() {
        return hlc;
    }

    /** The event name, or null. */
    public String type() {
        return type;
    }

    /** The number of assignment slots, which equals the number of variables. */
    public int assignmentCount() {
        return assignments.length;
    }

    /** The assignment of variable {@code variable}: null (untouched), {@link #UNSET}, or the value. */
    public Object assignment(int variable) {
        return assignments[variable];
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** {@code file:line}, for messages. */
    public String source() {
        return file + ":" + line;
    }

    /** The event's unknown fields as JSON text, or null. */
    public String extra() {
        return extra;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SweepEvent that
                && node.equals(that.node)
                && hlc.equals(that.hlc)
                && Objects.equals(type, that.type)
                && Arrays.equals(assignments, that.assignments)
                && file.equals(that.file)
                && line == that.line
                && Objects.equals(extra, that.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, hlc, type, Arrays.hashCode(assignments), file, line, extra);
    }

    @Override
    public String toString() {
        return "SweepEvent[" + node + " @" + hlc + (type == null ? "" : " " + type) + " " + Arrays.toString(assignments) + " "
                + source() + "]";
    }
}
