package io.retrocut.ingest;

/**
 * Encodes non-negative ints in Parquet's RLE/bit-packing hybrid (the encoding of levels and of dictionary ids): a run
 * of at least 8 equal values becomes one RLE run, everything between runs is bit-packed in groups of 8, least
 * significant bit first. Stateless.
 */
final class HybridEncoder {
    /** Equal values needed for an RLE run; shorter repeats are cheaper bit-packed with their neighbours. */
    private static final int MIN_RUN = 8;

    private HybridEncoder() {
    }

    /** The bits needed for values up to {@code max} (0 for 0). */
    static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    /**
     * The values of a dictionary-encoded page: the bit width of the largest of the first {@code count} ids in one
     * byte, then the ids in the hybrid encoding.
     */
    static void encodeIds(int[] ids, int count, PageBuffer out) {
        int max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, ids[i]);
        }
        int bitWidth = bitWidth(max);
        out.writeByte(bitWidth);
        encode(ids, count, bitWidth, out);
    }

    /** Appends {@code values[0, count)}, each below {@code 1 << bitWidth}, to {@code out} (no length prefix). */
    static void encode(int[] values, int count, int bitWidth, PageBuffer out) {
        int pending = 0; // values[pending, i) wait to be bit-packed
        int i = 0;
        while (i < count) {
            int value = values[i];
            int end = i + 1;
            while (end < count && values[end] == value) {
                end++;
            }
            if (end - i >= MIN_RUN) {
                // a bit-packed run holds whole groups of 8: the run lends it the values that complete its last group
                int lend = (8 - ((i - pending) & 7)) & 7;
                if (end - i - lend >= MIN_RUN) {
                    if (i + lend > pending) {
                        bitPacked(values, pending, i + lend - pending, bitWidth, out);
                    }
                    rle(value, end - i - lend, bitWidth, out);
                    pending = end;
                }
            }
            i = end;
        }
        if (pending < count) {
            if (allEqual(values, pending, count)) {
                rle(values[pending], count - pending, bitWidth, out);
            } else {
                bitPacked(values, pending, count - pending, bitWidth, out);
            }
        }
    }

    private static boolean allEqual(int[] values, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (values[i] != values[from]) {
                return false;
            }
        }
        return true;
    }

    private static void rle(int value, int count, int bitWidth, PageBuffer out) {
        out.writeUnsignedVarInt(count << 1);
        for (int shift = 0; shift < bitWidth; shift += 8) {
            out.writeByte(value >>> shift);
        }
    }

    /** {@code count} values from {@code from}, padded with zeros to a multiple of 8. */
    private static void bitPacked(int[] values, int from, int count, int bitWidth, PageBuffer out) {
        int groups = (count + 7) >>> 3;
        out.writeUnsignedVarInt(groups << 1 | 1);
        int length = groups * bitWidth;
        byte[] bytes = out.ensure(length);
        int at = out.size();
        long buffer = 0;
        int bits = 0;
        for (int i = from, end = from + count; i < end; i++) {
            buffer |= (values[i] & 0xFFFFFFFFL) << bits;
            bits += bitWidth;
            while (bits >= 8) {
                bytes[at++] = (byte) buffer;
                buffer >>>= 8;
                bits -= 8;
            }
        }
        int written = at - out.size();
        if (bits > 0) {
            bytes[at++] = (byte) buffer;
            written++;
        }
        // the padding values are zeros
        for (; written < length; written++) {
            bytes[at++] = 0;
        }
        out.advance(length);
    }
}
