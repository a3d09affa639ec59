package io.retrocut.ingest;

/** Unsigned LEB128 varints in byte arrays, as the spill and the message partitions store numbers. */
final class Varints {
    private Varints() {
    }

    /** Writes {@code value} at {@code at}; returns the position after it. */
    static int put(byte[] bytes, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[at++] = (byte) value;
        return at;
    }

    /** The position after the varint at {@code at}. */
    static int skip(byte[] bytes, int at) {
        while (bytes[at++] < 0) {
            // continuation bytes
        }
        return at;
    }

    /** The varint at {@code cursor[0]}, moving the cursor past it. */
    static long get(byte[] bytes, long[] cursor) {
        int at = (int) cursor[0];
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
            shift += 7;
        }
        cursor[0] = at;
        return value;
    }
}
