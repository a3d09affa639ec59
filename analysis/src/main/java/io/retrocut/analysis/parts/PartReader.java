package io.retrocut.analysis.parts;

import io.retrocut.analysis.sweep.EventCursor;
import io.retrocut.analysis.sweep.StateDelta;
import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one part of an events dataset laid out as {@link EventsSchema#LAYOUT_HLC_SLICED} (rows sorted by key, then
 * HLC) into the sweep's events, one key at a time. It decodes a row group column by column into plain arrays (no
 * record assembly), only the columns the sweep needs, and decodes each entry of a dictionary-encoded string column
 * (nodes, keys, files, event types, string values) once instead of once per row.
 *
 * <p>Usage: {@code while (reader.nextKey()) { reader.key(); reader.events() … }}. Not thread-safe.
 */
public final class PartReader implements AutoCloseable {
    /**
     * What to decode: what the sweep needs ({@link #events()}; what a witness shows besides, only for the events asked
     * for), or only what {@link #delta()} needs.
     */
    public enum Columns {
        SWEEP, DELTA
    }

    private static final Set<String> SWEEP = Set.of(EventsSchema.KEY, EventsSchema.HLC_L, EventsSchema.HLC_C, EventsSchema.NODE,
            EventsSchema.VARS, EventsSchema.UNSET);
    /**
     * What a witness shows of an event besides its state: decoded by a second reader, only for the row groups whose
     * events are asked for (see {@link SweepEvent#ofTypedColumns}). Most events are never shown, and these columns
     * (the line numbers above all) were a third of the bytes the sweep decompressed and decoded.
     */
    private static final Set<String> DETAILS = Set.of(EventsSchema.TYPE, EventsSchema.FILE, EventsSchema.LINE, EventsSchema.EXTRA);
    private static final Set<String> DELTA = Set.of(EventsSchema.KEY, EventsSchema.NODE, EventsSchema.VARS, EventsSchema.UNSET);

    /**
     * The arrays of closed readers, for the next reader of the same columns on any thread. A row group's arrays are
     * tens of megabytes; allocated per part, the young collections copied them over and over while the part was read.
     * One pool per set of columns: with one pool for all, a task's reader of the {@link #DETAILS} and its reader of
     * the {@link #SWEEP} columns took each other's arrays and allocated their own columns again (~250 of the 755 MB
     * the executors allocated in a 10M-event check, most of it promoted). At most one set per reader open at once,
     * and softly held.
     */
    private static final Map<Set<String>, Queue<SoftReference<RowArrays>>> POOLS = Map.of(
            SWEEP, new ConcurrentLinkedQueue<>(), DELTA, new ConcurrentLinkedQueue<>(), DETAILS, new ConcurrentLinkedQueue<>());
    private static final int POOL_LIMIT = 2 * Runtime.getRuntime().availableProcessors();

    /** A reader's row-group arrays and decoder (with its own arrays). */
    private static final class RowArrays {
        String[] keys = new String[0];
        String[] nodes = new String[0];
        String[] types = new String[0];
        String[] files = new String[0];
        String[] extras = new String[0];
        long[] ls = new long[0];
        int[] cs = new int[0];
        long[] lines = new long[0];
        /** Per variable, per row: null (untouched), UNSET or the value. Column-wise, so that decoding writes sequentially. */
        Object[][] assignments = new Object[0][];
        ChunkDecoder decoder;

