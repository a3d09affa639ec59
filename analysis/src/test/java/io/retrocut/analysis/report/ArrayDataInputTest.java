package io.retrocut.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link ArrayDataInput} reads back exactly what {@link DataOutputStream} wrote, and ends like a stream does. */
class ArrayDataInputTest {
    @Test
    void readsEveryTypeDataOutputStreamWrites() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.writeByte(-7);
            out.writeByte(200);
            out.writeShort(-12_345);
            out.writeShort(54_321);
            out.writeChar('✓');
            out.writeInt(Integer.MIN_VALUE);
            out.writeInt(-2);
            out.writeLong(Long.MAX_VALUE);
            out.writeLong(-1_763_800_000_000L);
            out.writeFloat(-0.0f);
            out.writeDouble(Double.NaN);
            out.writeDouble(1e-300);
            out.writeUTF("n2 ✓ \u0000");
            out.write(new byte[] {1, 2, 3, 4, 5});
        }
        ArrayDataInput in = new ArrayDataInput(bytes.toByteArray());

        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readBoolean()).isFalse();
        assertThat(in.readByte()).isEqualTo((byte) -7);
        assertThat(in.readUnsignedByte()).isEqualTo(200);
        assertThat(in.readShort()).isEqualTo((short) -12_345);
        assertThat(in.readUnsignedShort()).isEqualTo(54_321);
        assertThat(in.readChar()).isEqualTo('✓');
        assertThat(in.readInt()).isEqualTo(Integer.MIN_VALUE);
        assertThat(in.readInt()).isEqualTo(-2);
        assertThat(in.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(in.readLong()).isEqualTo(-1_763_800_000_000L);
        assertThat(Float.floatToRawIntBits(in.readFloat())).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(in.readDouble()).isNaN();
        assertThat(in.readDouble()).isEqualTo(1e-300);
        assertThat(in.readUTF()).isEqualTo("n2 ✓ \u0000");
        byte[] two = new byte[2];
        in.readFully(two);
        assertThat(two).containsExactly(1, 2);
        assertThat(in.skipBytes(10)).isEqualTo(3);
        assertThat(in.skipBytes(1)).isZero();
    }

    @Test
    void readingPastTheEndIsAnEofAndConsumesNothing() throws IOException {
        ArrayDataInput in = new ArrayDataInput(new byte[] {0, 0, 0, 9, 1, 2});

        assertThat(in.readInt()).isEqualTo(9);
        assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class).hasMessage("needs 4 bytes at 4 of 6");
        assertThat(in.readShort()).isEqualTo((short) 0x0102);
        assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
    }
}
