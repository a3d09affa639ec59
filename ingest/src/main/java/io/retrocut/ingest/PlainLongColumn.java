package io.retrocut.ingest;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;

/**
 * A required INT64 column in the PLAIN encoding, for values that hardly repeat (source line numbers), where a
 * dictionary costs a hash lookup per value and is given up on anyway.
 */
final class PlainLongColumn extends LongColumn {
    PlainLongColumn(ColumnDescriptor descriptor) {
        super(descriptor, Encoding.PLAIN);
    }

    @Override
    void encode(long[] values, int count, PageBuffer out) {
        for (int i = 0; i < count; i++) {
            out.writeLong(values[i]);
        }
    }
}
