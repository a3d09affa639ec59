package io.retrocut.analysis.report;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes what a {@link java.io.DataOutputStream} writes, into a growing byte array. {@code DataOutputStream} over a
 * {@code ByteArrayOutputStream} writes an int as four synchronized single-byte writes, and the binary forms of
 * intervals and witnesses are mostly ints. Read back with {@link ArrayDataInput}. Not thread-safe.
 */
public final class ArrayDataOutput extends OutputStream implements DataOutput {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int size;

    public ArrayDataOutput(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    /** The bytes written so far are {@code array()[0, size())}; the array is shared, not copied. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    /** Forgets what was written, keeping the array. */
    public void reset() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Makes room for {@code count} more bytes and returns where they go; read {@code bytes} only after calling it. */
    private int room(int count) {
        int at = size;
        if (count > bytes.length - at) {
            bytes = Arrays.copyOf(bytes, Math.max(at + count, 2 * bytes.length));
        }
        size = at + count;
        return at;
    }

    @Override
    public void write(int b) {
        int at = room(1);
        bytes[at] = (byte) b;
    }

    @Override
    public void write(byte[] from) {
        write(from, 0, from.length);
    }

    @Override
    public void write(byte[] from, int offset, int length) {
        int at = room(length);
        System.arraycopy(from, offset, bytes, at, length);
    }

    @Override
    public void writeBoolean(boolean value) {
        write(value ? 1 : 0);
    }

    @Override
    public void writeByte(int value) {
        write(value);
    }

    @Override
    public void writeShort(int value) {
        int at = room(2);
        SHORT.set(bytes, at, (short) value);
    }

    @Override
    public void writeChar(int value) {
        writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        int at = room(4);
        INT.set(bytes, at, value);
    }

    @Override
    public void writeLong(long value) {
        int at = room(8);
        LONG.set(bytes, at, value);
    }

    @Override
    public void writeFloat(float value) {
        writeInt(Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(double value) {
        writeLong(Double.doubleToLongBits(value));
    }

    /**
     * Writes the length of {@code text} in UTF-8 bytes plus {@code lengthBias}, as an int, then those bytes. An ASCII
     * text is copied char by char, without the array that {@link String#getBytes} would make.
     */
    public void writeUtf8WithLength(String text, int lengthBias) {
        int length = text.length();
        int at = room(4 + length);
        byte[] to = bytes;
        for (int i = 0; i < length; i++) {
            char ch = text.charAt(i);
            if (ch >= 0x80) {
                size = at;
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                writeInt(utf8.length + lengthBias);
                write(utf8, 0, utf8.length);
                return;
            }
            to[at + 4 + i] = (byte) ch;
        }
        INT.set(to, at, length + lengthBias);
    }

    @Override
    public void writeBytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            write(text.charAt(i));
        }
    }

    @Override
    public void writeChars(String text) {
        for (int i = 0; i < text.length(); i++) {
            writeChar(text.charAt(i));
        }
    }

    @Override
    public void writeUTF(String text) throws IOException {
        new DataOutputStream(this).writeUTF(text);
    }
}
