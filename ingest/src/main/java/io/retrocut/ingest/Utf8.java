package io.retrocut.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF), as the JSON RFC requires. */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /**
     * The offset of the first byte that starts an invalid sequence, or -1 when all of {@code bytes[0, length)} is
     * valid.
     */
    static int firstInvalid(byte[] bytes, int length) {
        return firstInvalid(bytes, 0, length);
    }

    /**
     * The offset (from {@code from}) of the first byte that starts an invalid sequence, or -1 when all of
     * {@code bytes[from, from + length)} is valid.
     */
    static int firstInvalid(byte[] bytes, int from, int length) {
        int end = from + length;
        int i = from;
        // ASCII, the usual case: 32 bytes at a time (one test per four words), then eight
        while (i + 4 * Long.BYTES <= end && (((long) LONGS.get(bytes, i) | (long) LONGS.get(bytes, i + 8)
                | (long) LONGS.get(bytes, i + 16) | (long) LONGS.get(bytes, i + 24)) & HIGH_BITS) == 0) {
            i += 4 * Long.BYTES;
        }
        while (i + Long.BYTES <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int needed;
            int minimum;
            int codePoint;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                minimum = 0x80;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                minimum = 0x800;
                codePoint = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                minimum = 0x10000;
                codePoint = b & 0x07;
            } else {
                return i - from;
            }
            if (i + needed >= end) {
                return i - from;
            }
            for (int k = 1; k <= needed; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return i - from;
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return i - from;
            }
            i += needed + 1;
        }
        return -1;
    }
}
