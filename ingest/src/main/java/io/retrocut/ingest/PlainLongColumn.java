package io.retrocut.ingest;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;

/**
 * A required INT64 column in the PLAIN encoding, for values that hardly repeat (source line numbers), where a
 * dictionary costs a hash lookup per value and is given up on anyway.
 */
final class PlainLongColumn extends PageColumn {
    private final long[] values = new long[PAGE_ROWS];
    private final PageBuffer buffer = new PageBuffer();
    private int count;

    PlainLongColumn(ColumnDescriptor descriptor) {
        super(descriptor);
    }

    void add(long value) {
        values[count++] = value;
    }

    @Override
    void endPage() throws IOException {
        if (count == 0) {
            return;
        }
        buffer.clear();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            long value = values[i];
            buffer.writeLong(value);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        Statistics<?> statistics = Statistics.createStats(descriptor.getPrimitiveType());
        statistics.updateStats(min);
        statistics.updateStats(max);
        pages.writePage(buffer.bytes(), count, count, statistics, Encoding.BIT_PACKED, Encoding.BIT_PACKED, Encoding.PLAIN);
        count = 0;
    }

    @Override
    void endChunk() throws IOException {
        endPage();
    }

    @Override
    long bufferedSize() {
        return pages.getMemSize() + 8L * count;
    }
}