        /**
         * Room for a row group of {@code count} rows and {@code variables} variables, with the columns that decoding
         * writes only where defined (optional columns, assignments) cleared; the key, node and HLC columns only when
         * {@code rows}, the {@link #DETAILS} columns only when {@code details}.
         */
        void prepare(int count, int variables, boolean rows, boolean details) {
            // with room to spare: the parts of a dataset hold about as many rows each, and arrays of exactly one
            // part's size were allocated again for any larger part read after it
            int capacity = count + (count >> 3);
            if (rows && keys.length < count) {
                keys = new String[capacity];
                nodes = new String[capacity];
                ls = new long[capacity];
                cs = new int[capacity];
            }
            if (details && types.length < count) {
                types = new String[capacity];
                files = new String[capacity];
                extras = new String[capacity];
                lines = new long[capacity];
            } else if (details) {
                Arrays.fill(types, 0, count, null);
                Arrays.fill(files, 0, count, null);
                Arrays.fill(extras, 0, count, null);
                Arrays.fill(lines, 0, count, 0);
            }
            if (assignments.length < variables) {
                assignments = Arrays.copyOf(assignments, variables);
            }
            for (int variable = 0; variable < variables; variable++) {
                if (assignments[variable] == null || assignments[variable].length < count) {
                    assignments[variable] = new Object[capacity];
                } else {
                    Arrays.fill(assignments[variable], 0, count, null);
                }
            }
        }
    }

    private final String path;
    private final ParquetFileReader file;
    private final Configuration configuration;
    private final boolean decodes;
    private final Set<String> decoded;
    private final MessageType schema;
    private final String createdBy;
    private final Variables variables;
    private final Map<String, Integer> variableIndexes = new HashMap<>();
    private final Object[] untouched;
    private final StringTable strings = new StringTable();
    private final Converter root;

    // the current row group, column by column
    private final RowArrays arrays;
    private final ChunkDecoder decoder;
    private final Columns columns;
    private int block;
    /** The file's row group whose rows the arrays hold, -1 before the first. */
    private int rowGroup = -1;
    private int rows;
    private int row;
    private int cursor;
    private final Details details = new Details();

    private String key;
    private boolean inKey;
    private boolean closed;

    private PartReader(String path, ParquetFileReader file, Configuration configuration, Variables variables, Columns columns,
            Set<String> names, boolean decode) {
        this.path = path;
        this.file = file;
        this.configuration = configuration;
        this.decodes = decode;
        this.decoded = names;
        this.variables = variables;
        this.untouched = new Object[variables.size()];
        this.arrays = borrow(names);
        for (int i = 0; i < variables.size(); i++) {
            variableIndexes.put(variables.name(i), i);
        }
        MessageType fileSchema = file.getFooter().getFileMetaData().getSchema();
        this.columns = columns;
        List<Type> fields = fileSchema.getFields().stream().filter(field -> names.contains(field.getName())).toList();
        this.schema = new MessageType(fileSchema.getName(), fields);
        this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
        file.setRequestedSchema(schema);
        this.root = converter(schema, List.of());
        if (decode && arrays.decoder == null) {
            arrays.decoder = new ChunkDecoder(strings, path);
        } else if (decode) {
            arrays.decoder.use(strings, path);
        }
        this.decoder = decode ? arrays.decoder : null;
    }

    private static RowArrays borrow(Set<String> names) {
        Queue<SoftReference<RowArrays>> pool = POOLS.get(names);
        for (SoftReference<RowArrays> pooled; (pooled = pool.poll()) != null; ) {
            RowArrays arrays = pooled.get();
            if (arrays != null) {
                return arrays;
            }
        }
        return new RowArrays();
    }

    /** Gives the arrays, as grown, back to their pool (the values of the last row group stay until overwritten). */
    private void giveBack() {
        Queue<SoftReference<RowArrays>> pool = POOLS.get(decoded);
        if (pool.size() < POOL_LIMIT) {
            pool.offer(new SoftReference<>(arrays));
        }
    }

    /**
     * @param variables the dataset's variables (the fields of the {@code vars} group, by name)
     */
    public static PartReader open(Configuration configuration, String path, Variables variables, Columns columns) {
        return open(configuration, path, variables, columns, true);
    }

    /** @param decode whether to use {@link ChunkDecoder} where it can (false: parquet-mr's column readers throughout) */
    static PartReader open(Configuration configuration, String path, Variables variables, Columns columns, boolean decode) {
        return open(configuration, path, variables, columns, columns == Columns.SWEEP ? SWEEP : DELTA, decode);
    }

