package io.retrocut.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Lays the ordered events out the way {@code check} reads them: the parts are consecutive, disjoint HLC ranges (time
 * slices), and inside a part the rows are sorted by (key, hlc_l, hlc_c, node). A check then sweeps every part
 * of every key without a shuffle or a sort, one part per task.
 *
 * <p>Events arrive in the causal order of {@link HlcReconstruction}, which is close to but not exactly HLC order.
 * They are buffered in memory in their compact {@link Spill} form. Once {@code targetRows} are buffered, every
 * buffered event below the reconstruction's lower bound of all events still to come is sorted and written as the next
 * part; the rest stays for a later part. So no event of a later part has an HLC at or below one of an earlier part,
 * and a group of equal HLCs is never split between parts. Memory is bounded by the target plus the events above the
 * bound (those of a node that lags behind).
 *
 * <p>Parts are written to Parquet by {@value #WRITERS} threads of their own while the caller goes on ordering and
 * buffering the next one: a part's buffer is handed over whole (the events kept for later move to a fresh buffer).
 * Writing a part costs more than ordering it, so two parts may be written at once (on two cores the caller's thread
 * idles while it waits); before a third is handed over the oldest must be written, so at most {@value #WRITERS} parts'
 * events are held besides the one being buffered. A failure of a writing thread surfaces in the next call of
 * {@link #add}, {@link #finish} or {@link #close}. Not thread-safe: one thread calls this class.
 */
final class SlicedParts implements AutoCloseable {
    /** One written part: its file, its number of rows, and its lowest and highest HLC. */
    record Part(String file, long rows, long firstL, int firstC, long lastL, int lastC) {
    }

    /** A lower bound of the HLCs of the events not handed over yet (see {@link HlcReconstruction#futureLowerBound}). */
    interface Bound {
        boolean lowerBound(long[] bound);
    }

    /** Parts written at once. */
    static final int WRITERS = 2;
    /** The most the first part's buffer starts with; it grows beyond as needed. */
    private static final long FIRST_ARENA_LIMIT = 128L << 20;

    private final EventsParquet parquet;
    private final ExecutorService writing = Executors.newFixedThreadPool(WRITERS, task -> {
        Thread thread = new Thread(task, "retrocut-ingest-writer");
        thread.setDaemon(true);
        return thread;
    });
    /** A part being written: its task, and the buffer it is written from. */
    private record Writing(Future<?> task, byte[] data) {
    }

    /** The parts being written, oldest first. */
    private final ArrayDeque<Writing> written = new ArrayDeque<>();
    /**
     * A buffer whose part is written, for the next part's events: a fresh ~100 MB array per part was zeroed, paged
     * in and left to the collector (full collections in a 10M-event ingest).
     */
    private byte[] spareData;
    private final long targetRows;
    private final int[] keyRank;
    private final int[] nodeRank;
    private final Arena arena;
    private final List<Part> parts = new ArrayList<>();
    private final long[] bound = new long[2];
    // the buffered events, by arrival
    private int count;
    /** The buffer size at which to look for a part to write next. */
    private long nextAttempt;
    private int[] keys = new int[1024];
    private int[] nodes = new int[1024];
    private long[] hlcL = new long[1024];
    private int[] hlcC = new int[1024];
    private int[] offsets = new int[1025];

    /**
     * @param parquet where the parts go; this class decides where one part ends
     * @param targetRows events per part to aim for (a part holds more when equal HLCs or a lagging node require it)
     * @param keyNames key names by id, to sort by name
     * @param nodeNames node names by id, to sort by name
     */
    SlicedParts(EventsParquet parquet, long targetRows, List<String> keyNames, List<String> nodeNames) {
        this(parquet, targetRows, keyNames, nodeNames, 0);
    }

    /**
     * @param firstPartBytes about the spilled bytes of the first part's events, to size its buffer at once (0: unknown):
     *     grown by doubling from 64 KB, it allocated and paged in twice the ~100 MB it ends at
     */
    SlicedParts(EventsParquet parquet, long targetRows, List<String> keyNames, List<String> nodeNames, long firstPartBytes) {
        if (targetRows < 1) {
            throw new IllegalArgumentException("targetRows must be positive: " + targetRows);
        }
        this.parquet = parquet;
        this.targetRows = Math.min(targetRows, Integer.MAX_VALUE / 2);
        this.arena = new Arena((int) Math.min(FIRST_ARENA_LIMIT, Math.max(0, firstPartBytes) / 4 * 5));
        this.nextAttempt = this.targetRows;
        this.keyRank = ranks(keyNames);
        this.nodeRank = ranks(nodeNames);
    }

    /**
     * Buffers an event with its final HLC, copying its spilled form from {@code source}, the reader it was last read
     * from; writes a part when enough events are below {@code bound}.
     */
    void add(EventRecord event, Spill.Reader source, Bound future) throws IOException {
        ensureCapacity();
        source.copyRecord(event.hlcL, event.hlcC, arena);
        keys[count] = keyRank[event.keyId];
        nodes[count] = nodeRank[event.nodeId];
        hlcL[count] = event.hlcL;
        hlcC[count] = event.hlcC;
        offsets[count + 1] = arena.size;
        count++;
        if (count >= nextAttempt) {
            if (future.lowerBound(bound)) {
                flushBelow(bound[0], (int) bound[1]);
            }
            // a failed attempt costs a scan of the buffer: the next one waits for a quarter part more events
            nextAttempt = Math.max(targetRows, count + Math.max(1L, targetRows / 4));
        }
    }

    /** Writes whatever is buffered as the last part; an empty part when there were no events (it has the schema). */
    void finish() throws IOException {
        flushBelow(Long.MAX_VALUE, Integer.MAX_VALUE);
        if (parts.isEmpty()) {
            String name = EventsParquet.partName(0);
            write(name, new byte[0], new int[1], () -> new int[0]);
            parts.add(new Part(name, 0, 0, 0, 0, 0));
        }
        while (!written.isEmpty()) {
            awaitOldest();
        }
    }

    List<Part> parts() {
        return List.copyOf(parts);
    }

    /** Waits for the parts being written (their failures are not reported here), then stops the writing threads. */
    @Override
    public void close() throws IOException {
        try {
            while (!written.isEmpty()) {
                try {
                    written.poll().task().get();
                } catch (ExecutionException e) {
                    // reported by add or finish, or superseded by the failure that is closing this early
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            writing.shutdownNow();
        }
    }

    /** Writes the buffered events with an HLC below (l, c) as one part (if there are enough) and keeps the rest. */
    private void flushBelow(long l, int c) throws IOException {
        int[] below = new int[count];
        int taken = 0;
        for (int i = 0; i < count; i++) {
            if (hlcL[i] < l || (hlcL[i] == l && hlcC[i] < c)) {
                below[taken++] = i;
            }
        }
        boolean last = l == Long.MAX_VALUE;
        // a lagging node holds most events back: wait for more rather than write a small part
        if (taken == 0 || (!last && taken < targetRows / 2)) {
            return;
        }
        int[] order = Arrays.copyOf(below, taken);
        // the sort keys are taken here, where the buffer is; the sort itself runs on the writing thread
        SortKeys packed = packed(order);
        if (packed == null) {
            sort(order);
        }
        long firstL = Long.MAX_VALUE;
        int firstC = Integer.MAX_VALUE;
        long lastL = Long.MIN_VALUE;
        int lastC = Integer.MIN_VALUE;
        for (int index : order) {
            if (hlcL[index] < firstL || (hlcL[index] == firstL && hlcC[index] < firstC)) {
                firstL = hlcL[index];
                firstC = hlcC[index];
            }
            if (hlcL[index] > lastL || (hlcL[index] == lastL && hlcC[index] > lastC)) {
                lastL = hlcL[index];
                lastC = hlcC[index];
            }
        }
        String name = EventsParquet.partName(parts.size());
        // keep() moves the events that stay to new arrays: these are the writing thread's alone from here on
        write(name, arena.bytes, offsets,
                () -> packed == null ? order : sortPacked(packed.keys(), packed.indexBits(), packed.keyShift(), keyRank.length));
        parts.add(new Part(name, taken, firstL, firstC, lastL, lastC));
        keep(below, taken);
    }

    /**
     * Hands a part to a writing thread, once fewer than {@link #WRITERS} parts are being written; the thread takes the
     * events' order from {@code order} (which sorts them there).
     */
    private void write(String name, byte[] data, int[] dataOffsets, Supplier<int[]> order) throws IOException {
        while (written.size() >= WRITERS) {
            awaitOldest();
        }
        written.add(new Writing(writing.submit(() -> {
            int[] events = order.get();
            parquet.writePart(name, data, dataOffsets, events, events.length);
            return null;
        }), data));
    }

    /** Waits for the oldest part being written, rethrowing its failure; keeps its buffer for the next part. */
    private void awaitOldest() throws IOException {
        Writing oldest = written.poll();
        try {
            oldest.task().get();
            if (spareData == null || oldest.data().length > spareData.length) {
                spareData = oldest.data();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a part");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("writing a part failed", cause);
        }
    }

    /** Drops the written events from the buffer, keeping the others in arrival order. */
    private void keep(int[] written, int writtenCount) {
        // the next part buffers about as many bytes as this one: growing a fresh arena by doubling would copy and
        // page in the bytes twice over
        Arena kept;
        if (spareData != null && spareData.length >= arena.size) {
            kept = new Arena(spareData);
        } else {
            kept = new Arena(arena.size);
        }
        spareData = null;
        int[] keptOffsets = new int[offsets.length];
        int size = 0;
        int next = 0;
        for (int i = 0; i < count; i++) {
            if (next < writtenCount && written[next] == i) {
                next++;
                continue;
            }
            kept.write(arena.bytes, offsets[i], offsets[i + 1] - offsets[i]);
            keys[size] = keys[i];
            nodes[size] = nodes[i];
            hlcL[size] = hlcL[i];
            hlcC[size] = hlcC[i];
            keptOffsets[size + 1] = kept.size;
            size++;
        }
        arena.bytes = kept.bytes;
        arena.size = kept.size;
        offsets = keptOffsets;
        count = size;
    }

    private int compare(int a, int b) {
        int order = Integer.compare(keys[a], keys[b]);
        if (order == 0) {
            order = Long.compare(hlcL[a], hlcL[b]);
        }
        if (order == 0) {
            order = Integer.compare(hlcC[a], hlcC[b]);
        }
        if (order == 0) {
            order = Integer.compare(nodes[a], nodes[b]);
        }
        return order;
    }

    /**
     * The sort keys of a part's buffer indexes: one long each, the index in the low {@code indexBits} bits and the key
     * rank from bit {@code keyShift} up.
     */
    private record SortKeys(long[] keys, int indexBits, int keyShift) {
    }

    /**
     * The sort keys of buffer indexes by (key, HLC, node) as one long each, when key rank, HLC offset within the part,
     * logical counter, node rank and the index fit in 63 bits together (they do for a part of events ms apart and a
     * counter that stays small); null when they do not.
     */
    private SortKeys packed(int[] order) {
        long minL = Long.MAX_VALUE;
        long maxL = Long.MIN_VALUE;
        int maxC = 0;
        for (int index : order) {
            minL = Math.min(minL, hlcL[index]);
            maxL = Math.max(maxL, hlcL[index]);
            maxC = Math.max(maxC, hlcC[index]);
        }
        if (order.length == 0 || maxL - minL < 0) {
            return null;
        }
        int indexBits = bits(count - 1);
        int nodeBits = bits(nodeRank.length - 1);
        int counterBits = bits(maxC);
        int timeBits = bits(maxL - minL);
        int keyBits = bits(keyRank.length - 1);
        if (indexBits + nodeBits + counterBits + timeBits + keyBits > 63) {
            return null;
        }
        long[] packed = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            int index = order[i];
            long value = keys[index];
            value = (value << timeBits) | (hlcL[index] - minL);
            value = (value << counterBits) | hlcC[index];
            value = (value << nodeBits) | nodes[index];
            packed[i] = (value << indexBits) | index;
        }
        return new SortKeys(packed, indexBits, timeBits + counterBits + nodeBits + indexBits);
    }

    /**
     * Sorts {@link #packed} keys (given in arrival order, the key rank from bit {@code keyShift} up) and returns their
     * buffer indexes in that order.
     *
     * <p>Events arrive in the merge's order, which is HLC order wherever the input gave the HLCs: so a stable counting
     * sort by key rank usually leaves each key's events sorted already (every key of every part of the raft
     * benchmarks, hot key included), and only a key whose events are not gets a comparison sort. Sorting whole parts
     * was ~10% of a writing thread's time.
     */
    static int[] sortPacked(long[] packed, int indexBits, int keyShift, int keyCount) {
        if (keyCount > 4 * packed.length + 1024) {
            // keys sparse in this part: the counts would cost more than they save
            Arrays.sort(packed);
        } else {
            int[] starts = new int[keyCount + 1];
            for (long value : packed) {
                starts[(int) (value >>> keyShift) + 1]++;
            }
            for (int key = 0; key < keyCount; key++) {
                starts[key + 1] += starts[key];
            }
            long[] byKey = new long[packed.length];
            int[] fill = Arrays.copyOf(starts, keyCount);
            for (long value : packed) {
                byKey[fill[(int) (value >>> keyShift)]++] = value;
            }
            for (int key = 0; key < keyCount; key++) {
                int from = starts[key];
                int to = starts[key + 1];
                for (int i = from + 1; i < to; i++) {
                    if (byKey[i] < byKey[i - 1]) {
                        Arrays.sort(byKey, from, to);
                        break;
                    }
                }
            }
            packed = byKey;
        }
        long indexMask = (1L << indexBits) - 1;
        int[] order = new int[packed.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) (packed[i] & indexMask);
        }
        return order;
    }

    /** Bits needed for values from 0 to {@code max}. */
    private static int bits(long max) {
        return 64 - Long.numberOfLeadingZeros(Math.max(max, 0));
    }

    /** A stable merge sort of buffer indexes by (key, HLC, node); events of one node never share an HLC. */
    private void sort(int[] order) {
        int[] scratch = new int[order.length];
        for (int width = 1; width < order.length; width *= 2) {
            for (int low = 0; low < order.length - width; low += 2 * width) {
                int middle = low + width;
                int high = Math.min(low + 2 * width, order.length);
                if (compare(order[middle - 1], order[middle]) <= 0) {
                    continue;
                }
                int left = low;
                int right = middle;
                int out = low;
                while (left < middle && right < high) {
                    scratch[out++] = compare(order[left], order[right]) <= 0 ? order[left++] : order[right++];
                }
                while (left < middle) {
                    scratch[out++] = order[left++];
                }
                while (right < high) {
                    scratch[out++] = order[right++];
                }
                System.arraycopy(scratch, low, order, low, high - low);
            }
        }
    }

    private void ensureCapacity() {
        if (count == keys.length) {
            int size = keys.length * 2;
            keys = Arrays.copyOf(keys, size);
            nodes = Arrays.copyOf(nodes, size);
            hlcL = Arrays.copyOf(hlcL, size);
            hlcC = Arrays.copyOf(hlcC, size);
            offsets = Arrays.copyOf(offsets, size + 1);
        }
    }

    private static int[] ranks(List<String> names) {
        Integer[] byName = new Integer[names.size()];
        for (int i = 0; i < byName.length; i++) {
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> names.get(a).compareTo(names.get(b)));
        int[] rank = new int[byName.length];
        for (int position = 0; position < byName.length; position++) {
            rank[byName[position]] = position;
        }
        return rank;
    }

    /** The buffered events' bytes. */
    private static final class Arena extends OutputStream {
        byte[] bytes;
        int size;

        Arena() {
            this(1 << 16);
        }

        Arena(int capacity) {
            bytes = new byte[Math.max(1 << 16, capacity)];
        }

        /** Writes into a buffer that is no longer used (its old bytes are overwritten). */
        Arena(byte[] reused) {
            bytes = reused;
        }

        @Override
        public void write(int b) {
            grow(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            grow(length);
            System.arraycopy(data, offset, bytes, size, length);
            size += length;
        }

        private void grow(int more) {
            if (size + more > bytes.length) {
                long wanted = Math.max((long) bytes.length * 2, (long) size + more);
                if (wanted > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("more than 2 GiB of events between two parts");
                }
                bytes = Arrays.copyOf(bytes, (int) wanted);
            }
        }
    }
}
