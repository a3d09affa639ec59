package io.retrocut.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ArrayDataOutput} writes the very bytes {@link DataOutputStream} writes, growing as needed. */
class ArrayDataOutputTest {
    @Test
    void writesWhatDataOutputStreamWrites() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            writeEveryType(out);
        }
        ArrayDataOutput out = new ArrayDataOutput(1);
        writeEveryType(out);

        assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(Arrays.copyOf(out.array(), out.size())).isEqualTo(expected.toByteArray());
    }

    @Test
    void resetStartsOverInTheSameArray() throws IOException {
        ArrayDataOutput out = new ArrayDataOutput(64);
        out.writeLong(-1);
        byte[] array = out.array();
        out.reset();
        out.writeInt(7);

        assertThat(out.size()).isEqualTo(4);
        assertThat(out.array()).isSameAs(array);
        assertThat(out.toByteArray()).containsExactly(0, 0, 0, 7);
    }

    @Test
    void writesATextsUtf8LengthPlusABiasThenItsBytesAsciiOrNot() throws IOException {
        ArrayDataOutput out = new ArrayDataOutput(1);
        for (String text : new String[] {"", "raft-10", "/tmp/logs/n3.jsonl", "é", "n2 ✓ ok", "\u0000\u007f\u0080", "\uD83D\uDE00x"}) {
            out.reset();
            out.writeLong(-1);
            out.writeUtf8WithLength(text, 1);
            out.writeByte(9);

            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(expected)) {
                data.writeLong(-1);
                data.writeInt(utf8.length + 1);
                data.write(utf8);
                data.writeByte(9);
            }
            assertThat(out.toByteArray()).as(text).isEqualTo(expected.toByteArray());
        }
    }

    private static void writeEveryType(DataOutput out) throws IOException {
        for (int round = 0; round < 50; round++) {
            out.writeBoolean(round % 2 == 0);
            out.writeByte(-round);
            out.writeShort(-12_345 * round);
            out.writeChar('✓' + round);
            out.writeInt(Integer.MIN_VALUE + round);
            out.writeLong(-1_763_800_000_000L * round);
            out.writeFloat(-0.0f / (round + 1));
            out.writeDouble(round == 0 ? Double.NaN : 1.0 / round);
            out.writeUTF("n2 ✓ \u0000" + round);
            out.writeBytes("ab" + round);
            out.writeChars("é" + round);
            out.write(new byte[] {1, 2, 3, (byte) round}, 1, 3);
            out.write(round);
        }
    }
}
