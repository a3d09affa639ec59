package io.retrocut.analysis.parts;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopCodecs;
import org.xerial.snappy.Snappy;

/**
 * The page decompression of the part readers. Snappy pages (what {@code retrocut ingest} writes) are decompressed in one
 * call from the bytes of the column chunk as read into an array of the page's size. parquet-mr's own path goes through a
 * Hadoop decompressor stream, which allocates a buffer of {@code io.file.buffer.size} (64 KB under Spark) for every
 * page, and copies each page into and out of direct buffers: in a 10M-event check those buffers were a third of the
 * executors' allocations. Every other codec, and compression, is parquet-mr's.
 */
final class PageCodecs implements CompressionCodecFactory {
    private final CompressionCodecFactory parquet;
    private BytesInputDecompressor snappy;

    PageCodecs(Configuration configuration) {
        this.parquet = HadoopCodecs.newFactory(configuration, 0);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return parquet.getCompressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY) {
            return parquet.getDecompressor(codec);
        }
        if (snappy == null) {
            snappy = new SnappyPages(parquet.getDecompressor(codec));
        }
        return snappy;
    }

    @Override
    public void release() {
        parquet.release();
    }

    /** Snappy from and into heap arrays; between direct buffers (not used by the part readers), parquet-mr's. */
    private record SnappyPages(BytesInputDecompressor direct) implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (uncompressedSize == 0 && bytes.size() == 0) {
                // a v2 page's data where every value is null: nothing was compressed
                return BytesInput.empty();
            }
            ByteBuffer in = bytes.toByteBuffer();
            byte[] compressed;
            int offset;
            if (in.hasArray()) {
                compressed = in.array();
                offset = in.arrayOffset() + in.position();
            } else {
                compressed = new byte[in.remaining()];
                in.duplicate().get(compressed);
                offset = 0;
            }
            int length = in.remaining();
            // the page header's size and the stream's own must agree before anything is written into the page
            int size = Snappy.uncompressedLength(compressed, offset, length);
            if (size != uncompressedSize) {
                throw new IOException("corrupt page: Snappy data of " + size + " bytes where the page header says " + uncompressedSize);
            }
            byte[] page = new byte[uncompressedSize];
            Snappy.uncompress(compressed, offset, length, page, 0);
            return BytesInput.from(page);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
            direct.decompress(input, compressedSize, output, uncompressedSize);
        }

        @Override
        public void release() {
            direct.release();
        }
    }
}
