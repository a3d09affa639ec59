package io.retrocut.analysis.parts;

import io.retrocut.analysis.sweep.SweepEvent;
import io.retrocut.analysis.sweep.Variables;
import io.retrocut.events.EventsSchema;
import io.retrocut.events.Hlc;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one part of an events dataset laid out as {@link EventsSchema#LAYOUT_HLC_SLICED} (rows sorted by key, then
 * HLC) straight into the sweep's events, one key at a time: Parquet's record assembly with converters that fill the
 * event directly, and with the strings of dictionary-encoded columns (nodes, keys, files, event types, string values)
 * decoded once per dictionary entry instead of once per row. Only the columns the sweep reads are decoded.
 *
 * <p>Usage: {@code while (reader.nextKey()) { reader.key(); reader.events() … }}. Not thread-safe.
 */
public final class PartReader implements AutoCloseable {
    /** What to decode: everything a witness shows, or only what a cut's state needs. */
    public enum Columns {
        SWEEP, STATE
    }

    private static final Set<String> SWEEP = Set.of(EventsSchema.KEY, EventsSchema.HLC_L, EventsSchema.HLC_C, EventsSchema.NODE,
            EventsSchema.TYPE, EventsSchema.VARS, EventsSchema.UNSET, EventsSchema.FILE, EventsSchema.LINE, EventsSchema.EXTRA);
    private static final Set<String> STATE = Set.of(EventsSchema.KEY, EventsSchema.HLC_L, EventsSchema.HLC_C, EventsSchema.NODE,
            EventsSchema.VARS, EventsSchema.UNSET);

    private final String path;
    private final ParquetReader<Event> reader;
    private Event next;
    private String key;
    private boolean inKey;

    private PartReader(String path, ParquetReader<Event> reader) throws IOException {
        this.path = path;
        this.reader = reader;
        this.next = reader.read();
    }

