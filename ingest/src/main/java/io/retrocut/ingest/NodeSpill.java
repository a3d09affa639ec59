package io.retrocut.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link Spill} of pass 1 as one file of per-node blocks, so that the causal merge can stream each node's events
 * in log order without holding them. Each node's events go through its own small {@link Spill.Writer} buffer; a full
 * buffer is appended to the shared file as one block and its (offset, length) is remembered in the node's block
 * list. Reading a node concatenates its blocks, so events may straddle blocks.
 *
 * <p>Memory: one write buffer and one read buffer of {@value #BLOCK_BYTES} bytes per node, plus 12 bytes per block
 * (a block holds about {@value #BLOCK_BYTES} bytes of events). Not thread-safe.
 */
final class NodeSpill implements AutoCloseable {
    static final int BLOCK_BYTES = 16 << 10;

    private static final class Blocks {
        long[] offsets = new long[8];
        int[] lengths = new int[8];
        int count;

        void add(long offset, int length) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            offsets[count] = offset;
            lengths[count] = length;
            count++;
        }
    }

    private final FileChannel channel;
    private final List<Blocks> blocks = new ArrayList<>();
    private final List<Spill.Writer> writers = new ArrayList<>();
    private long end;
    private boolean finished;

    NodeSpill(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** Appends an event of node {@code node} (a dense id: 0, 1, 2, … in order of first appearance). */
    void write(int node, EventRecord event, long tsMicros, VectorClock clock) throws IOException {
        if (finished) {
            throw new IllegalStateException("the spill is already finished");
        }
        while (writers.size() <= node) {
            Blocks nodeBlocks = new Blocks();
            blocks.add(nodeBlocks);
            writers.add(new Spill.Writer(new BlockSink(nodeBlocks), BLOCK_BYTES));
        }
        writers.get(node).write(event, tsMicros, clock);
    }

    /** Flushes every node's last block and releases the write buffers; only reading is possible afterwards. */
    void finish() throws IOException {
        finished = true;
        for (Spill.Writer writer : writers) {
            writer.close();
        }
        writers.clear();
    }

    int nodes() {
        return blocks.size();
    }

    /** The bytes written so far, all nodes'. */
    long bytes() {
        return end;
    }

    /** A reader of node {@code node}'s events in the order they were written. */
    Spill.Reader reader(int node) {
        if (!finished) {
            throw new IllegalStateException("the spill is still being written");
        }
        return new Spill.Reader(new BlockSource(blocks.get(node)), BLOCK_BYTES);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private final class BlockSink extends OutputStream {
        private final Blocks nodeBlocks;

        BlockSink(Blocks nodeBlocks) {
            this.nodeBlocks = nodeBlocks;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            long start = end;
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
            nodeBlocks.add(start, length);
        }

        @Override
        public void close() {
            // the channel is shared by every node; NodeSpill closes it
        }
    }

    private final class BlockSource extends InputStream {
        private final Blocks nodeBlocks;
        private int block;
        private int done;

        BlockSource(Blocks nodeBlocks) {
            this.nodeBlocks = nodeBlocks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (block < nodeBlocks.count && done == nodeBlocks.lengths[block]) {
                block++;
                done = 0;
            }
            if (block == nodeBlocks.count) {
                return -1;
            }
            int take = Math.min(length, nodeBlocks.lengths[block] - done);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, take);
            long position = nodeBlocks.offsets[block] + done;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position() - offset);
                if (read < 0) {
                    throw new IOException("spill ends early at byte " + (position + buffer.position() - offset));
                }
            }
            done += take;
            return take;
        }
    }
}
