package io.retrocut.ingest;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;

import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The writer ingest used before {@link EventsParquet}: parquet-mr's record assembly over {@link EventRecord}s (as read
 * back from the spill, with their strings decoded). Kept as the reference {@link EventsParquetTest} compares the
 * column-level writer against: both must write the same schema and the same rows.
 */
final class RecordAssemblyEventsParquet implements AutoCloseable {
    /** Bounds the memory the writer buffers per file; readers still get large enough row groups. */
    static final long ROW_GROUP_BYTES = 32L << 20;

    private final Path directory;
    private final EventWriteSupport support;
    private final List<String> parts = new ArrayList<>();
    private ParquetWriter<EventRecord> writer;
    private Path current;

    /**
     * @param variableNames variable names by id
     * @param variableTypes final column types by id
     */
    RecordAssemblyEventsParquet(Path directory, HlcUnit unit, List<String> variableNames,
            List<VariableType> variableTypes, List<String> nodes, List<String> keys, List<String> files) {
        this.directory = directory;
        this.support = new EventWriteSupport(unit, variableNames, variableTypes, binaries(nodes), binaries(keys),
                binaries(files));
    }

    /** The schema for a dataset with the given variables (sorted by name inside {@code vars}). */
    static MessageType schema(Map<String, VariableType> variables) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        message.required(PrimitiveTypeName.BINARY).as(stringType()).named(EventsSchema.NODE);
        message.required(PrimitiveTypeName.INT64).named(EventsSchema.HLC_L);
        message.required(PrimitiveTypeName.INT32).named(EventsSchema.HLC_C);
        message.required(PrimitiveTypeName.INT64).as(timestampType(true, TimeUnit.MICROS)).named(EventsSchema.TIME);
        message.optional(PrimitiveTypeName.INT64).as(timestampType(true, TimeUnit.MICROS)).named(EventsSchema.TS);
        message.required(PrimitiveTypeName.BINARY).as(stringType()).named(EventsSchema.KEY);
        message.optional(PrimitiveTypeName.BINARY).as(stringType()).named(EventsSchema.TYPE);
        if (!variables.isEmpty()) {
            var vars = message.optionalGroup();
            variables.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(variable -> {
                switch (variable.getValue()) {
                    case LONG -> vars.optional(PrimitiveTypeName.INT64).named(variable.getKey());
                    case DOUBLE -> vars.optional(PrimitiveTypeName.DOUBLE).named(variable.getKey());
                    case BOOLEAN -> vars.optional(PrimitiveTypeName.BOOLEAN).named(variable.getKey());
                    case STRING -> vars.optional(PrimitiveTypeName.BINARY).as(stringType()).named(variable.getKey());
                }
            });
            vars.named(EventsSchema.VARS);
        }
        for (String list : List.of(EventsSchema.UNSET, EventsSchema.SEND, EventsSchema.RECV)) {
            message.optionalList().requiredElement(PrimitiveTypeName.BINARY).as(stringType()).named(list);
        }
        message.optional(PrimitiveTypeName.BINARY).as(stringType()).named(EventsSchema.EXTRA);
        message.required(PrimitiveTypeName.BINARY).as(stringType()).named(EventsSchema.FILE);
        message.required(PrimitiveTypeName.INT64).named(EventsSchema.LINE);
        return message.named("event");
    }

    /** Writes an event into the current part. */
    void write(EventRecord event, long tsMicros) throws IOException {
        if (writer == null) {
            throw new IllegalStateException("no part started");
        }
        support.tsMicros = tsMicros;
        writer.write(event);
    }

    /** Starts a new part: the rows written next go to a file of their own. */
    void nextPart() throws IOException {
        closeCurrent();
        open();
    }

    /** The name of the part being written. */
    String currentPart() {
        return parts.get(parts.size() - 1);
    }

    private void open() throws IOException {
        String name = String.format("%s%05d%s", EventsSchema.PART_PREFIX, parts.size(), EventsSchema.PART_SUFFIX);
        current = directory.resolve(name);
        writer = new Builder(new LocalOutputFile(current), support)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withDictionaryEncoding(true)
                .build();
        parts.add(name);
    }

    /** Names of the part files written so far. */
    List<String> parts() {
        return List.copyOf(parts);
    }

    private void closeCurrent() throws IOException {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + current + ": " + IoErrors.describe(e), e);
            }
            writer = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private static Binary[] binaries(List<String> values) {
        Binary[] binaries = new Binary[values.size()];
        for (int i = 0; i < binaries.length; i++) {
            binaries[i] = Binary.fromConstantByteArray(values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return binaries;
    }

    private static final class Builder extends ParquetWriter.Builder<EventRecord, Builder> {
        private final EventWriteSupport support;

        Builder(LocalOutputFile file, EventWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<EventRecord> getWriteSupport(Configuration configuration) {
            return support;
        }
    }

    /** Maps an {@link EventRecord} (as read from the spill: ids, final types known) onto the record consumer. */
    private static final class EventWriteSupport extends WriteSupport<EventRecord> {
        private final HlcUnit unit;
        private final MessageType schema;
        private final Map<String, String> metadata;
        private final Binary[] nodes;
        private final Binary[] keys;
        private final Binary[] files;
        private final Binary[] variableNames;
        private final VariableType[] variableTypes;
        /** Field index of each variable (by id) inside the {@code vars} group. */
        private final int[] variableFields;
        private final String[] variableFieldNames;
        private final int node;
        private final int hlcL;
        private final int hlcC;
        private final int time;
        private final int ts;
        private final int key;
        private final int type;
        private final int vars;
        private final int unset;
        private final int send;
        private final int recv;
        private final int extra;
        private final int file;
        private final int line;
        private RecordConsumer consumer;
        private int[] order = new int[8];
        long tsMicros;

        EventWriteSupport(HlcUnit unit, List<String> names, List<VariableType> types, Binary[] nodes, Binary[] keys,
                Binary[] files) {
            this.unit = unit;
            Map<String, VariableType> variables = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                variables.put(names.get(i), types.get(i));
            }
            this.schema = schema(variables);
            this.metadata = Map.of(
                    EventsSchema.HLC_UNIT_KEY, unit.label(),
                    EventsSchema.VERSION_KEY, Integer.toString(EventsSchema.VERSION));
            this.nodes = nodes;
            this.keys = keys;
            this.files = files;
            this.variableNames = new Binary[names.size()];
            this.variableTypes = types.toArray(new VariableType[0]);
            this.variableFields = new int[names.size()];
            this.variableFieldNames = names.toArray(new String[0]);
            String[] sorted = names.toArray(new String[0]);
            Arrays.sort(sorted);
            for (int id = 0; id < names.size(); id++) {
                variableNames[id] = Binary.fromConstantByteArray(names.get(id).getBytes(StandardCharsets.UTF_8));
                variableFields[id] = Arrays.binarySearch(sorted, names.get(id));
            }
            this.node = schema.getFieldIndex(EventsSchema.NODE);
            this.hlcL = schema.getFieldIndex(EventsSchema.HLC_L);
            this.hlcC = schema.getFieldIndex(EventsSchema.HLC_C);
            this.time = schema.getFieldIndex(EventsSchema.TIME);
            this.ts = schema.getFieldIndex(EventsSchema.TS);
            this.key = schema.getFieldIndex(EventsSchema.KEY);
            this.type = schema.getFieldIndex(EventsSchema.TYPE);
            this.vars = names.isEmpty() ? -1 : schema.getFieldIndex(EventsSchema.VARS);
            this.unset = schema.getFieldIndex(EventsSchema.UNSET);
            this.send = schema.getFieldIndex(EventsSchema.SEND);
            this.recv = schema.getFieldIndex(EventsSchema.RECV);
            this.extra = schema.getFieldIndex(EventsSchema.EXTRA);
            this.file = schema.getFieldIndex(EventsSchema.FILE);
            this.line = schema.getFieldIndex(EventsSchema.LINE);
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(EventRecord event) {
            consumer.startMessage();
            binary(EventsSchema.NODE, node, nodes[event.nodeId]);
            int64(EventsSchema.HLC_L, hlcL, event.hlcL);
            consumer.startField(EventsSchema.HLC_C, hlcC);
            consumer.addInteger(event.hlcC);
            consumer.endField(EventsSchema.HLC_C, hlcC);
            int64(EventsSchema.TIME, time, unit.toMicros(event.hlcL));
            if (event.hasTs) {
                int64(EventsSchema.TS, ts, tsMicros);
            }
            binary(EventsSchema.KEY, key, keys[event.keyId]);
            if (event.type != null) {
                binary(EventsSchema.TYPE, type, Binary.fromString(event.type));
            }
            writeVariables(event);
            writeUnset(event);
            if (event.hasSend) {
                list(EventsSchema.SEND, send, event.send);
            }
            if (event.hasRecv) {
                list(EventsSchema.RECV, recv, event.recv);
            }
            if (event.extra != null) {
                binary(EventsSchema.EXTRA, extra, Binary.fromString(event.extra));
            }
            binary(EventsSchema.FILE, file, files[event.fileId]);
            int64(EventsSchema.LINE, line, event.line);
            consumer.endMessage();
        }

        private void writeVariables(EventRecord event) {
            int assigned = 0;
            if (order.length < event.varCount) {
                order = new int[event.varCount];
            }
            for (int i = 0; i < event.varCount; i++) {
                if (event.varTags[i] == EventRecord.NULL) {
                    continue;
                }
                // insertion sort by field index: the record consumer wants a group's fields in schema order
                int field = variableFields[event.varIds[i]];
                int k = assigned++;
                while (k > 0 && variableFields[event.varIds[order[k - 1]]] > field) {
                    order[k] = order[k - 1];
                    k--;
                }
                order[k] = i;
            }
            if (assigned == 0) {
                return;
            }
            consumer.startField(EventsSchema.VARS, vars);
            consumer.startGroup();
            for (int k = 0; k < assigned; k++) {
                int i = order[k];
                int id = event.varIds[i];
                String name = variableFieldNames[id];
                int field = variableFields[id];
                consumer.startField(name, field);
                byte tag = event.varTags[i];
                switch (variableTypes[id]) {
                    case LONG -> consumer.addLong(event.varLongs[i]);
                    case DOUBLE -> consumer.addDouble(tag == EventRecord.LONG
                            ? (double) event.varLongs[i]
                            : Double.parseDouble(event.varTexts[i]));
                    case BOOLEAN -> consumer.addBoolean(event.varLongs[i] != 0);
                    case STRING -> consumer.addBinary(Binary.fromString(switch (tag) {
                        case EventRecord.LONG -> Long.toString(event.varLongs[i]);
                        case EventRecord.BOOLEAN -> event.varLongs[i] != 0 ? "true" : "false";
                        default -> event.varTexts[i];
                    }));
                }
                consumer.endField(name, field);
            }
            consumer.endGroup();
            consumer.endField(EventsSchema.VARS, vars);
        }

        private void writeUnset(EventRecord event) {
            boolean any = false;
            for (int i = 0; i < event.varCount; i++) {
                if (event.varTags[i] != EventRecord.NULL) {
                    continue;
                }
                if (!any) {
                    startList(EventsSchema.UNSET, unset);
                    any = true;
                }
                element(variableNames[event.varIds[i]]);
            }
            if (any) {
                endList(EventsSchema.UNSET, unset);
            }
        }

        private void list(String name, int index, List<String> values) {
            if (values.isEmpty()) {
                consumer.startField(name, index);
                consumer.startGroup();
                consumer.endGroup();
                consumer.endField(name, index);
                return;
            }
            startList(name, index);
            for (String value : values) {
                element(Binary.fromString(value));
            }
            endList(name, index);
        }

        private void startList(String name, int index) {
            consumer.startField(name, index);
            consumer.startGroup();
            consumer.startField("list", 0);
        }

        private void element(Binary value) {
            consumer.startGroup();
            consumer.startField("element", 0);
            consumer.addBinary(value);
            consumer.endField("element", 0);
            consumer.endGroup();
        }

        private void endList(String name, int index) {
            consumer.endField("list", 0);
            consumer.endGroup();
            consumer.endField(name, index);
        }

        private void binary(String name, int index, Binary value) {
            consumer.startField(name, index);
            consumer.addBinary(value);
            consumer.endField(name, index);
        }

        private void int64(String name, int index, long value) {
            consumer.startField(name, index);
            consumer.addLong(value);
            consumer.endField(name, index);
        }
    }
}
