package io.retrocut.analysis.parts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.junit.jupiter.api.Test;

/** {@link ChunkDecoder#deltaBinaryPacked} on what parquet-mr's writers encode, block layouts other than the ingest's included. */
class ChunkDecoderTest {
    private static final Random RANDOM = new Random(17);

    @Test
    void decodesParquetMrsLongDeltas() throws IOException {
        long[][] pages = {
            {42},
            {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, 1, Long.MAX_VALUE},
            rising(20_000),
            randomLongs(1000),
            new long[300],
        };
        int[][] layouts = {{128, 4}, {256, 8}, {128, 1}};
        for (long[] values : pages) {
            for (int[] layout : layouts) {
                DeltaBinaryPackingValuesWriterForLong writer = new DeltaBinaryPackingValuesWriterForLong(layout[0], layout[1], 64, 1 << 20,
                        new HeapByteBufferAllocator());
                for (long value : values) {
                    writer.writeLong(value);
                }
                byte[] bytes = writer.getBytes().toByteArray();
                // decoded after other values, into an array too short for them all
                long[] into = ChunkDecoder.deltaBinaryPacked(bytes, 0, bytes.length, values.length, new long[3], 3, ChunkDecoderTest::corrupt);
                assertArrayEquals(values, Arrays.copyOfRange(into, 3, 3 + values.length), Arrays.toString(layout));
                // fewer values than the page holds (the others are not read)
                int some = Math.max(1, values.length / 2);
                into = ChunkDecoder.deltaBinaryPacked(bytes, 0, bytes.length, some, new long[some], 0, ChunkDecoderTest::corrupt);
                assertArrayEquals(Arrays.copyOf(values, some), Arrays.copyOf(into, some));
            }
        }
    }

    @Test
    void decodesParquetMrsIntDeltasThatWrap() throws IOException {
        int[] values = {Integer.MAX_VALUE, Integer.MIN_VALUE, 7, -9, Integer.MIN_VALUE, Integer.MAX_VALUE, 0};
        DeltaBinaryPackingValuesWriterForInteger writer = new DeltaBinaryPackingValuesWriterForInteger(64, 1 << 20,
                new HeapByteBufferAllocator());
        for (int value : values) {
            writer.writeInteger(value);
        }
        byte[] bytes = writer.getBytes().toByteArray();
        long[] into = ChunkDecoder.deltaBinaryPacked(bytes, 0, bytes.length, values.length, new long[0], 0, ChunkDecoderTest::corrupt);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], (int) into[i], "value " + i);
        }
    }

    @Test
    void aTruncatedPageIsCorruptNotAnIndexError() throws IOException {
        long[] values = randomLongs(300);
        DeltaBinaryPackingValuesWriterForLong writer = new DeltaBinaryPackingValuesWriterForLong(64, 1 << 20, new HeapByteBufferAllocator());
        for (long value : values) {
            writer.writeLong(value);
        }
        byte[] bytes = writer.getBytes().toByteArray();
        IllegalStateException cut = assertThrows(IllegalStateException.class,
                () -> ChunkDecoder.deltaBinaryPacked(bytes, 0, bytes.length / 2, values.length, new long[300], 0, ChunkDecoderTest::corrupt));
        assertEquals("corrupt: a DELTA_BINARY_PACKED page ends in the middle of its values", cut.getMessage());
        IllegalStateException header = assertThrows(IllegalStateException.class,
                () -> ChunkDecoder.deltaBinaryPacked(bytes, 0, 2, values.length, new long[300], 0, ChunkDecoderTest::corrupt));
        assertEquals("corrupt: a DELTA_BINARY_PACKED page ends in its header", header.getMessage());
        IllegalStateException more = assertThrows(IllegalStateException.class,
                () -> ChunkDecoder.deltaBinaryPacked(bytes, 0, bytes.length, 301, new long[301], 0, ChunkDecoderTest::corrupt));
        assertEquals("corrupt: a DELTA_BINARY_PACKED page of 300 values where 301 are defined", more.getMessage());
    }

    private static IllegalStateException corrupt(String what) {
        return new IllegalStateException("corrupt: " + what);
    }

    private static long[] rising(int count) {
        long[] values = new long[count];
        long value = 1_763_800_000_000L;
        for (int i = 0; i < count; i++) {
            value += RANDOM.nextInt(4);
            values[i] = value;
        }
        return values;
    }

    private static long[] randomLongs(int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = RANDOM.nextLong() >> RANDOM.nextInt(64);
        }
        return values;
    }
}
