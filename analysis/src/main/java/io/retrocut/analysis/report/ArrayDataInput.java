package io.retrocut.analysis.report;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads what a {@link java.io.DataOutputStream} wrote, from a byte array. {@code DataInputStream} over a
 * {@code ByteArrayInputStream} reads an int as four synchronized single-byte reads; decoding the intervals of a check
 * with many violations (the report's last phase) spent a third of its time there. Not thread-safe.
 */
public final class ArrayDataInput implements DataInput {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int position;

    public ArrayDataInput(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return bytes.length - position;
    }

    private int take(int count) throws EOFException {
        int at = position;
        if (count > bytes.length - at) {
            throw new EOFException("needs " + count + " bytes at " + at + " of " + bytes.length);
        }
        position = at + count;
        return at;
    }

    @Override
    public void readFully(byte[] into) throws IOException {
        readFully(into, 0, into.length);
    }

    @Override
    public void readFully(byte[] into, int offset, int length) throws IOException {
        System.arraycopy(bytes, take(length), into, offset, length);
    }

    @Override
    public int skipBytes(int count) {
        int skipped = Math.max(0, Math.min(count, bytes.length - position));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return bytes[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return bytes[take(1)] & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        return (short) SHORT.get(bytes, take(2));
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xffff;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        return (int) INT.get(bytes, take(4));
    }

    @Override
    public long readLong() throws IOException {
        return (long) LONG.get(bytes, take(8));
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** @throws UnsupportedOperationException always: {@code DataOutputStream} writes no lines */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
