package io.retrocut.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class SnappyPagesTest {

    @Test
    void compressesEachPageToRawSnappyInAnArrayReusedForTheNext() throws IOException {
        SnappyPages pages = new SnappyPages();
        Random random = new Random(3);
        for (int size : new int[] {0, 1, 100, 70_000, 300_000, 5}) {
            byte[] page = new byte[size];
            for (int i = 0; i < size; i++) {
                // compressible, but not trivially: runs of a few values
                page[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : i / 16);
            }
            // a page as the column writers hand it over: levels and values concatenated
            int split = size / 3;
            BytesInput input = BytesInput.concat(BytesInput.from(page, 0, split), BytesInput.from(page, split, size - split));

            byte[] compressed = pages.compress(input).toByteArray();

            assertThat(compressed).isEqualTo(Snappy.compress(page));
            assertThat(Snappy.uncompress(compressed)).isEqualTo(page);
        }
        assertThat(pages.getCodecName()).isEqualTo(CompressionCodecName.SNAPPY);
    }
}
