package io.retrocut.analysis.spark;

import io.retrocut.analysis.sweep.SweepEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

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

    static void forEach(Iterator<InternalRow> rows, EventRows decoder, Consumer<Group> action) {
        PeekingRows peeking = new PeekingRows(rows);
        while (peeking.hasNext()) {
            InternalRow first = peeking.peek();
            String key = decoder.key(first);
            UTF8String keyBytes = UTF8String.fromString(key);
            int slice = first.getInt(SLICE);
            int slices = first.getInt(SLICES);
            Iterator<SweepEvent> events = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return peeking.hasNext() && peeking.peek().getInt(SLICE) == slice && EventRows.sameKey(peeking.peek(), keyBytes);
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

    /** One row of look-ahead. Spark may reuse the row object, so a row is only read before the next is fetched. */
    private static final class PeekingRows {
        private final Iterator<InternalRow> rows;
        private InternalRow next;

        PeekingRows(Iterator<InternalRow> rows) {
            this.rows = rows;
        }

        boolean hasNext() {
            return next != null || rows.hasNext();
        }

        InternalRow peek() {
            if (next == null) {
                next = rows.next();
            }
            return next;
        }

        InternalRow next() {
            InternalRow row = peek();
            next = null;
            return row;
        }
    }
}
