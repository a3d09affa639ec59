package io.retrocut.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet file's footer the same for the same data. parquet-mr lists each column chunk's encodings in the
 * order of a {@code HashSet} of enum constants, which follows their identity hash codes and so changes from one JVM
 * to the next: two ingests of the same input differed in a few bytes of every footer. The lists are sorted here, in
 * place (the same values in another order take the same bytes), so that the same input gives the same files.
 */
final class StableFooter {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private StableFooter() {
    }

    /** Sorts the encodings of every column chunk in the footer of the Parquet file at {@code path}. */
    static void sortEncodings(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer tail = read(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            tail.position(4);
            tail.get(magic);
            int length = tail.getInt(0);
            if (!Arrays.equals(magic, MAGIC) || length <= 0 || length > size - 12) {
                throw new IOException(path + " does not end in a Parquet footer");
            }
            long start = size - 8 - length;
            byte[] footer = read(channel, start, length).array();
            FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
            boolean changed = false;
            for (RowGroup group : metadata.getRow_groups()) {
                for (ColumnChunk chunk : group.getColumns()) {
                    List<Encoding> encodings = chunk.getMeta_data().getEncodings();
                    List<Encoding> sorted = new ArrayList<>(encodings);
                    sorted.sort(Comparator.comparingInt(Encoding::getValue));
                    if (!sorted.equals(encodings)) {
                        chunk.getMeta_data().setEncodings(sorted);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                return;
            }
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream(length);
            Util.writeFileMetaData(metadata, rewritten);
            if (rewritten.size() != length) {
                // not expected (the same fields in another order), but the footer as written is valid: keep it
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(rewritten.toByteArray());
            while (bytes.hasRemaining()) {
                channel.write(bytes, start + bytes.position());
            }
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("unexpected end of a Parquet file at " + (position + buffer.position()));
            }
        }
        buffer.flip();
        return buffer;
    }
}
