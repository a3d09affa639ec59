package io.retrocut.analysis.sweep;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;

/**
 * One key's events in HLC order, read in place: {@link CutSweep}'s input. The current event's HLC, node and
 * assignments come straight from where the reader holds them, so that a sweep over millions of events makes no object
 * per event; {@link #event()} makes one when a message needs it, and {@link CutSweep#cut()}'s step events are made
 * only when a witness asks for them.
 *
 * <p>Before the first {@link #next()} and after {@code next()} returned false there is no current event. Not
 * thread-safe.
 */
public interface EventCursor {
    /** Moves to the next event; false when there is none. */
    boolean next();

    /** The current event's HLC, its physical part. */
    long hlcL();

    /** The current event's HLC, its logical counter. */
    int hlcC();

    /** The node that logged the current event; a reader hands out one instance per node name where it can. */
    String node();

    /** The current event's number of assignment slots, which equals the number of variables. */
    int assignmentCount();

    /** The current event's assignment of {@code variable}: null (untouched), {@link SweepEvent#UNSET}, or the value. */
    Object assignment(int variable);

    /** The current event as an object, which stays valid when the cursor moves on (made anew on each call). */
    SweepEvent event();

    /**
     * Where the type, file, line and extra of this cursor's events can be fetched later by their {@link #detailIndex()}
     * (see {@link SweepEvent#ofTypedColumns}); null when the cursor holds its events as objects already, whose
     * {@link #event()} then costs nothing and is kept instead.
     */
    SweepEvent.DetailSource details();

    /** The number by which {@link #details()} knows the current event; unused when that is null. */
    long detailIndex();

    /** A cursor over events given as objects. */
    static EventCursor of(Iterator<SweepEvent> events) {
        return new OfEvents(events);
    }

    /** {@link #of}: the current event is the object the iterator returned. */
    final class OfEvents implements EventCursor {
        private final Iterator<SweepEvent> events;
        private SweepEvent current;

        private OfEvents(Iterator<SweepEvent> events) {
            this.events = requireNonNull(events, "events is null");
        }

        @Override
        public boolean next() {
            current = events.hasNext() ? events.next() : null;
            return current != null;
        }

        @Override
        public long hlcL() {
            return current().hlc().l();
        }

        @Override
        public int hlcC() {
            return current().hlc().c();
        }

        @Override
        public String node() {
            return current().node();
        }

        @Override
        public int assignmentCount() {
            return current().assignmentCount();
        }

        @Override
        public Object assignment(int variable) {
            return current().assignment(variable);
        }

        @Override
        public SweepEvent event() {
            return current();
        }

        @Override
        public SweepEvent.DetailSource details() {
            return null;
        }

        @Override
        public long detailIndex() {
            return 0;
        }

        private SweepEvent current() {
            if (current == null) {
                throw new IllegalStateException("no current event: next() has not returned true");
            }
            return current;
        }
    }
}
