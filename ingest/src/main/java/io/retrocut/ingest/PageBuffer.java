package io.retrocut.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;

/**
 * The bytes of one Parquet page (or dictionary page) as they are encoded: a growable array written little-endian, as
 * Parquet's PLAIN encoding and level lengths are. Reused page after page; the page writer copies what it is given.
 * Not thread-safe.
 */
final class PageBuffer {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes = new byte[1 << 12];
    private int size;

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    /** Overwrites the byte at {@code at} (a bit width written before the values it describes were packed). */
    void setByte(int at, int value) {
        bytes[at] = (byte) value;
    }

    void writeInt(int value) {
        ensure(4);
        INT.set(bytes, size, value);
        size += 4;
    }

    /** Overwrites the 4 bytes at {@code at} (a length written before what it measures was known). */
    void setInt(int at, int value) {
        INT.set(bytes, at, value);
    }

    /** The little-endian int at {@code at} of {@code bytes}. */
    static int readInt(byte[] bytes, int at) {
        return (int) INT.get(bytes, at);
    }

    void writeLong(long value) {
        ensure(8);
        LONG.set(bytes, size, value);
        size += 8;
    }

    void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** An unsigned LEB128 varint, as the headers of the RLE/bit-packing hybrid. */
    void writeUnsignedVarInt(int value) {
        ensure(5);
        while ((value & ~0x7F) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    /** An unsigned LEB128 varint of a long, as the headers of {@code DELTA_BINARY_PACKED}. */
    void writeUnsignedVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    /** Makes room for {@code more} bytes; returns the array to write them into at {@link #size}. */
    byte[] ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
        return bytes;
    }

    /** Marks {@code count} bytes written directly into the array {@link #ensure} returned. */
    void advance(int count) {
        size += count;
    }

    /** The bytes written so far, without a copy: valid until this buffer is written to again. */
    BytesInput bytes() {
        return BytesInput.from(bytes, 0, size);
    }
}