    /**
     * @param variables the dataset's variables, in the order of the {@code vars} group's fields
     */
    public static PartReader open(Configuration configuration, String path, Variables variables, Columns columns) {
        try {
            EventReadSupport support = new EventReadSupport(variables, columns == Columns.SWEEP ? SWEEP : STATE);
            ParquetReader<Event> reader = ParquetReader.builder(support, new Path(path)).withConf(configuration).build();
            return new PartReader(path, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Moves to the next key (skipping what is left of the current one); false at the end of the part. */
    public boolean nextKey() {
        if (inKey) {
            Iterator<SweepEvent> rest = events();
            while (rest.hasNext()) {
                rest.next();
            }
        }
        if (next == null) {
            inKey = false;
            return false;
        }
        key = next.key;
        inKey = true;
        return true;
    }

    /** The current key. */
    public String key() {
        return key;
    }

    /** The current key's events, in HLC order; consumed as they are read. */
    public Iterator<SweepEvent> events() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return inKey && next != null && next.key.equals(key);
            }

            @Override
            public SweepEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SweepEvent event = next.event();
                advance();
                return event;
            }
        };
    }

    /** The HLC of the next event of the current key, or null when the key has no more. */
    public Hlc peekHlc() {
        return inKey && next != null && next.key.equals(key) ? new Hlc(next.l, next.c) : null;
    }

    private void advance() {
        try {
            next = reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    /** One row being assembled; the reader hands out the same object again after {@link #event()}. */
    private static final class Event {
        String key;
        String node;
        long l;
        int c;
        String type;
        Object[] assignments;
        String file;
        long line;
        String extra;

        SweepEvent event() {
            return new SweepEvent(node, new Hlc(l, c), type, assignments, file == null ? "" : file, line, extra);
        }
    }

    private static final class EventReadSupport extends ReadSupport<Event> {
        private final Variables variables;
        private final Set<String> columns;

        EventReadSupport(Variables variables, Set<String> columns) {
            this.variables = variables;
            this.columns = columns;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType file = context.getFileSchema();
            List<Type> fields = file.getFields().stream().filter(field -> columns.contains(field.getName())).toList();
            return new ReadContext(new MessageType(file.getName(), fields));
        }

        @Override
        public RecordMaterializer<Event> prepareForRead(Configuration configuration, Map<String, String> metadata, MessageType file,
                ReadContext context) {
            RowConverter root = new RowConverter(context.getRequestedSchema(), variables);
            return new RecordMaterializer<>() {
                @Override
                public Event getCurrentRecord() {
                    return root.event;
                }

                @Override
                public GroupConverter getRootConverter() {
                    return root;
                }
            };
        }
    }

    private static final class RowConverter extends GroupConverter {
        final Event event = new Event();
        private final Converter[] converters;
        private final int variableCount;
        private final StringTable strings = new StringTable();

        RowConverter(MessageType schema, Variables variables) {
            this.variableCount = variables.size();
            converters = new Converter[schema.getFieldCount()];
            for (int i = 0; i < converters.length; i++) {
                Type field = schema.getType(i);
                converters[i] = switch (field.getName()) {
                    case EventsSchema.KEY -> new StringColumn(strings, value -> event.key = value);
                    case EventsSchema.NODE -> new StringColumn(strings, value -> event.node = value);
                    case EventsSchema.TYPE -> new StringColumn(strings, value -> event.type = value);
                    case EventsSchema.FILE -> new StringColumn(strings, value -> event.file = value);
                    case EventsSchema.EXTRA -> new StringColumn(null, value -> event.extra = value);
                    case EventsSchema.HLC_L -> new PrimitiveConverter() {
                        @Override
                        public void addLong(long value) {
                            event.l = value;
                        }
                    };
                    case EventsSchema.HLC_C -> new PrimitiveConverter() {
                        @Override
                        public void addInt(int value) {
                            event.c = value;
                        }
                    };
                    case EventsSchema.LINE -> new PrimitiveConverter() {
                        @Override
                        public void addLong(long value) {
                            event.line = value;
                        }
                    };
                    case EventsSchema.VARS -> new VarsConverter(field.asGroupType(), variables, strings, this);
                    case EventsSchema.UNSET -> new UnsetConverter(variables, this);
                    default -> throw new IllegalStateException("unexpected column " + field.getName());
                };
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            event.type = null;
            event.extra = null;
            event.file = null;
            event.line = 0;
            event.assignments = new Object[variableCount];
        }

        @Override
        public void end() {
        }
    }

    /** The {@code vars} group: one optional field per variable, in the order of {@link Variables}. */
    private static final class VarsConverter extends GroupConverter {
        private final Converter[] fields;

        VarsConverter(GroupType vars, Variables variables, StringTable strings, RowConverter row) {
            fields = new Converter[vars.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                int index = variables.index(vars.getType(i).getName());
                VariableType type = variables.type(index);
                fields[i] = switch (type) {
                    case LONG -> new PrimitiveConverter() {
                        @Override
                        public void addLong(long value) {
                            row.event.assignments[index] = value;
                        }
                    };
                    case DOUBLE -> new PrimitiveConverter() {
                        @Override
                        public void addDouble(double value) {
                            row.event.assignments[index] = value;
                        }
                    };
                    case BOOLEAN -> new PrimitiveConverter() {
                        @Override
                        public void addBoolean(boolean value) {
                            row.event.assignments[index] = value;
                        }
                    };
                    case STRING -> new StringColumn(strings, value -> row.event.assignments[index] = value);
                };
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    /** {@code unset}: a list of variable names; a name with no column (only ever unset) changes nothing. */
    private static final class UnsetConverter extends GroupConverter {
        private final GroupConverter list;

        UnsetConverter(Variables variables, RowConverter row) {
            Map<String, Integer> indexes = new HashMap<>();
            for (int i = 0; i < variables.size(); i++) {
                indexes.put(variables.name(i), i);
            }
            PrimitiveConverter element = new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    Integer index = indexes.get(value.toStringUsingUTF8());
                    if (index != null) {
                        row.event.assignments[index] = SweepEvent.UNSET;
                    }
                }
            };
            list = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return element;
                }

                @Override
                public void start() {
                }

                @Override
                public void end() {
                }
            };
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return list;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    private interface StringSink {
        void accept(String value);
    }

    /** A string column; dictionary pages are decoded once per entry, and short plain values are interned. */
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
            return strings == null ? value.toStringUsingUTF8() : strings.intern(value);
        }
    }

    /** One copy of each short string of a part (node names, keys, files and string values repeat). */
    private static final class StringTable {
        private static final int MAX_BYTES = 64;
        private static final int MAX_ENTRIES = 100_000;
        private final Map<Binary, String> strings = new HashMap<>();

        String intern(Binary value) {
            if (value.length() > MAX_BYTES) {
                return value.toStringUsingUTF8();
            }
            String string = strings.get(value);
            if (string == null) {
                string = new String(value.getBytes(), StandardCharsets.UTF_8);
                if (strings.size() < MAX_ENTRIES) {
                    strings.put(value.copy(), string);
                }
            }
            return string;
        }
    }
}
