package io.retrocut.ingest;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;

/**
 * A required top-level INT64 column whose values are encoded without a dictionary, a page at a time: v1 data pages (no
 * levels) with the min and max as statistics. Subclasses choose the values encoding.
 */
abstract sealed class LongColumn extends PageColumn permits DeltaLongColumn, PlainLongColumn {
    private final long[] values = new long[PAGE_ROWS];
    private final PageBuffer buffer = new PageBuffer();
    private final Encoding encoding;
    private int count;

    LongColumn(ColumnDescriptor descriptor, Encoding encoding) {
        super(descriptor);
        if (descriptor.getMaxRepetitionLevel() != 0 || descriptor.getMaxDefinitionLevel() != 0) {
            throw new IllegalArgumentException("not a required top-level column: " + descriptor);
        }
        this.encoding = encoding;
    }

    void add(long value) {
        values[count++] = value;
    }

    /** Appends {@code values[0, count)} to {@code out} in this column's encoding. */
    abstract void encode(long[] values, int count, PageBuffer out);

    @Override
    final void endPage() throws IOException {
        if (count == 0) {
            return;
        }
        buffer.clear();
        encode(values, count, buffer);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        Statistics<?> statistics = Statistics.createStats(descriptor.getPrimitiveType());
        statistics.updateStats(min);
        statistics.updateStats(max);
        pages.writePage(buffer.bytes(), count, count, statistics, Encoding.BIT_PACKED, Encoding.BIT_PACKED, encoding);
        count = 0;
    }

    @Override
    final void endChunk() throws IOException {
        endPage();
    }

    @Override
    final long bufferedSize() {
        return pages.getMemSize() + 8L * count;
    }
}