    private static PartReader open(Configuration configuration, String path, Variables variables, Columns columns, Set<String> names,
            boolean decode) {
        try {
            // read options from the given configuration: ParquetReadOptions.builder() would load a fresh Hadoop
            // configuration (its XML resources) for every part
            ParquetFileReader file = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), configuration),
                    HadoopReadOptions.builder(configuration).withCodecFactory(new PageCodecs(configuration)).build());
            return new PartReader(path, file, configuration, variables, columns, names, decode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Moves to the next key (skipping what is left of the current one); false at the end of the part. */
    public boolean nextKey() {
        if (inKey) {
            while (hasEvent()) {
                row++;
            }
        }
        if (row == rows && !readRowGroup()) {
            inKey = false;
            return false;
        }
        key = arrays.keys[row];
        inKey = true;
        return true;
    }

    /** The current key. */
    public String key() {
        return key;
    }

    /**
     * The current key's events, in HLC order; consumed as they are read.
     *
     * @throws IllegalStateException when the reader was opened for {@link Columns#DELTA}
     */
    public Iterator<SweepEvent> events() {
        EventCursor cursor = cursor(null);
        return new Iterator<>() {
            private boolean ahead;

            @Override
            public boolean hasNext() {
                if (!ahead) {
                    ahead = cursor.next();
                }
                return ahead;
            }

            @Override
            public SweepEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = false;
                return cursor.event();
            }
        };
    }

    /**
     * The current key's events up to {@code to} (all with null), in HLC order, read in place from the decoded columns;
     * consumed as they are read.
     *
     * @throws IllegalStateException when the reader was opened for {@link Columns#DELTA}
     */
    public EventCursor cursor(Hlc to) {
        requireSweepColumns();
        return new Cursor(to);
    }

    /** {@link #cursor}: the current event is row {@code at} of the arrays, which hold its row group. */
    private final class Cursor implements EventCursor {
        private final Hlc to;
        private int at = -1;

        Cursor(Hlc to) {
            this.to = to;
        }

        @Override
        public boolean next() {
            if (!hasEvent() || to != null && Hlc.compare(arrays.ls[row], arrays.cs[row], to.l(), to.c()) > 0) {
                at = -1;
                return false;
            }
            at = row++;
            return true;
        }

        @Override
        public long hlcL() {
            return arrays.ls[current()];
        }

        @Override
        public int hlcC() {
            return arrays.cs[current()];
        }

        @Override
        public String node() {
            return arrays.nodes[current()];
        }

        @Override
        public int assignmentCount() {
            return untouched.length;
        }

        @Override
        public Object assignment(int variable) {
            return arrays.assignments[variable][current()];
        }

        @Override
        public SweepEvent event() {
            int row = current();
            return SweepEvent.ofTypedColumns(arrays.nodes[row], new Hlc(arrays.ls[row], arrays.cs[row]), assignments(row), details,
                    detailIndex());
        }

        @Override
        public SweepEvent.DetailSource details() {
            return details;
        }

        @Override
        public long detailIndex() {
            return (long) rowGroup << 32 | current();
        }

        private int current() {
            if (at < 0) {
                throw new IllegalStateException("no current event: next() has not returned true");
            }
            return at;
        }
    }

    /**
     * What the current key's remaining events do to its state, straight from the decoded columns; consumes them. The
     * events are not checked (order, types): for a first pass over a part that the sweep then reads in full.
     */
    public StateDelta delta() {
        StateDelta.Builder delta = new StateDelta.Builder(untouched.length);
        Object[][] columns = arrays.assignments;
        while (hasEvent()) {
            Object[] last = delta.node(arrays.nodes[row]);
            for (int variable = 0; variable < untouched.length; variable++) {
                Object value = columns[variable][row];
                if (value != null) {
                    last[variable] = value;
                }
            }
            row++;
        }
        return delta.build();
    }

    /** The assignments of {@code row} as one array, the shared empty one when the row assigns nothing. */
    private Object[] assignments(int row) {
        Object[][] columns = arrays.assignments;
        for (int variable = 0; variable < untouched.length; variable++) {
            if (columns[variable][row] != null) {
                Object[] values = new Object[untouched.length];
                for (int v = variable; v < untouched.length; v++) {
                    values[v] = columns[v][row];
                }
                return values;
            }
        }
        return untouched;
    }

    /** The HLC of the next event of the current key, or null when the key has no more. */
    public Hlc peekHlc() {
        requireSweepColumns();
        return hasEvent() ? new Hlc(arrays.ls[row], arrays.cs[row]) : null;
    }

    private void requireSweepColumns() {
        if (columns != Columns.SWEEP) {
            throw new IllegalStateException(path + " was opened for " + columns + ": events need " + Columns.SWEEP);
        }
    }

    private boolean hasEvent() {
        if (!inKey) {
            return false;
        }
        if (row == rows && !readRowGroup()) {
            return false;
        }
        return arrays.keys[row].equals(key);
    }

    /** Decodes the next row group into the arrays; false at the end of the part. */
    private boolean readRowGroup() {
        List<BlockMetaData> blocks = file.getRowGroups();
        while (block < blocks.size() && blocks.get(block).getRowCount() == 0) {
            block++;
        }
        if (block == blocks.size()) {
            return false;
        }
        BlockMetaData metadata = blocks.get(block);
        PageReadStore pages;
        try {
            pages = file.readRowGroup(block);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        rowGroup = block;
        block++;
        int count = Math.toIntExact(pages.getRowCount());
        arrays.prepare(count, decoded.contains(EventsSchema.VARS) ? untouched.length : 0, decoded.contains(EventsSchema.KEY),
                decoded.contains(EventsSchema.LINE));
        Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
        for (ColumnChunkMetaData chunk : metadata.getColumns()) {
            chunks.put(chunk.getPath(), chunk);
        }
        ColumnReadStoreImpl store = null;
        for (ColumnDescriptor column : schema.getColumns()) {
            ChunkDecoder.Form form = form(column);
            ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(column.getPath()));
            if (decoder != null && chunk != null && ChunkDecoder.supports(chunk, column, form)) {
                decoder.decode(column, pages.getPageReader(column), form);
                scatter(column, count);
                continue;
            }
            if (store == null) {
                store = new ColumnReadStoreImpl(pages, root.asGroupConverter(), schema, createdBy);
            }
            readWithConverters(store.getColumnReader(column), column, count);
        }
        rows = count;
        row = 0;
        return true;
    }

    private static ChunkDecoder.Form form(ColumnDescriptor column) {
        return switch (column.getPath()[0]) {
            case EventsSchema.HLC_L, EventsSchema.LINE -> ChunkDecoder.Form.LONGS;
            case EventsSchema.HLC_C -> ChunkDecoder.Form.INTS;
            default -> ChunkDecoder.Form.OBJECTS;
        };
    }

    /** Moves what the decoder read for {@code column} into the row arrays. */
    private void scatter(ColumnDescriptor column, int count) {
        ChunkDecoder d = decoder;
        String[] name = column.getPath();
        if (d.repetition == null && d.entries != count) {
            throw new IllegalStateException(path + ": column " + String.join(".", name) + " has " + d.entries + " values for "
                    + count + " rows");
        }
        int[] definition = d.definition;
        int defined = column.getMaxDefinitionLevel();
        switch (name[0]) {
            case EventsSchema.HLC_L -> System.arraycopy(d.longs, 0, arrays.ls, 0, count);
            case EventsSchema.HLC_C -> System.arraycopy(d.ints, 0, arrays.cs, 0, count);
            case EventsSchema.LINE -> System.arraycopy(d.longs, 0, arrays.lines, 0, count);
            case EventsSchema.KEY -> strings(d, definition, defined, arrays.keys, count);
            case EventsSchema.NODE -> strings(d, definition, defined, arrays.nodes, count);
            case EventsSchema.TYPE -> strings(d, definition, defined, arrays.types, count);
            case EventsSchema.FILE -> strings(d, definition, defined, arrays.files, count);
            case EventsSchema.EXTRA -> strings(d, definition, defined, arrays.extras, count);
            case EventsSchema.VARS -> {
                int variable = variableIndex(name[name.length - 1]);
                Object[] values = d.objects;
                if (definition == null) {
                    for (int i = 0; i < count; i++) {
                        assign(i, variable, values[i]);
                    }
                } else {
                    for (int i = 0, k = 0; i < count; i++) {
                        if (definition[i] == defined) {
                            assign(i, variable, values[k++]);
                        }
                    }
                }
            }
            case EventsSchema.UNSET -> {
                int at = -1;
                for (int i = 0, k = 0; i < d.entries; i++) {
                    if (d.repetition[i] == 0) {
                        at++;
                    }
                    if (definition[i] == defined) {
                        // a variable that is only ever unset has no column: it is absent from every cut anyway
                        Integer variable = variableIndexes.get((String) d.objects[k++]);
                        if (variable != null) {
                            assign(at, variable, SweepEvent.UNSET);
                        }
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected column " + String.join(".", name));
        }
    }

    private static void strings(ChunkDecoder d, int[] definition, int defined, String[] into, int count) {
        Object[] values = d.objects;
        if (definition == null) {
            for (int i = 0; i < count; i++) {
                into[i] = (String) values[i];
            }
        } else {
            for (int i = 0, k = 0; i < count; i++) {
                into[i] = definition[i] == defined ? (String) values[k++] : null;
            }
        }
    }

    /** parquet-mr's column reader into the converters: for chunks in encodings {@link ChunkDecoder} does not read. */
    private void readWithConverters(ColumnReader reader, ColumnDescriptor column, int count) {
        int defined = column.getMaxDefinitionLevel();
        if (column.getMaxRepetitionLevel() == 0) {
            for (int i = 0; i < count; i++) {
                cursor = i;
                if (reader.getCurrentDefinitionLevel() == defined) {
                    reader.writeCurrentValueToConverter();
                }
                reader.consume();
            }
        } else {
            long values = reader.getTotalValueCount();
            int at = -1;
            for (long i = 0; i < values; i++) {
                if (reader.getCurrentRepetitionLevel() == 0) {
                    at++;
                }
                cursor = at;
                if (reader.getCurrentDefinitionLevel() == defined) {
                    reader.writeCurrentValueToConverter();
                }
                reader.consume();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (details.reader != null) {
            details.reader.close();
        }
        giveBack();
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    /** The {@link #DETAILS} of this part's events, for the events asked for, from a reader of those columns alone. */
    private final class Details implements SweepEvent.DetailSource {
        private PartReader reader;

        @Override
        public SweepEvent.Details details(long index) {
            if (closed) {
                throw new IllegalStateException(path + " is closed: the type, file, line and extra of its events are no longer read");
            }
            int group = (int) (index >>> 32);
            int at = (int) index;
            if (reader == null) {
                reader = open(configuration, path, variables, columns, DETAILS, decodes);
            }
            if (reader.rowGroup != group) {
                reader.block = group;
                if (!reader.readRowGroup() || reader.rowGroup != group) {
                    throw new IllegalStateException(path + " has no rows in row group " + group);
                }
            }
            RowArrays read = reader.arrays;
            return new SweepEvent.Details(read.types[at], read.files[at] == null ? "" : read.files[at], read.lines[at], read.extras[at]);
        }
    }

    /** The converter tree Parquet's column readers write into: a leaf per column, filling that column's array. */
    private Converter converter(Type type, List<String> at) {
        if (!type.isPrimitive() || type instanceof MessageType) {
            GroupType group = type.asGroupType();
            Converter[] children = new Converter[group.getFieldCount()];
            for (int i = 0; i < children.length; i++) {
                List<String> child = new java.util.ArrayList<>(at);
                child.add(group.getType(i).getName());
                children[i] = converter(group.getType(i), child);
            }
            return new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return children[fieldIndex];
                }

                @Override
                public void start() {
                }

                @Override
                public void end() {
                }
            };
        }
        String column = at.get(0);
        switch (column) {
            case EventsSchema.KEY:
                return new StringColumn(strings, value -> arrays.keys[cursor] = value);
            case EventsSchema.NODE:
                return new StringColumn(strings, value -> arrays.nodes[cursor] = value);
            case EventsSchema.TYPE:
                return new StringColumn(strings, value -> arrays.types[cursor] = value);
            case EventsSchema.FILE:
                return new StringColumn(strings, value -> arrays.files[cursor] = value);
            case EventsSchema.EXTRA:
                return new StringColumn(null, value -> arrays.extras[cursor] = value);
            case EventsSchema.HLC_L:
                return new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        arrays.ls[cursor] = value;
                    }
                };
            case EventsSchema.HLC_C:
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        arrays.cs[cursor] = value;
                    }
                };
            case EventsSchema.LINE:
                return new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        arrays.lines[cursor] = value;
                    }
                };
            case EventsSchema.VARS:
                return variable(at.get(at.size() - 1));
            case EventsSchema.UNSET:
                return new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        // a variable that is only ever unset has no column: it is absent from every cut anyway
                        Integer index = variableIndexes.get(value.toStringUsingUTF8());
                        if (index != null) {
                            assign(index, SweepEvent.UNSET);
                        }
                    }
                };
            default:
                throw new IllegalStateException("unexpected column " + at);
        }
    }

    private int variableIndex(String name) {
        Integer found = variableIndexes.get(name);
        if (found == null) {
            throw new IllegalStateException(path + ": variable column '" + name + "' is not among " + variables.names());
        }
        return found;
    }

    private Converter variable(String name) {
        int index = variableIndex(name);
        return switch (variables.type(index)) {
            case LONG -> new PrimitiveConverter() {
                @Override
                public void addLong(long value) {
                    assign(index, value);
                }
            };
            case DOUBLE -> new PrimitiveConverter() {
                @Override
                public void addDouble(double value) {
                    assign(index, value);
                }
            };
            case BOOLEAN -> new PrimitiveConverter() {
                @Override
                public void addBoolean(boolean value) {
                    assign(index, value);
                }
            };
            case STRING -> new StringColumn(strings, value -> assign(index, value));
        };
    }

    private void assign(int variable, Object value) {
        assign(cursor, variable, value);
    }

    private void assign(int row, int variable, Object value) {
        arrays.assignments[variable][row] = value;
    }

    private interface StringSink {
        void accept(String value);
    }

    /** A string column; dictionary entries are decoded once, and short plain values are interned. */
    private static final class StringColumn extends PrimitiveConverter {
        private final StringTable strings;
        private final StringSink sink;
        private Dictionary dictionary;
        private String[] decoded;

        StringColumn(StringTable strings, StringSink sink) {
            this.strings = strings;
            this.sink = sink;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.decoded = new String[dictionary.getMaxId() + 1];
        }

        @Override
        public void addValueFromDictionary(int id) {
            String value = decoded[id];
            if (value == null) {
                value = string(dictionary.decodeToBinary(id));
                decoded[id] = value;
            }
            sink.accept(value);
        }

        @Override
        public void addBinary(Binary value) {
            sink.accept(string(value));
        }

        private String string(Binary value) {
            if (strings == null) {
                return value.toStringUsingUTF8();
            }
            byte[] bytes = value.getBytes();
            return strings.intern(bytes, 0, bytes.length);
        }
    }
}
