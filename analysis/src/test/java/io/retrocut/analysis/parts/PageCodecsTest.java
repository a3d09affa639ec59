package io.retrocut.analysis.parts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** {@link PageCodecs}' Snappy pages; the part readers' tests read whole Snappy parts (v1 and v2 pages) through it. */
class PageCodecsTest {
    private final BytesInputDecompressor snappy = new PageCodecs(new Configuration(false)).getDecompressor(CompressionCodecName.SNAPPY);

    @Test
    void decompressesAPageFromTheMiddleOfTheChunksBytes() throws IOException {
        byte[] page = "raft,n1,LEADER,term=7;".repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = Snappy.compress(page);
        byte[] chunk = new byte[compressed.length + 20];
        System.arraycopy(compressed, 0, chunk, 13, compressed.length);
        BytesInput slice = BytesInput.from(ByteBuffer.wrap(chunk, 13, compressed.length).slice());

        assertArrayEquals(page, snappy.decompress(slice, page.length).toByteArray());
    }

    @Test
    void anEmptyPageIsEmpty() throws IOException {
        assertEquals(0, snappy.decompress(BytesInput.empty(), 0).size());
    }

    @Test
    void aPageWhoseHeaderDisagreesWithItsDataIsCorrupt() throws IOException {
        byte[] compressed = Snappy.compress(new byte[100]);

        IOException e = assertThrows(IOException.class, () -> snappy.decompress(BytesInput.from(compressed), 120));
        assertEquals("corrupt page: Snappy data of 100 bytes where the page header says 120", e.getMessage());
    }
}
