package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HybridEncoder} decoded by parquet-mr's decoder, and the exact bytes of the runs it chooses. */
class HybridEncoderTest {
    @ParameterizedTest(name = "bit width {0}")
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 13, 16, 21, 31, 32})
    void parquetMrDecodesWhatItEncodes(int bitWidth) throws IOException {
        Random random = new Random(bitWidth);
        for (int round = 0; round < 50; round++) {
            int count = random.nextInt(3000);
            int[] values = new int[count];
            int i = 0;
            while (i < count) {
                // runs of every length around the RLE threshold, between random stretches
                int value = (int) (random.nextLong() & ((1L << bitWidth) - 1));
                int run = random.nextInt(3) == 0 ? 1 + random.nextInt(20) : 1;
                for (int k = 0; k < run && i < count; k++) {
                    values[i++] = value;
                }
            }
            PageBuffer buffer = new PageBuffer();
            HybridEncoder.encode(values, count, bitWidth, buffer);
            RunLengthBitPackingHybridDecoder decoder = new RunLengthBitPackingHybridDecoder(bitWidth,
                    ByteBufferInputStream.wrap(ByteBuffer.wrap(buffer.bytes().toByteArray())));
            for (int k = 0; k < count; k++) {
                assertThat(decoder.readInt()).as("value %s of %s", k, count).isEqualTo(values[k]);
            }
        }
    }

    @Test
    void runsOfEightOrMoreAreRleAndTheRestBitPackedInWholeGroups() throws IOException {
        int[] values = {1, 2, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 1};
        PageBuffer buffer = new PageBuffer();
        HybridEncoder.encode(values, values.length, 3, buffer);
        // 1, 2, 3 and five of the 5s complete one bit-packed group, the other ten 5s are a run, 0 and 1 a padded group
        assertThat(buffer.bytes().toByteArray()).containsExactly(
                0x03, 0xD1, 0xDA, 0xB6,
                0x14, 0x05,
                0x03, 0x08, 0x00, 0x00);
    }

    @Test
    void aSingleValueWithBitWidthZeroIsOneRun() throws IOException {
        PageBuffer buffer = new PageBuffer();
        HybridEncoder.encode(new int[5], 5, 0, buffer);
        assertThat(buffer.bytes().toByteArray()).containsExactly(0x0A);
    }
}
