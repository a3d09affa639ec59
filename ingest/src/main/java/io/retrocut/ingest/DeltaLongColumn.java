package io.retrocut.ingest;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;

/**
 * A required INT64 column in the {@code DELTA_BINARY_PACKED} encoding, for values that rise slowly from row to row
 * (HLCs, within each key's run of a part): a value costs the bits of its difference from the one before, about a byte
 * where PLAIN takes eight and a dictionary of nearly unique values takes a hash lookup and more. Pages are v1 data pages
 * with that values encoding, as parquet-mr's v2 writer encodes INT64 values: blocks of 128 values in four miniblocks of
 * 32, each block's deltas less its smallest delta, bit-packed at the width of each miniblock's largest.
 */
final class DeltaLongColumn extends LongColumn {
    private static final int BLOCK_VALUES = 128;
    private static final int MINIBLOCKS = 4;
    private static final int MINIBLOCK_VALUES = BLOCK_VALUES / MINIBLOCKS;

    DeltaLongColumn(ColumnDescriptor descriptor) {
        super(descriptor, Encoding.DELTA_BINARY_PACKED);
    }

    @Override
    void encode(long[] values, int count, PageBuffer out) {
        encodeDeltas(values, count, out);
    }

    /**
     * Appends {@code values[0, count)} in the {@code DELTA_BINARY_PACKED} encoding: the header (block size, miniblocks
     * per block, value count, first value), then per block of up to 128 deltas its smallest delta, the four miniblocks'
     * bit widths and the miniblocks. Deltas wrap around as Java's {@code long} arithmetic does, as the format allows.
     * A last miniblock is padded to its full size; miniblocks after the last value have width 0 and no bytes.
     */
    static void encodeDeltas(long[] values, int count, PageBuffer out) {
        out.writeUnsignedVarLong(BLOCK_VALUES);
        out.writeUnsignedVarLong(MINIBLOCKS);
        out.writeUnsignedVarLong(count);
        out.writeUnsignedVarLong(zigzag(count == 0 ? 0 : values[0]));
        long[] deltas = new long[BLOCK_VALUES];
        for (int start = 1; start < count; start += BLOCK_VALUES) {
            int n = Math.min(BLOCK_VALUES, count - start);
            long minDelta = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                long delta = values[start + i] - values[start + i - 1];
                deltas[i] = delta;
                minDelta = Math.min(minDelta, delta);
            }
            out.writeUnsignedVarLong(zigzag(minDelta));
            int widthsAt = out.size();
            for (int m = 0; m < MINIBLOCKS; m++) {
                out.writeByte(0);
            }
            for (int m = 0; m * MINIBLOCK_VALUES < n; m++) {
                int from = m * MINIBLOCK_VALUES;
                int to = Math.min(n, from + MINIBLOCK_VALUES);
                long bits = 0;
                for (int i = from; i < to; i++) {
                    deltas[i] -= minDelta;
                    bits |= deltas[i];
                }
                int width = 64 - Long.numberOfLeadingZeros(bits);
                out.setByte(widthsAt + m, width);
                pack(deltas, from, to, from + MINIBLOCK_VALUES, width, out);
            }
        }
    }

    /**
     * Bit-packs {@code values[from, to)} at {@code width} bits each, least significant bit first, padded with zeros to
     * {@code [from, paddedTo)} (32 values, so that the miniblock ends on a byte).
     */
    private static void pack(long[] values, int from, int to, int paddedTo, int width, PageBuffer out) {
        if (width == 0) {
            return;
        }
        long word = 0;
        int used = 0;
        for (int i = from; i < paddedTo; i++) {
            long value = i < to ? values[i] : 0;
            word |= value << used;
            if (used + width >= 64) {
                out.writeLong(word);
                int spilled = used + width - 64;
                // the bits of value that did not fit (none when it ended exactly on the word)
                word = spilled == 0 ? 0 : value >>> (width - spilled);
                used = spilled;
            } else {
                used += width;
            }
        }
        for (int written = 0; written < used; written += 8) {
            out.writeByte((int) (word >>> written));
        }
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }
}
