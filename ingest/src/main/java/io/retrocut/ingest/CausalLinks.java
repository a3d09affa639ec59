package io.retrocut.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What pass 1 learns about the links between events, for {@link HlcReconstruction}, in memory bounded by a budget
 * rather than by the number of message ids; and the node names that vector clocks use.
 *
 * <p><b>Pass 1</b> ({@link #record}) appends every send and receive of an ingested event (the id's bytes, the node,
 * and for a send its file and line) to one of {@value #PARTITIONS} partitions chosen by a hash of the id, and stores
 * the partition in the event's {@link EventRecord#sendIds} / {@link EventRecord#recvIds} (which the {@link Spill}
 * keeps). A partition's buffer is appended to the partition's file in the ingest's staging directory when it is
 * full (1 MB, less with a small budget) or when the buffers together pass the budget; small inputs never touch a
 * file.
 *
 * <p><b>Resolution</b> ({@link #resolve}) takes one partition at a time: it numbers the partition's distinct ids,
 * counts each message's sends and receives, and writes for every occurrence, grouped by node and in the node's log
 * order, what the merge needs: for a send the message's key and how many receives it has, for a receive the key and
 * whether any ingested event sends it. Where each message was sent is kept per partition (for the deadlock
 * warning). A partition's occurrences of one node are in log order because pass 1 appended them in read order; so
 * the merge ({@link #cursor}) reads a node's next result for an occurrence from that node's run of the occurrence's
 * partition, without looking the id up.
 *
 * <p><b>Duplicate sends</b> (SPEC §8) need the whole input: an id sent twice by ingested events (or twice by one
 * event) makes {@link #resolve} return the ids that more than one parsed event sends ({@link
 * #recordUnaccepted} adds the sends of events rejected before the check), and the ingest reads its input again,
 * checking those ids, and only those, against a map as it goes ({@link IngestRun}): the result is the same as a
 * check of every send in read order. Inputs without a repeated send id are read once.
 *
 * <p>Memory, independent of the input's size up to the resolution of one partition: in pass 1, a buffer per
 * partition of at most 1 MB (at most the budget / {@value #PARTITIONS}), all of them spilled when together they pass
 * the budget; while resolving, one partition at a time (its occurrences, about 20 bytes each, and a table of its
 * distinct ids, about 40 bytes each: 1/{@value #PARTITIONS} of the input's ids, some 250 MB for 100M raft events). An
 * input whose partitions never spilled keeps its results (4 to 8 bytes per occurrence) and send locations (12 bytes
 * per id) in memory; otherwise they are in two files and the merge reads them through one small buffer per node and
 * partition. The per-message state of the merge lives in {@link InFlightMessages}. Not thread-safe.
 */
final class CausalLinks implements AutoCloseable {
    static final int PARTITIONS = 64;
    /** Partitions resolved at once (each with its own table); more would hold more memory for little gain. */
    private static final int RESOLVING_THREADS = 2;
    private static final int PARTITION_BITS = 6;
    /** The default budget: an eighth of the heap, between 16 MB and 1 GB. */
    static final long DEFAULT_BUDGET = Math.max(16L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 8));

    private static final byte SEND = 0;
    private static final byte RECV = 1;
    /** A send of an event rejected before the duplicate check: counts only towards repeated ids. */
    private static final byte UNACCEPTED = 2;
    /** The first byte of an id that is not ASCII, followed by its UTF-16 chars (exact for any string). */
    private static final int NOT_ASCII = 0xFF;
    /** Eight bytes as one little-endian long, for {@link #hash}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path directory;
    private final long budget;

    // pass 1
    private final byte[][] buffers = new byte[PARTITIONS][];
    private final int[] lengths = new int[PARTITIONS];
    private final FileChannel[] spills = new FileChannel[PARTITIONS];
    private final long[] spilledBytes = new long[PARTITIONS];
    private long buffered;
    private int nodes;
    private byte[] scratch = new byte[64];

    // results
    private boolean resolved;
    private Partition[] partitions;
    private FileChannel resultFile;
    private FileChannel locationFile;
    private long resultEnd;
    private long locationEnd;
    /** Bytes of results and send locations kept in memory. */
    private long kept;
    private int readBufferInts;

    private final Map<String, Integer> clockNameIds = new HashMap<>();
    private final List<String> clockNames = new ArrayList<>();
    private final List<String> clockNamesFirstSeen = new ArrayList<>();

    /** The results of one partition: per node, a run of ints; per message, where it was sent. */
    private static final class Partition {
        /** Ints of node n's run: [nodeStarts[n], nodeStarts[n + 1]). */
        long[] nodeStarts;
        /** In memory, or null with the run in {@link #resultFile} from {@link #resultBase}. */
        int[] results;
        long resultBase;
        int[] sendFiles;
        long[] sendLines;
        long locationBase;
    }

    /**
     * @param directory where partitions and results beyond the budget are written (the ingest's staging directory)
     * @param budget bytes of occurrences and results held in memory
     */
    CausalLinks(Path directory, long budget) {
        this.directory = directory;
        this.budget = Math.max(1, budget);
    }

    /**
     * Records an ingested event's sends and receives as occurrences of node {@code node}, storing each id's
     * partition in {@code event.sendIds} and {@code event.recvIds}. Events of a node must come in its log order.
     */
    void record(EventRecord event, int node, int fileId, long line) {
        if (resolved) {
            throw new IllegalStateException("the links are already resolved");
        }
        event.ensureMessageIds();
        nodes = Math.max(nodes, node + 1);
        byte[] bytes = event.idBytes;
        if (bytes != null) {
            // the parser left the ids' bytes, already in this class's encoding, and their partitions
            for (int i = 0; i < event.send.size(); i++) {
                long span = event.sendSpans[i];
                append(SEND, node, bytes, (int) (span >>> 32), (int) span, event.sendIds[i], fileId, line);
            }
            for (int i = 0; i < event.recv.size(); i++) {
                long span = event.recvSpans[i];
                append(RECV, node, bytes, (int) (span >>> 32), (int) span, event.recvIds[i], 0, 0);
            }
            return;
        }
        List<String> sends = event.send;
        for (int i = 0; i < sends.size(); i++) {
            event.sendIds[i] = append(SEND, node, sends.get(i), fileId, line);
        }
        List<String> recvs = event.recv;
        for (int i = 0; i < recvs.size(); i++) {
            event.recvIds[i] = append(RECV, node, recvs.get(i), 0, 0);
        }
    }

    /**
     * Records the sends of an event rejected before its sends were checked, so that {@link #resolve} knows every
     * id that a later read of the input could find sent twice.
     */
    void recordUnaccepted(EventRecord event) {
        for (int i = 0; i < event.send.size(); i++) {
            append(UNACCEPTED, 0, event.sendId(i), 0, 0);
        }
    }

    private int append(byte kind, int node, String id, int fileId, long line) {
        int idLength = encode(id);
        int partition = partition(scratch, 0, idLength);
        append(kind, node, scratch, 0, idLength, partition, fileId, line);
        return partition;
    }

    /**
     * The partition of an id given in this class's encoding (see {@link #encode}; for an ASCII id, its bytes), which
     * {@link #record} expects in {@link EventRecord#sendIds} and {@link EventRecord#recvIds} with
     * {@link EventRecord#idBytes}.
     */
    static int partition(byte[] bytes, int start, int length) {
        return (int) (hash(bytes, start, length) >>> (64 - PARTITION_BITS));
    }

    /** Appends an occurrence of the encoded id {@code idBytes[idStart, idStart + idLength)} to its partition. */
    private void append(byte kind, int node, byte[] idBytes, int idStart, int idLength, int partition, int fileId,
            long line) {
        byte[] buffer = buffers[partition];
        int length = lengths[partition];
        int needed = 1 + 5 + 5 + idLength + 5 + 10;
        if (buffer == null || buffer.length - length < needed) {
            buffer = growBuffer(partition, needed);
            length = lengths[partition];
        }
        int at = length;
        buffer[at++] = kind;
        if (kind != UNACCEPTED) {
            at = Varints.put(buffer, at, node);
        }
        at = Varints.put(buffer, at, idLength);
        System.arraycopy(idBytes, idStart, buffer, at, idLength);
        at += idLength;
        if (kind == SEND) {
            at = Varints.put(buffer, at, fileId);
            at = Varints.put(buffer, at, line);
        }
        lengths[partition] = at;
        buffered += at - length;
        if (buffered > budget) {
            spillAll();
        }
    }

    private byte[] growBuffer(int partition, int needed) {
        byte[] buffer = buffers[partition];
        int length = lengths[partition];
        if (buffer != null && length > 0 && (long) buffer.length >= Math.min(budget / PARTITIONS, 1 << 20)) {
            // a full buffer of a fair size goes to its file instead of growing
            spill(partition);
            length = 0;
        }
        if (buffer == null || buffer.length - length < needed) {
            long capacity = Math.max(needed + (long) length, buffer == null ? 4096 : 2L * buffer.length);
            if (capacity > Integer.MAX_VALUE - 8) {
                spill(partition);
                capacity = Math.max(needed, 4096);
            }
            buffer = Arrays.copyOf(buffer == null ? new byte[0] : buffer, (int) capacity);
            buffers[partition] = buffer;
        }
        return buffer;
    }

    private void spillAll() {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            if (lengths[partition] > 0) {
                spill(partition);
            }
        }
    }

    private void spill(int partition) {
        try {
            if (spills[partition] == null) {
                spills[partition] = FileChannel.open(partitionPath(partition), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffers[partition], 0, lengths[partition]);
            while (bytes.hasRemaining()) {
                spillWrite(spills[partition], bytes, spilledBytes[partition] + bytes.position());
            }
            spilledBytes[partition] += lengths[partition];
            buffered -= lengths[partition];
            lengths[partition] = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partitionPath(partition) + ": " + IoErrors.describe(e), e);
        }
    }

    private static void spillWrite(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        channel.write(bytes, position);
    }

    private Path partitionPath(int partition) {
        return directory.resolve(String.format(".messages-%02d.spill", partition));
    }

    /** The id's bytes into {@link #scratch}: ASCII as is, anything else as {@link #NOT_ASCII} and UTF-16 chars. */
    private int encode(String id) {
        int length = id.length();
        if (scratch.length < 2 * length + 1) {
            scratch = new byte[Math.max(2 * length + 1, 2 * scratch.length)];
        }
        byte[] out = scratch;
        for (int i = 0; i < length; i++) {
            char ch = id.charAt(i);
            if (ch >= 0x80) {
                out[0] = (byte) NOT_ASCII;
                for (int k = 0; k < length; k++) {
                    char c = id.charAt(k);
                    out[1 + 2 * k] = (byte) (c >>> 8);
                    out[2 + 2 * k] = (byte) c;
                }
                return 1 + 2 * length;
            }
            out[i] = (byte) ch;
        }
        return length;
    }

    private static String decode(byte[] bytes, int start, int length) {
        if (length > 0 && (bytes[start] & 0xFF) == NOT_ASCII) {
            char[] chars = new char[(length - 1) / 2];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) (((bytes[start + 1 + 2 * k] & 0xFF) << 8) | (bytes[start + 2 + 2 * k] & 0xFF));
            }
            return new String(chars);
        }
        return new String(bytes, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The partition of an id encoded in {@code bytes[0, length)}. */
    static int partition(byte[] bytes, int length) {
        return partition(bytes, 0, length);
    }

    static long hash(byte[] bytes, int start, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(bytes, i);
            h = (h ^ word) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    /**
     * Resolves every partition (pass 1 is over). Returns null when no id is sent twice by ingested events; then
     * {@link #cursor} serves the merge. Otherwise returns the ids that more than one parsed event (or one event
     * twice) sends, in no particular order, and nothing else is resolved: the input must be read again with those ids
     * checked in read order.
     *
     * @param nodeCount the number of nodes (node ids of {@link #record} are below it)
     */
    Set<String> resolve(int nodeCount) {
        if (resolved) {
            throw new IllegalStateException("the links are already resolved");
        }
        resolved = true;
        if (nodes > nodeCount) {
            throw new IllegalStateException("occurrences of node " + (nodes - 1) + " but " + nodeCount + " nodes");
        }
        nodes = nodeCount;
        partitions = new Partition[PARTITIONS];
        Set<String> repeated = new LinkedHashSet<>();
        AtomicBoolean sentTwice = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        // partitions are independent: resolve two at a time where there are cores for it
        int threads = Math.max(1, Math.min(RESOLVING_THREADS, Runtime.getRuntime().availableProcessors()));
        List<Future<?>> tasks = new ArrayList<>();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "retrocut-message-ids");
            thread.setDaemon(true);
            return thread;
        }) : null;
        try {
            Callable<Void> worker = () -> {
                Resolver resolver = new Resolver();
                for (int partition = next.getAndIncrement(); partition < PARTITIONS;
                        partition = next.getAndIncrement()) {
                    byte[] data = load(partition);
                    int length = (int) (spilledBytes[partition] + lengths[partition]);
                    buffers[partition] = null;
                    Set<String> found = new LinkedHashSet<>();
                    if (resolver.count(data, length, found)) {
                        sentTwice.set(true);
                    }
                    synchronized (repeated) {
                        repeated.addAll(found);
                    }
                    if (!sentTwice.get()) {
                        Partition resolved = resolver.results(nodeCount);
                        keepOrStore(resolved);
                        partitions[partition] = resolved;
                    }
                }
                return null;
            };
            for (int i = 1; i < threads; i++) {
                tasks.add(pool.submit(worker));
            }
            worker.call();
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("cannot resolve message ids in " + directory + ": "
                        + IoErrors.describe(io), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("resolving message ids failed", cause);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve message ids in " + directory + ": " + IoErrors.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving message ids", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            Arrays.fill(buffers, null);
            closeSpills();
        }
        if (sentTwice.get()) {
            partitions = null;
            return repeated;
        }
        long runs = 0;
        for (Partition partition : partitions) {
            for (int node = 0; node < nodeCount; node++) {
                if (partition.nodeStarts[node + 1] > partition.nodeStarts[node]) {
                    runs++;
                }
            }
        }
        readBufferInts = (int) Math.max(256, Math.min(16_384, budget / 4 / Math.max(1, runs)));
        return null;
    }

    private byte[] load(int partition) throws IOException {
        long total = spilledBytes[partition] + lengths[partition];
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("message-id partition " + partition + " holds " + total
                    + " bytes, more than an array holds; the input has too many message ids for " + PARTITIONS
                    + " partitions");
        }
        if (spills[partition] == null) {
            return buffers[partition] == null ? new byte[0] : buffers[partition];
        }
        byte[] data = new byte[(int) total];
        ByteBuffer target = ByteBuffer.wrap(data, 0, (int) spilledBytes[partition]);
        while (target.hasRemaining()) {
            if (spills[partition].read(target, target.position()) < 0) {
                throw new IOException("unexpected end of " + partitionPath(partition));
            }
        }
        System.arraycopy(buffers[partition], 0, data, (int) spilledBytes[partition], lengths[partition]);
        return data;
    }

    private void closeSpills() {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            if (spills[partition] != null) {
                try {
                    spills[partition].close();
                    Files.deleteIfExists(partitionPath(partition));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + partitionPath(partition) + ": "
                            + IoErrors.describe(e), e);
                }
                spills[partition] = null;
            }
        }
    }

    /**
     * Keeps a partition's results and send locations in memory while those of every partition so far fit the budget,
     * else appends them to the result files.
     */
    private void keepOrStore(Partition partition) throws IOException {
        long bytes = 4L * partition.results.length + 12L * partition.sendFiles.length;
        synchronized (this) {
            if (kept + bytes <= budget) {
                kept += bytes;
                return;
            }
        }
        int[] results = partition.results;
        int[] files = partition.sendFiles;
        long[] lines = partition.sendLines;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        synchronized (this) {
            if (resultFile == null) {
                resultFile = FileChannel.open(directory.resolve(".messages.results"), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
                locationFile = FileChannel.open(directory.resolve(".messages.sends"), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            }
            partition.resultBase = resultEnd;
            for (int i = 0; i < results.length; ) {
                int count = Math.min(results.length - i, buffer.capacity() / 4);
                buffer.asIntBuffer().put(results, i, count);
                buffer.limit(4 * count);
                resultEnd = write(resultFile, buffer, resultEnd);
                i += count;
            }
            partition.locationBase = locationEnd;
            for (int i = 0; i < files.length; i++) {
                if (buffer.remaining() < 12) {
                    buffer.flip();
                    locationEnd = write(locationFile, buffer, locationEnd);
                }
                buffer.putInt(files[i]);
                buffer.putLong(lines[i]);
            }
            buffer.flip();
            locationEnd = write(locationFile, buffer, locationEnd);
        }
        partition.sendFiles = null;
        partition.sendLines = null;
        partition.results = null;
    }

    /** Writes the buffer from its position to its limit at {@code position}; returns the end and clears it. */
    private static long write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        buffer.clear();
        return position;
    }

    /** Where message {@code key} (of {@link EventRecord#recvKeys}) was sent: its file id and line; null if not sent. */
    long[] sendLocation(long key) {
        Partition partition = partitions[(int) (key & (PARTITIONS - 1))];
        int local = (int) (key >>> PARTITION_BITS);
        if (partition.sendFiles != null) {
            return partition.sendFiles[local] < 0 ? null : new long[] {partition.sendFiles[local],
                partition.sendLines[local]};
        }
        ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long position = partition.locationBase + 12L * local;
            while (buffer.hasRemaining()) {
                if (locationFile.read(buffer, position + buffer.position()) < 0) {
                    throw new IllegalStateException("no send location of message " + key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(".messages.sends") + ": "
                    + IoErrors.describe(e), e);
        }
        buffer.flip();
        int file = buffer.getInt();
        long line = buffer.getLong();
        return file < 0 ? null : new long[] {file, line};
    }

    /** The merge's view of node {@code node}'s occurrences, in its log order. */
    Cursor cursor(int node) {
        if (partitions == null) {
            throw new IllegalStateException("the links are not resolved");
        }
        return new Cursor(node);
    }

    /** Fills in an event's message keys, receive counts and whether its receives have a send. */
    final class Cursor {
        private final int node;
        private final long[] next = new long[PARTITIONS];
        private final ByteBuffer[] buffers = new ByteBuffer[PARTITIONS];
        private final long[] bufferStart = new long[PARTITIONS];

        private Cursor(int node) {
            this.node = node;
            for (int p = 0; p < PARTITIONS; p++) {
                next[p] = partitions[p].nodeStarts[node];
            }
        }

        /** For an event read back from the spill (its sendIds / recvIds hold partitions). */
        void fill(EventRecord event) throws IOException {
            event.ensureMessageIds();
            for (int i = 0; i < event.send.size(); i++) {
                int p = event.sendIds[i];
                int local = take(p);
                event.sendKeys[i] = ((long) local << PARTITION_BITS) | p;
                event.sendReceives[i] = take(p);
            }
            for (int i = 0; i < event.recv.size(); i++) {
                int p = event.recvIds[i];
                int value = take(p);
                event.recvKeys[i] = ((long) (value >>> 1) << PARTITION_BITS) | p;
                event.recvHasSend[i] = (value & 1) != 0;
            }
        }

        private int take(int p) throws IOException {
            Partition partition = partitions[p];
            long at = next[p]++;
            if (at >= partition.nodeStarts[node + 1]) {
                throw new IllegalStateException("node " + node + " has no more message results in partition " + p);
            }
            if (partition.results != null) {
                return partition.results[(int) at];
            }
            ByteBuffer buffer = buffers[p];
            if (buffer == null || at >= bufferStart[p] + buffer.limit() / 4) {
                if (buffer == null) {
                    buffer = ByteBuffer.allocate(4 * readBufferInts).order(ByteOrder.LITTLE_ENDIAN);
                    buffers[p] = buffer;
                }
                long ints = Math.min(readBufferInts, partition.nodeStarts[node + 1] - at);
                buffer.clear();
                buffer.limit((int) (4 * ints));
                long position = partition.resultBase + 4 * at;
                while (buffer.hasRemaining()) {
                    if (resultFile.read(buffer, position + buffer.position()) < 0) {
                        throw new IllegalStateException("message results end early");
                    }
                }
                bufferStart[p] = at;
            }
            return buffer.getInt((int) (4 * (at - bufferStart[p])));
        }
    }

    /** One partition's table of distinct ids; reused from partition to partition. */
    private static final class Resolver {
        /** Open addressing: the id's hash in the high half, its number + 1 in the low half, 0 for free. */
        private long[] slots = new long[1 << 10];
        private int[] starts = new int[1 << 9];
        private int[] lengthsOf = new int[1 << 9];
        private byte[] sends = new byte[1 << 9];
        private byte[] unaccepted = new byte[1 << 9];
        private int[] receives = new int[1 << 9];
        private int[] sendFiles = new int[1 << 9];
        private long[] sendLines = new long[1 << 9];
        private int size;
        /** Per send or receive: the message's number and the kind (send 0, receive 1) in the low bit; its node. */
        private int[] occurrences = new int[1 << 10];
        private int[] occurrenceNodes = new int[1 << 10];
        private int occurrenceCount;
        private byte[] data;
        private final long[] cursor = new long[1];

        /**
         * Numbers the partition's ids and counts their sends and receives. Adds the ids more than one parsed event
         * sends to {@code repeated}; true when an ingested event sends an id that an ingested event sends too.
         */
        boolean count(byte[] data, int length, Set<String> repeated) {
            this.data = data;
            size = 0;
            occurrenceCount = 0;
            // about 20 bytes per occurrence and two occurrences per id: a table about half full
            int wanted = Integer.highestOneBit(Math.max(1 << 10, length / 20)) * 2;
            if (slots.length != wanted) {
                slots = new long[wanted];
            } else {
                Arrays.fill(slots, 0);
            }
            boolean sentTwice = false;
            int at = 0;
            while (at < length) {
                byte kind = data[at++];
                int node = -1;
                cursor[0] = at;
                if (kind != UNACCEPTED) {
                    node = (int) Varints.get(data, cursor);
                }
                int idLength = (int) Varints.get(data, cursor);
                int idStart = (int) cursor[0];
                at = idStart + idLength;
                int local = intern(idStart, idLength);
                if (kind == SEND) {
                    cursor[0] = at;
                    int file = (int) Varints.get(data, cursor);
                    long line = Varints.get(data, cursor);
                    at = (int) cursor[0];
                    if (sends[local] == 0) {
                        sendFiles[local] = file;
                        sendLines[local] = line;
                        sends[local] = 1;
                    } else {
                        sends[local] = 2;
                        sentTwice = true;
                    }
                } else if (kind == RECV) {
                    receives[local]++;
                } else {
                    unaccepted[local] = (byte) Math.min(2, unaccepted[local] + 1);
                }
                if (kind != UNACCEPTED) {
                    if (occurrenceCount == occurrences.length) {
                        occurrences = Arrays.copyOf(occurrences, occurrenceCount * 2);
                        occurrenceNodes = Arrays.copyOf(occurrenceNodes, occurrenceCount * 2);
                    }
                    // the kind in the low bit: a receive is odd
                    occurrences[occurrenceCount] = local << 1 | kind;
                    occurrenceNodes[occurrenceCount++] = node;
                }
            }
            for (int local = 0; local < size; local++) {
                if (sends[local] + unaccepted[local] >= 2) {
                    repeated.add(decode(data, starts[local], lengthsOf[local]));
                }
            }
            return sentTwice;
        }

        /** The results of the partition just counted. */
        Partition results(int nodeCount) {
            long[] nodeStarts = new long[nodeCount + 1];
            for (int i = 0; i < occurrenceCount; i++) {
                nodeStarts[occurrenceNodes[i] + 1] += 2 - (occurrences[i] & 1);
            }
            for (int node = 0; node < nodeCount; node++) {
                nodeStarts[node + 1] += nodeStarts[node];
            }
            if (nodeStarts[nodeCount] > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many message occurrences in one partition");
            }
            int[] results = new int[(int) nodeStarts[nodeCount]];
            int[] fill = new int[nodeCount];
            for (int node = 0; node < nodeCount; node++) {
                fill[node] = (int) nodeStarts[node];
            }
            for (int i = 0; i < occurrenceCount; i++) {
                int node = occurrenceNodes[i];
                int local = occurrences[i] >>> 1;
                if ((occurrences[i] & 1) == SEND) {
                    results[fill[node]++] = local;
                    results[fill[node]++] = receives[local];
                } else {
                    results[fill[node]++] = local << 1 | (sends[local] > 0 ? 1 : 0);
                }
            }
            Partition partition = new Partition();
            partition.nodeStarts = nodeStarts;
            partition.results = results;
            partition.sendFiles = new int[size];
            partition.sendLines = Arrays.copyOf(sendLines, size);
            for (int local = 0; local < size; local++) {
                partition.sendFiles[local] = sends[local] > 0 ? sendFiles[local] : -1;
            }
            this.data = null;
            return partition;
        }

        private int intern(int start, int length) {
            int hash = (int) hash(data, start, length);
            int mask = slots.length - 1;
            for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
                long entry = slots[slot];
                if (entry == 0) {
                    int local = add(start, length);
                    slots[slot] = (long) hash << 32 | (local + 1);
                    if (size > slots.length - (slots.length >>> 2)) {
                        rehash();
                    }
                    return local;
                }
                if ((int) (entry >>> 32) == hash) {
                    int local = (int) entry - 1;
                    if (lengthsOf[local] == length && Arrays.equals(data, starts[local], starts[local] + length, data,
                            start, start + length)) {
                        return local;
                    }
                }
            }
        }

        private int add(int start, int length) {
            if (size == starts.length) {
                int capacity = size * 2;
                starts = Arrays.copyOf(starts, capacity);
                lengthsOf = Arrays.copyOf(lengthsOf, capacity);
                sends = Arrays.copyOf(sends, capacity);
                unaccepted = Arrays.copyOf(unaccepted, capacity);
                receives = Arrays.copyOf(receives, capacity);
                sendFiles = Arrays.copyOf(sendFiles, capacity);
                sendLines = Arrays.copyOf(sendLines, capacity);
            }
            int local = size++;
            starts[local] = start;
            lengthsOf[local] = length;
            sends[local] = 0;
            unaccepted[local] = 0;
            receives[local] = 0;
            return local;
        }

        private void rehash() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long entry : old) {
                if (entry == 0) {
                    continue;
                }
                int slot = (int) (entry >>> 32) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = entry;
            }
        }
    }

    @Override
    public void close() {
        closeSpills();
        try {
            if (resultFile != null) {
                resultFile.close();
                locationFile.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the message results in " + directory + ": "
                    + IoErrors.describe(e), e);
        }
    }

    /** The dense id of a vector-clock node name, registering it as first seen at {@code file:line}. */
    int clockNameId(String name, String file, long line) {
        Integer id = clockNameIds.get(name);
        if (id == null) {
            id = clockNames.size();
            clockNameIds.put(name, id);
            clockNames.add(name);
            clockNamesFirstSeen.add(file + ":" + line);
        }
        return id;
    }

    /** Vector-clock node names by id. */
    List<String> clockNames() {
        return clockNames;
    }

    /** Where each vector-clock node name was first seen ({@code file:line}), by id. */
    List<String> clockNamesFirstSeen() {
        return clockNamesFirstSeen;
    }

    boolean hasVectorClocks() {
        return !clockNames.isEmpty();
    }
}
