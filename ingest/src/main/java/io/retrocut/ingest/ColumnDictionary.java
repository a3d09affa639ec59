package io.retrocut.ingest;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntUnaryOperator;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;

/**
 * The dictionary of one column chunk of a {@link DictionaryColumn}: ids from 0 up, the entries they stand for, and the
 * min/max statistics of a page given by its ids. Cleared for each column chunk. Not thread-safe.
 */
interface ColumnDictionary {
    /** The number of entries. */
    int size();

    /** Appends the entries in id order, PLAIN encoded. */
    void writeEntries(PageBuffer out);

    /** Adds the minimum and maximum of the entries of {@code ids[0, count)} ({@code count > 0}) to {@code statistics}. */
    void updateStatistics(Statistics<?> statistics, int[] ids, int count);

    /** Forgets every entry, for the next column chunk. */
    void clear();

    /** Approximate bytes of the entries, which the writer buffers until the chunk ends. */
    long byteSize();

    /**
     * Strings that already have dense ids for the whole ingest (nodes, keys, files): a chunk's ids are given out in the
     * order the global ids first occur, through an array instead of by hashing the bytes, and statistics compare the
     * strings' precomputed ranks.
     */
    final class GlobalStrings implements ColumnDictionary {
        private final Ranked ranked;
        /** The chunk id of each global id, -1 for none. */
        private final int[] local;
        /** The global id of each chunk id. */
        private int[] global = new int[16];
        private int size;
        private long bytes;

        GlobalStrings(Ranked ranked) {
            this.ranked = ranked;
            this.local = new int[ranked.strings.length];
            Arrays.fill(local, -1);
        }

        /** The chunk id of the string with this global id, given out on first use. */
        int id(int globalId) {
            int id = local[globalId];
            return id >= 0 ? id : add(globalId);
        }

        private int add(int globalId) {
            if (size == global.length) {
                global = Arrays.copyOf(global, size * 2);
            }
            global[size] = globalId;
            local[globalId] = size;
            bytes += 4 + ranked.strings[globalId].length();
            return size++;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void writeEntries(PageBuffer out) {
            for (int id = 0; id < size; id++) {
                byte[] value = ranked.strings[global[id]].getBytesUnsafe();
                out.writeInt(value.length);
                out.write(value, 0, value.length);
            }
        }

        @Override
        public void updateStatistics(Statistics<?> statistics, int[] ids, int count) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            int last = -1;
            for (int i = 0; i < count; i++) {
                int id = ids[i];
                if (id != last) {
                    int rank = ranked.ranks[global[id]];
                    min = Math.min(min, rank);
                    max = Math.max(max, rank);
                    last = id;
                }
            }
            statistics.updateStats(ranked.strings[ranked.byRank[min]]);
            statistics.updateStats(ranked.strings[ranked.byRank[max]]);
        }

        @Override
        public void clear() {
            for (int id = 0; id < size; id++) {
                local[global[id]] = -1;
            }
            size = 0;
            bytes = 0;
        }

        @Override
        public long byteSize() {
            return bytes;
        }

        /**
         * Strings by global id with their ranks in the order of a column's statistics; immutable, shared by the writers
         * of every part.
         *
         * @param ranks the position of each global id in that order
         * @param byRank the global id at each position
         */
        record Ranked(Binary[] strings, int[] ranks, int[] byRank) {
            static Ranked of(Binary[] strings, Comparator<Binary> comparator) {
                Integer[] order = new Integer[strings.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> comparator.compare(strings[a], strings[b]));
                int[] ranks = new int[strings.length];
                int[] byRank = new int[strings.length];
                for (int rank = 0; rank < order.length; rank++) {
                    ranks[order[rank]] = rank;
                    byRank[rank] = order[rank];
                }
                return new Ranked(strings, ranks, byRank);
            }
        }
    }

    /**
     * INT64 or INT32 values, ids given out in the order values first occur (as parquet-mr's dictionary writer does)
     * through an open-addressing table of primitive longs.
     */
    final class Longs implements ColumnDictionary {
        private final boolean int32;
        private long[] table = new long[1 << 10];
        /** 1 + the id of the value in the same slot of {@link #table}, 0 for an empty slot. */
        private int[] slots = new int[1 << 10];
        private long[] values = new long[1 << 9];
        private int size;

        /** @param int32 whether the column is INT32 (every value must fit) rather than INT64 */
        Longs(boolean int32) {
            this.int32 = int32;
        }

        /** The id of {@code value}, given out on first use. */
        int id(long value) {
            int mask = slots.length - 1;
            int slot = hash(value) & mask;
            while (true) {
                int id = slots[slot] - 1;
                if (id < 0) {
                    return add(value, slot);
                }
                if (table[slot] == value) {
                    return id;
                }
                slot = (slot + 1) & mask;
            }
        }

