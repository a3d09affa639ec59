package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.SweepEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;

/**
 * Walks a partition sorted by (key, slice, HLC) one (key, slice) group at a time, streaming each group's events
 * to the sweep without materializing them.
 */
final class SortedGroups {
    /** Column index of the slice number, appended after {@link EventsDataset#SWEEP_COLUMNS}. */
    static final int SLICE = EventsDataset.SWEEP_COLUMNS.size();
    /** Column index of the key's slice count. */
    static final int SLICES = SLICE + 1;

    record Group(String key, int slice, int slices, Iterator<SweepEvent> events) {
    }

    private SortedGroups() {
    }

    static void forEach(Iterator<Row> rows, EventRows decoder, Consumer<Group> action) {
        PeekingRows peeking = new PeekingRows(rows);
        while (peeking.hasNext()) {
            Row first = peeking.peek();
            String key = EventRows.key(first);
            int slice = first.getInt(SLICE);
            int slices = first.getInt(SLICES);
            Iterator<SweepEvent> events = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return peeking.hasNext() && peeking.peek().getInt(SLICE) == slice
                            && Objects.equals(EventRows.key(peeking.peek()), key);
                }

                @Override
                public SweepEvent next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return decoder.event(peeking.next());
                }
            };
            action.accept(new Group(key, slice, slices, events));
            while (events.hasNext()) {
                events.next();
            }
        }
    }

    private static final class PeekingRows {
        private final Iterator<Row> rows;
        private Row next;

        PeekingRows(Iterator<Row> rows) {
            this.rows = rows;
        }

        boolean hasNext() {
            return next != null || rows.hasNext();
        }

        Row peek() {
            if (next == null) {
                next = rows.next();
            }
            return next;
        }

        Row next() {
            Row row = peek();
            next = null;
            return row;
        }
    }
}
