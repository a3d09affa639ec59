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
 * assignments array is taken over without a copy: the caller must not modify it afterwards. An event made by
 * {@link #ofTypedColumns} fetches its type, file, line and extra when one of them is first asked for; until then it
 * must stay on its reader's thread.
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
    private final Object[] assignments;
    // the details a witness shows: set at construction, or fetched once from the reader when first asked for
    private String type;
    private String file;
    private long line;
    private String extra;
    private transient DetailSource details;
    private long detailIndex;

    /** A reader that decodes events' type, file, line and extra only when they are asked for (by a witness). */
    @FunctionalInterface
    public interface DetailSource {
        /**
         * The details of the event that the reader numbered {@code index}.
         *
         * @throws IllegalStateException when the reader is closed
         */
        Details details(long index);
    }

    /**
     * An event's details.
     *
     * @param type the event name, or null
     * @param file the source file
     * @param line the line number in {@code file}
     * @param extra the unknown fields as JSON text, or null
     */
    public record Details(String type, String file, long line, String extra) {
        public Details {
            requireNonNull(file, "file is null");
        }
    }

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
        this.node = requireNonNull(node, "node is null");
        this.hlc = requireNonNull(hlc, "hlc is null");
        this.type = type;
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.file = requireNonNull(file, "file is null");
        this.line = line;
        this.extra = extra;
        for (Object value : assignments) {
            if (value != null && value != UNSET && !(value instanceof Long) && !(value instanceof Double)
                    && !(value instanceof Boolean) && !(value instanceof String)) {
                throw new IllegalArgumentException("assignment of unsupported class " + value.getClass().getName() + " in event of node '"
                        + node + "' at " + hlc + " (" + file + ":" + line + "); expected Long, Double, Boolean, String or UNSET");
            }
        }
    }

    private SweepEvent(String node, Hlc hlc, Object[] assignments, DetailSource details, long detailIndex) {
        this.node = requireNonNull(node, "node is null");
        this.hlc = requireNonNull(hlc, "hlc is null");
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.details = requireNonNull(details, "details is null");
        this.detailIndex = detailIndex;
    }

    /**
     * An event read from columns typed by the dataset's variables, whose values therefore have the classes the
     * variables call for (which {@link CutSweep} checks again as it applies them), so they are not checked one by one
     * here; and whose type, file, line and extra {@code details} gives when they are first asked for (most events are
     * never shown in a witness). The sweep asks for them only while {@code details} is open.
     *
     * @param detailIndex the number by which {@code details} knows the event
     */
    public static SweepEvent ofTypedColumns(String node, Hlc hlc, Object[] assignments, DetailSource details, long detailIndex) {
        return new SweepEvent(node, hlc, assignments, details, detailIndex);
    }

    private void fetchDetails() {
        if (details != null) {
            Details fetched = details.details(detailIndex);
            type = fetched.type();
            file = fetched.file();
            line = fetched.line();
            extra = fetched.extra();
            details = null;
        }
    }

    /** Serialized with its details: the reader does not travel. */
    private Object writeReplace() {
        fetchDetails();
        return this;
    }

    public String node() {
        return node;
    }

    public Hlc hlc() {
        return hlc;
    }

    /** The event name, or null. */
    public String type() {
        fetchDetails();
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
        fetchDetails();
        return file;
    }

    public long line() {
        fetchDetails();
        return line;
    }

    /** {@code file:line}, for messages. */
    public String source() {
        return file() + ":" + line();
    }

    /** The event's unknown fields as JSON text, or null. */
    public String extra() {
        fetchDetails();
        return extra;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SweepEvent that
                && node.equals(that.node)
                && hlc.equals(that.hlc)
                && Objects.equals(type(), that.type())
                && Arrays.equals(assignments, that.assignments)
                && file().equals(that.file())
                && line() == that.line()
                && Objects.equals(extra(), that.extra());
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, hlc, type(), Arrays.hashCode(assignments), file(), line(), extra());
    }

    @Override
    public String toString() {
        return "SweepEvent[" + node + " @" + hlc + (type() == null ? "" : " " + type()) + " " + Arrays.toString(assignments) + " "
                + source() + "]";
    }
}
