package io.retrocut.analysis.report;

import io.retrocut.analysis.sweep.ViolationInterval;
import io.retrocut.analysis.sweep.Witness;
import io.retrocut.events.Hlc;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte BOOLEAN = 3;
    private static final byte STRING = 4;

    /** One key's intervals of one invariant: where their records start, in start order. */
    private static final class KeyIntervals {
        long[] offsets = new long[4];
        int count;
        Hlc lastStart;
    }

    private final SpilledBytes bytes;
    private final List<Map<String, KeyIntervals>> byInvariant = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final DataOutputStream out = new DataOutputStream(buffer);

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
        buffer.reset();
        try {
            write(interval);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a violation interval", e);
        }
        if (key.count == key.offsets.length) {
            key.offsets = Arrays.copyOf(key.offsets, key.count * 2);
        }
        key.offsets[key.count++] = bytes.append(buffer.toByteArray(), 0, buffer.size());
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
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("interval " + index + " of " + size());
            }
            // ends increase strictly: only keys with intervals of this invariant are listed
            int key = Arrays.binarySearch(ends, index + 1);
            if (key < 0) {
                key = -key - 1;
            }
            int within = index - (key == 0 ? 0 : ends[key - 1]);
            return decode(bytes.read(offsets[key][within]));
        }

        @Override
        public int size() {
            return ends.length == 0 ? 0 : ends[ends.length - 1];
        }
    }

    private void write(ViolationInterval interval) throws IOException {
        string(interval.key());
        hlc(interval.start());
        hlc(interval.end());
        out.writeLong(interval.durationMs());
        out.writeLong(interval.cuts());
        Witness witness = interval.witness();
        out.writeInt(witness.nodes().size());
        for (Witness.Node node : witness.nodes()) {
            string(node.node());
            out.writeInt(node.values().size());
            for (Map.Entry<String, Object> value : node.values().entrySet()) {
                string(value.getKey());
                value(value.getValue());
            }
        }
        out.writeInt(witness.events().size());
        for (Witness.Event event : witness.events()) {
            string(event.node());
            hlc(event.hlc());
            string(event.type());
            string(event.file());
            out.writeLong(event.line());
            string(event.extra());
        }
    }

    private void value(Object value) throws IOException {
        if (value instanceof Long number) {
            out.writeByte(LONG);
            out.writeLong(number);
        } else if (value instanceof Double number) {
            out.writeByte(DOUBLE);
            out.writeDouble(number);
        } else if (value instanceof Boolean flag) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(flag);
        } else if (value instanceof String text) {
            out.writeByte(STRING);
            string(text);
        } else {
            throw new IllegalArgumentException("unexpected witness value " + value.getClass().getName());
        }
    }

    private void hlc(Hlc hlc) throws IOException {
        out.writeBoolean(hlc != null);
        if (hlc != null) {
            out.writeLong(hlc.l());
            out.writeInt(hlc.c());
        }
    }

    /** Length + 1 (0 for null), then UTF-8. */
    private void string(String value) throws IOException {
        if (value == null) {
            out.writeInt(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length + 1);
        out.write(utf8);
    }

    private static ViolationInterval decode(byte[] record) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record))) {
            String key = readString(in);
            Hlc start = readHlc(in);
            Hlc end = readHlc(in);
            long durationMs = in.readLong();
            long cuts = in.readLong();
            int nodeCount = in.readInt();
            List<Witness.Node> nodes = new ArrayList<>(nodeCount);
            for (int i = 0; i < nodeCount; i++) {
                String node = readString(in);
                int valueCount = in.readInt();
                String[] names = new String[valueCount];
                Object[] values = new Object[valueCount];
                for (int v = 0; v < valueCount; v++) {
                    names[v] = readString(in);
                    values[v] = readValue(in);
                }
                nodes.add(Witness.Node.of(node, names, values));
            }
            int eventCount = in.readInt();
            List<Witness.Event> events = new ArrayList<>(eventCount);
            for (int i = 0; i < eventCount; i++) {
                events.add(new Witness.Event(readString(in), readHlc(in), readString(in), readString(in), in.readLong(),
                        readString(in)));
            }
            return new ViolationInterval(key, start, end, durationMs, cuts, new Witness(nodes, events));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored violation interval", e);
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case STRING -> readString(in);
            default -> throw new IOException("corrupt stored interval: value tag " + tag);
        };
    }

    private static Hlc readHlc(DataInputStream in) throws IOException {
        return in.readBoolean() ? new Hlc(in.readLong(), in.readInt()) : null;
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt() - 1;
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
