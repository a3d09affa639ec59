package io.retrocut.analysis.report;

import io.retrocut.analysis.sweep.Cut;
import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * A check's violation intervals as encoded records ({@link SpilledBytes}: in memory up to a limit, then a temporary
 * file) rather than objects, indexed by invariant and key. {@link #intervals} gives each invariant's intervals sorted
 * by (key, start) as a list that decodes an interval when it is read, so that reporting millions of intervals with
 * their witnesses needs memory for their offsets only (8 bytes each). Intervals of one key and invariant must be
 * added in start order, as the sweep and {@link io.retrocut.analysis.sweep.IntervalMerger} produce them.
 */
public final class IntervalStore implements AutoCloseable {
    /** Bytes of encoded intervals kept in memory by default; a 10M-event check with 447K intervals needs ~100 MB. */
    public static final long DEFAULT_MEMORY = 64L << 20;


    /** One key's intervals of one invariant: where their records start, in start order. */
    private static final class KeyIntervals {
        long[] offsets = new long[4];
        int count;
        Hlc lastStart;
    }

    private final SpilledBytes bytes;
    private final List<Map<String, KeyIntervals>> byInvariant = new ArrayList<>();
    /** The record being encoded, handed to {@link SpilledBytes} without a copy. */
    private final ArrayDataOutput out = new ArrayDataOutput(512);

    /**
     * @param invariants the number of invariants
     * @param memoryLimit bytes of encoded intervals kept in memory; the rest goes to a file in {@code directory}
     */
    public IntervalStore(int invariants, long memoryLimit, Path directory) {
        this.bytes = new SpilledBytes(memoryLimit, directory);
        for (int i = 0; i < invariants; i++) {
            byInvariant.add(new HashMap<>());
        }
    }

    /** A store whose file, if it needs one, goes to {@code java.io.tmpdir}. */
    public IntervalStore(int invariants, long memoryLimit) {
        this(invariants, memoryLimit, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Adds an interval of invariant {@code invariant}; it must start after the key's previous one. */
    public synchronized void add(int invariant, ViolationInterval interval) {
        KeyIntervals key = byInvariant.get(invariant).computeIfAbsent(interval.key(), unused -> new KeyIntervals());
        if (key.lastStart != null && interval.start().compareTo(key.lastStart) <= 0) {
            throw new IllegalStateException("interval of key '" + interval.key() + "' starting at " + interval.start()
                    + " added after one starting at " + key.lastStart);
        }
        out.reset();
        encode(interval, out);
        if (key.count == key.offsets.length) {
            key.offsets = Arrays.copyOf(key.offsets, key.count * 2);
        }
        key.offsets[key.count++] = bytes.append(out.array(), 0, out.size());
        key.lastStart = interval.start();
    }

    /** Invariant {@code invariant}'s intervals sorted by (key, start), decoded as they are read. */
    public synchronized List<ViolationInterval> intervals(int invariant) {
        Map<String, KeyIntervals> keys = byInvariant.get(invariant);
        String[] names = keys.keySet().toArray(String[]::new);
        Arrays.sort(names);
        long[][] offsets = new long[names.length][];
        int[] ends = new int[names.length];
        int total = 0;
        for (int k = 0; k < names.length; k++) {
            KeyIntervals key = keys.get(names[k]);
            offsets[k] = key.offsets;
            total = Math.addExact(total, key.count);
            ends[k] = total;
        }
        return new Stored(offsets, ends);
    }

    /** Whether {@code list} is one of a store's lists (immutable, decoded as read). */
    public static boolean isStored(List<ViolationInterval> list) {
        return list instanceof IntervalStore.Stored;
    }

    /** Whether some intervals went to the file. */
    public boolean spilled() {
        return bytes.spilled();
    }

    /** Deletes the file: the lists from {@link #intervals} cannot be read after this. */
    @Override
    public void close() {
        bytes.close();
    }

    private final class Stored extends AbstractList<ViolationInterval> implements RandomAccess {
        private final long[][] offsets;
        /** The number of intervals up to and including each key. */
        private final int[] ends;

        Stored(long[][] offsets, int[] ends) {
            this.offsets = offsets;
            this.ends = ends;
        }

        @Override
        public ViolationInterval get(int index) {
            return decode(record(index));
        }

        /** The encoded record of the interval at {@code index}. */
        byte[] record(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("interval " + index + " of " + size());
            }
            // ends increase strictly: only keys with intervals of this invariant are listed
            int key = Arrays.binarySearch(ends, index + 1);
            if (key < 0) {
                key = -key - 1;
            }
            int within = index - (key == 0 ? 0 : ends[key - 1]);
            return bytes.read(offsets[key][within]);
        }

        @Override
        public int size() {
            return ends.length == 0 ? 0 : ends[ends.length - 1];
        }
    }

    /**
     * Writes {@code intervals} as the elements of a JSON array, comma-separated: from their records when the list is
     * one of a store's (no decoding), otherwise each encoded first, so that every interval is written by
     * {@link IntervalJson}.
     */
    static void writeJson(List<ViolationInterval> intervals, IntervalJson json, Long maxSkewMs) throws IOException {
        if (intervals instanceof IntervalStore.Stored stored) {
            for (int i = 0; i < stored.size(); i++) {
                json.write(stored.record(i), i == 0, maxSkewMs);
            }
        } else {
            ArrayDataOutput record = new ArrayDataOutput(512);
            boolean first = true;
            for (ViolationInterval interval : intervals) {
                record.reset();
                encode(interval, record);
                json.write(record.toByteArray(), first, maxSkewMs);
                first = false;
            }
        }
        json.flush();
    }

    private static void encode(ViolationInterval interval, ArrayDataOutput out) {
        try {
            string(out, interval.key());
            WitnessCodec.writeHlc(out, interval.start());
            WitnessCodec.writeHlc(out, interval.end());
            out.writeLong(interval.durationMs());
            out.writeLong(interval.cuts());
            byte[] stored = interval.witness().bytes(StoredWitness.FORM);
            if (stored != null) {
                out.write(stored);
            } else {
                StoredWitness.write(out, interval.witness());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a violation interval", e);
        }
    }

    /**
     * A witness as the store keeps it (strings inline: length + 1, 0 for null, then UTF-8). Tasks send their witnesses
     * in this form, so that the driver adds them to the store as bytes ({@link Witness#encoded}).
     */
    public enum StoredWitness implements Witness.Form {
        FORM;

        public static void write(ArrayDataOutput out, Witness witness) throws IOException {
            WitnessCodec.write(out, value -> string(out, value), witness);
        }

        /**
         * Makes witnesses of cuts in this form straight from the cut: the bytes {@link #write} writes for
         * {@link Witness#of}, without the nodes, maps and events in between (a seven-invariant check of 10M events
         * makes 447K witnesses). Not thread-safe: it reuses one buffer.
         */
        public static Function<Cut, Witness> maker() {
            ArrayDataOutput out = new ArrayDataOutput(1024);
            WitnessCodec.StringOut strings = value -> string(out, value);
            return cut -> {
                out.reset();
                try {
                    WitnessCodec.write(out, strings, cut);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot encode a witness", e);
                }
                return Witness.encoded(out.toByteArray(), FORM);
            };
        }

        @Override
        public Witness decode(byte[] encoded) {
            ArrayDataInput in = new ArrayDataInput(encoded);
            try {
                Witness witness = WitnessCodec.read(in, () -> readString(in));
                if (in.remaining() != 0) {
                    throw new IOException(in.remaining() + " bytes left after the witness");
                }
                return witness;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot decode a witness", e);
            }
        }
    }

    /** Length + 1 (0 for null), then UTF-8. */
    private static void string(ArrayDataOutput out, String value) {
        if (value == null) {
            out.writeInt(0);
            return;
        }
        out.writeUtf8WithLength(value, 1);
    }

    private static ViolationInterval decode(byte[] record) {
        try {
            ArrayDataInput in = new ArrayDataInput(record);
            String key = readString(in);
            Hlc start = WitnessCodec.readHlc(in);
            Hlc end = WitnessCodec.readHlc(in);
            long durationMs = in.readLong();
            long cuts = in.readLong();
            Witness witness = WitnessCodec.read(in, () -> readString(in));
            return new ViolationInterval(key, start, end, durationMs, cuts, witness);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored violation interval", e);
        }
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt() - 1;
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