        private static int hash(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29));
        }

        private int add(long value, int slot) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size] = value;
            table[slot] = value;
            slots[slot] = ++size;
            if (size * 2 > slots.length) {
                rehash(slots.length * 2);
            }
            return size - 1;
        }

        private void rehash(int capacity) {
            slots = placeIds(capacity, size, id -> hash(values[id]));
            table = new long[capacity];
            for (int slot = 0; slot < capacity; slot++) {
                if (slots[slot] != 0) {
                    table[slot] = values[slots[slot] - 1];
                }
            }
        }

        /** The value with this id. */
        long value(int id) {
            return values[id];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void writeEntries(PageBuffer out) {
            for (int id = 0; id < size; id++) {
                if (int32) {
                    out.writeInt((int) values[id]);
                } else {
                    out.writeLong(values[id]);
                }
            }
        }

        @Override
        public void updateStatistics(Statistics<?> statistics, int[] ids, int count) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < count; i++) {
                long value = values[ids[i]];
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            update(statistics, min, max, int32);
        }

        static void update(Statistics<?> statistics, long min, long max, boolean int32) {
            if (int32) {
                statistics.updateStats((int) min);
                statistics.updateStats((int) max);
            } else {
                statistics.updateStats(min);
                statistics.updateStats(max);
            }
        }

        @Override
        public void clear() {
            if (slots.length > 1 << 16) {
                table = new long[1 << 10];
                slots = new int[1 << 10];
            } else {
                Arrays.fill(slots, 0);
            }
            size = 0;
        }

        @Override
        public long byteSize() {
            return (int32 ? 4L : 8L) * size;
        }
    }

    /**
     * UTF-8 strings given as byte ranges (of the spill), ids given out in the order they first occur through an
     * open-addressing table that hashes and compares the bytes in place (no {@link Binary} per value). Statistics compare
     * each distinct entry of a page once.
     */
    final class Strings implements ColumnDictionary {
        private byte[] bytes = new byte[1 << 10];
        private int used;
        private int[] starts = new int[64];
        private int[] lengths = new int[64];
        private int[] hashes = new int[64];
        /** 1 + the id in each slot, 0 for an empty slot. */
        private int[] slots = new int[128];
        /** The last page in which each id was seen, to compare each distinct entry of a page once. */
        private int[] seen = new int[64];
        private int page;
        private int size;

        /** The id of the string in {@code data[offset, offset + length)}, given out on first use. */
        int id(byte[] data, int offset, int length) {
            int hash = 1;
            for (int i = offset, end = offset + length; i < end; i++) {
                hash = 31 * hash + data[i];
            }
            int mask = slots.length - 1;
            int slot = (hash ^ (hash >>> 16)) & mask;
            while (true) {
                int id = slots[slot] - 1;
                if (id < 0) {
                    return add(data, offset, length, hash, slot);
                }
                if (hashes[id] == hash && lengths[id] == length
                        && Arrays.equals(bytes, starts[id], starts[id] + length, data, offset, offset + length)) {
                    return id;
                }
                slot = (slot + 1) & mask;
            }
        }

        private int add(byte[] data, int offset, int length, int hash, int slot) {
            if (size == starts.length) {
                int capacity = size * 2;
                starts = Arrays.copyOf(starts, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                hashes = Arrays.copyOf(hashes, capacity);
                seen = Arrays.copyOf(seen, capacity);
            }
            if (used + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
            }
            System.arraycopy(data, offset, bytes, used, length);
            starts[size] = used;
            lengths[size] = length;
            hashes[size] = hash;
            seen[size] = 0;
            used += length;
            slots[slot] = ++size;
            if (size * 2 > slots.length) {
                rehash(slots.length * 2);
            }
            return size - 1;
        }

        private void rehash(int capacity) {
            slots = placeIds(capacity, size, id -> hashes[id] ^ (hashes[id] >>> 16));
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void writeEntries(PageBuffer out) {
            for (int id = 0; id < size; id++) {
                out.writeInt(lengths[id]);
                out.write(bytes, starts[id], lengths[id]);
            }
        }

        /** The length in bytes of the entry with this id. */
        int length(int id) {
            return lengths[id];
        }

        /** Appends the entry with this id, PLAIN encoded (its length, then its bytes). */
        void writeEntry(int id, PageBuffer out) {
            out.writeInt(lengths[id]);
            out.write(bytes, starts[id], lengths[id]);
        }

        @Override
        public void updateStatistics(Statistics<?> statistics, int[] ids, int count) {
            page++;
            int min = -1;
            int max = -1;
            for (int i = 0; i < count; i++) {
                int id = ids[i];
                if (seen[id] == page) {
                    continue;
                }
                seen[id] = page;
                if (min < 0 || compare(id, min) < 0) {
                    min = id;
                }
                if (max < 0 || compare(id, max) > 0) {
                    max = id;
                }
            }
            // copies: the statistics keep the Binary (for the footer and the column index, written when the file ends),
            // and these bytes are reused by the next column chunk
            statistics.updateStats(Binary.fromConstantByteArray(
                    Arrays.copyOfRange(bytes, starts[min], starts[min] + lengths[min])));
            statistics.updateStats(Binary.fromConstantByteArray(
                    Arrays.copyOfRange(bytes, starts[max], starts[max] + lengths[max])));
        }

        /** Unsigned lexicographic order of the UTF-8 bytes, the order of a string column's statistics. */
        private int compare(int a, int b) {
            return Arrays.compareUnsigned(bytes, starts[a], starts[a] + lengths[a], bytes, starts[b], starts[b] + lengths[b]);
        }

        @Override
        public void clear() {
            if (slots.length > 1 << 16) {
                slots = new int[128];
            } else {
                Arrays.fill(slots, 0);
            }
            size = 0;
            used = 0;
        }

        @Override
        public long byteSize() {
            return used + 4L * size;
        }
    }

    /**
     * An open-addressing table of {@code capacity} (a power of two) slots for ids 0 to {@code size - 1}: id + 1 in the
     * first free slot from its hash, linear probing; 0 for free. Both tables' rehash.
     */
    private static int[] placeIds(int capacity, int size, IntUnaryOperator hashOfId) {
        int[] slots = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashOfId.applyAsInt(id) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
        return slots;
    }
}
