package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.junit.jupiter.api.Test;

/** {@link DeltaLongColumn#encodeDeltas} decoded by parquet-mr's reader, and the exact bytes of a small page. */
class DeltaLongColumnTest {
    @Test
    void parquetMrDecodesWhatItEncodes() throws IOException {
        Random random = new Random(3);
        long[][] pages = {
            {42},
            {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, 1, Long.MAX_VALUE},
            rising(random, 20_000, 1_763_800_000_000L, 3),
            // each key's run rises, then the next key's run starts back in the past
            keyRuns(random, 20_000),
            randomLongs(random, 257),
            randomLongs(random, 129),
            randomLongs(random, 128),
            new long[300],
        };
        for (long[] values : pages) {
            for (int count : new int[] {values.length, Math.max(1, values.length - 1), Math.min(values.length, 33)}) {
                PageBuffer buffer = new PageBuffer();
                DeltaLongColumn.encodeDeltas(values, count, buffer);
                DeltaBinaryPackingValuesReader reader = new DeltaBinaryPackingValuesReader();
                reader.initFromPage(count, ByteBufferInputStream.wrap(ByteBuffer.wrap(buffer.bytes().toByteArray())));
                for (int i = 0; i < count; i++) {
                    assertThat(reader.readLong()).as("value %s of %s", i, count).isEqualTo(values[i]);
                }
            }
        }
    }

    @Test
    void slowlyRisingValuesTakeAboutTheirDeltasBits() {
        long[] values = rising(new Random(5), 20_000, 1_763_800_000_000L, 3);
        PageBuffer buffer = new PageBuffer();
        DeltaLongColumn.encodeDeltas(values, values.length, buffer);
        // deltas 0..3 pack into 2 bits, against 8 bytes a value PLAIN: a block's header adds ~6 bytes per 128 values
        assertThat(buffer.size()).isLessThan(values.length / 3);
    }

    @Test
    void aSmallPageByteForByte() throws IOException {
        PageBuffer buffer = new PageBuffer();
        DeltaLongColumn.encodeDeltas(new long[] {7, 5, 6, 9}, 4, buffer);
        // header: 128 values a block, 4 miniblocks, 4 values, first 7 (zigzag 14); block: min delta -2 (zigzag 3),
        // widths 3,0,0,0, deltas less -2 (0, 3, 5) at 3 bits padded to 32 values (12 bytes)
        assertThat(buffer.bytes().toByteArray()).containsExactly(
                0x80, 0x01, 0x04, 0x04, 0x0E,
                0x03, 0x03, 0x00, 0x00, 0x00,
                0x58, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static long[] rising(Random random, int count, long start, int maxStep) {
        long[] values = new long[count];
        long value = start;
        for (int i = 0; i < count; i++) {
            value += random.nextInt(maxStep + 1);
            values[i] = value;
        }
        return values;
    }

    private static long[] keyRuns(Random random, int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; ) {
            long value = 1_763_800_000_000L + random.nextInt(1_000_000);
            for (int run = 1 + random.nextInt(600); run > 0 && i < count; run--) {
                value += random.nextInt(50);
                values[i++] = value;
            }
        }
        return values;
    }

    private static long[] randomLongs(Random random, int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextLong();
        }
        return values;
    }
}
