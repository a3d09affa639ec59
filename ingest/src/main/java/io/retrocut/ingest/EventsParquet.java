package io.retrocut.ingest;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;

import io.retrocut.events.EventsSchema;
import io.retrocut.events.HlcUnit;
import io.retrocut.events.VariableType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes events as the Parquet dataset of {@link EventsSchema}, one {@code part-NNNNN.parquet} file at a time
 * ({@link SlicedParts} decides which events a part holds and in which order).
 *
 * <p>Events come in their spilled form ({@link Spill.View}) and go straight into column encoders of our own
 * ({@link PageColumn}s; parquet-mr's column writers only for DOUBLE and BOOLEAN variables), with the repetition and
 * definition levels of the fixed schema computed here instead of by record assembly; parquet-mr's page writers keep the
 * pages, the footer and the column and offset indexes. Strings are taken as the spill's UTF-8 bytes (never decoded
 * into {@link String}s); nodes, keys, files and variable names are encoded once per dictionary id. Columns are
 * dictionary encoded (readers rely on it for the strings, and the clustered times compress better so; a dictionary that
 * grows past 1 MB or saves nothing gives way to PLAIN pages, as in parquet-mr), except the line numbers and the message
 * ids of {@code send} and {@code recv}, which hardly repeat: a dictionary would only cost a hash lookup and a copy per
 * value until it was given up on.
 *
 * <p>Thread-safe: parts may be written by several threads at once, each with writers of its own.
 */
final class EventsParquet {
    /** Bounds the memory the writer buffers per file; readers still get large enough row groups. */
    static final long ROW_GROUP_BYTES = 32L << 20;
    /** Records copied together out of the part's bytes before they are decoded. */
    private static final int GATHER_RECORDS = 256;
    /** Rows between two checks of the buffered size against the row group size. */
    private static final int SIZE_CHECK_ROWS = 1024;
    private static final byte[] TRUE_TEXT = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE_TEXT = "false".getBytes(StandardCharsets.US_ASCII);
    /**
     * The top-level columns whose pages {@link PageColumn}s encode: nodes, keys and files by their global dictionary
     * ids, the clock columns with dictionaries of primitive longs ({@code time} sharing the ids of {@code hlc_l}), the
     * event types with a dictionary over the spill's bytes, the line numbers plain.
     */
    private static final Set<String> OWN_COLUMNS = Set.of(EventsSchema.NODE, EventsSchema.HLC_L, EventsSchema.HLC_C,
            EventsSchema.TIME, EventsSchema.TS, EventsSchema.KEY, EventsSchema.TYPE, EventsSchema.FILE, EventsSchema.LINE);
    /**
     * The columns with levels whose pages {@link LevelColumn}s encode: the lists, {@code extra}, and the LONG and
     * STRING fields of {@code vars} (DOUBLE and BOOLEAN fields stay with parquet-mr's column writers).
     */
    private static final Set<String> OWN_LEVEL_COLUMNS = Set.of(EventsSchema.UNSET, EventsSchema.SEND, EventsSchema.RECV,
            EventsSchema.EXTRA);

    private final Path directory;
    private final long rowGroupBytes;
    private final HlcUnit unit;
    private final MessageType schema;
    /** The columns parquet-mr's column writers encode: all but {@link #OWN_COLUMNS}. */
    private final MessageType writerSchema;
    private final Map<String, String> metadata;
    private final ParquetProperties properties;
    private final ColumnDictionary.GlobalStrings.Ranked nodes;
    private final ColumnDictionary.GlobalStrings.Ranked keys;
    private final ColumnDictionary.GlobalStrings.Ranked files;
    private final Binary[] variableNames;
    private final VariableType[] variableTypes;
    private final List<String> variableNameList;
    private final List<String> nodeNameList;
    private final List<String> keyNameList;
    /** The position of each variable (by id) among the {@code vars} columns, which are sorted by name. */
    private final int[] variableColumns;

    /**
     * @param variableNames variable names by id
     * @param variableTypes final column types by id
     */
    EventsParquet(Path directory, HlcUnit unit, List<String> variableNames, List<VariableType> variableTypes,
            List<String> nodes, List<String> keys, List<String> files) {
        this(directory, unit, variableNames, variableTypes, nodes, keys, files, ROW_GROUP_BYTES);
    }

    /** As above, with row groups cut at about {@code rowGroupBytes} of buffered data (tests use small ones). */
    EventsParquet(Path directory, HlcUnit unit, List<String> variableNames, List<VariableType> variableTypes,
            List<String> nodes, List<String> keys, List<String> files, long rowGroupBytes) {
        this.directory = directory;
        this.rowGroupBytes = rowGroupBytes;
        this.unit = unit;
        Map<String, VariableType> variables = new HashMap<>();
        for (int i = 0; i < variableNames.size(); i++) {
            variables.put(variableNames.get(i), variableTypes.get(i));
        }
        this.schema = schema(variables);
        this.writerSchema = writerSchema(schema);
        // sorted: Map.of iterates in an order that changes from JVM to JVM, and the footer lists the entries in it
        this.metadata = new TreeMap<>(Map.of(
                EventsSchema.HLC_UNIT_KEY, unit.label(),
                EventsSchema.VERSION_KEY, Integer.toString(EventsSchema.VERSION)));
        this.properties = ParquetProperties.builder()
                .withDictionaryEncoding(true)
                .withDictionaryEncoding(EventsSchema.SEND + ".list.element", false)
                .withDictionaryEncoding(EventsSchema.RECV + ".list.element", false)
                // optional per-page byte counts (Parquet 2.10's SizeStatistics) that no reader of ours uses
                .withSizeStatisticsEnabled(false)
                // min/max of unique message ids and of JSON text prune nothing, and cost a comparison per value
                .withStatisticsEnabled(EventsSchema.SEND + ".list.element", false)
                .withStatisticsEnabled(EventsSchema.RECV + ".list.element", false)
                .withStatisticsEnabled(EventsSchema.EXTRA, false)
                .build();
        var order = schema.getType(EventsSchema.NODE).asPrimitiveType().<Binary>comparator();
        this.nodes = ColumnDictionary.GlobalStrings.Ranked.of(binaries(nodes), order);
        this.keys = ColumnDictionary.GlobalStrings.Ranked.of(binaries(keys), order);
        this.files = ColumnDictionary.GlobalStrings.Ranked.of(binaries(files), order);
        this.variableNames = binaries(variableNames);
        this.variableTypes = variableTypes.toArray(new VariableType[0]);
        this.variableNameList = List.copyOf(variableNames);
        this.nodeNameList = List.copyOf(nodes);
        this.keyNameList = List.copyOf(keys);
        String[] sorted = variableNames.toArray(new String[0]);
        Arrays.sort(sorted);
        this.variableColumns = new int[sorted.length];
        for (int id = 0; id < sorted.length; id++) {
            variableColumns[id] = Arrays.binarySearch(sorted, variableNames.get(id));
        }
    }

    /** The part of {@code schema} left to parquet-mr's column writers: the DOUBLE and BOOLEAN variables, if any. */
    private static MessageType writerSchema(MessageType schema) {
        List<org.apache.parquet.schema.Type> fields = new java.util.ArrayList<>();
        for (org.apache.parquet.schema.Type field : schema.getFields()) {
            if (OWN_COLUMNS.contains(field.getName()) || OWN_LEVEL_COLUMNS.contains(field.getName())) {
                continue;
            }
            if (field.getName().equals(EventsSchema.VARS)) {
                List<org.apache.parquet.schema.Type> kept = field.asGroupType().getFields().stream()
                        .filter(variable -> !ownVariable(variable.asPrimitiveType().getPrimitiveTypeName()))
                        .toList();
                if (!kept.isEmpty()) {
                    fields.add(field.asGroupType().withNewFields(kept));
                }
                continue;
            }
            fields.add(field);
        }
        return new MessageType(schema.getName(), fields);
    }

    /** Whether a {@code vars} field of this type is encoded by a {@link LevelColumn}. */
    private static boolean ownVariable(PrimitiveTypeName type) {
        return type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.BINARY;
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

    /** The deltas file of a part, relative to the dataset ({@code _deltas/part-00000.json} for the first). */
    static String deltasName(String partName) {
        String stem = partName.substring(0, partName.length() - EventsSchema.PART_SUFFIX.length());
        return EventsSchema.DELTAS_DIRECTORY + "/" + stem + ".json";
    }

    /** The file name of the part with this index ({@code part-00000.parquet} first). */
    static String partName(int index) {
        return String.format("%s%05d%s", EventsSchema.PART_PREFIX, index, EventsSchema.PART_SUFFIX);
    }

    /**
     * Writes one part file: the spilled events at {@code data[offsets[order[i]], offsets[order[i] + 1])}, for i below
     * {@code count}, in that order. {@code data} must not change while this runs; the file is complete on return.
     */
    void writePart(String name, byte[] data, int[] offsets, int[] order, int count) throws IOException {
        Path path = directory.resolve(name);
        Path deltasPath = directory.resolve(deltasName(name));
        // a compressor keeps its output array: one per part, so that parts can be written in parallel
        try (PartFile part = new PartFile(path, new SnappyPages());
                OutputStream deltasFile = new BufferedOutputStream(Files.newOutputStream(
                        Files.createDirectories(deltasPath.getParent()).resolve(deltasPath.getFileName())), 1 << 16)) {
            DeltasCollector deltas = new DeltasCollector(deltasFile, name, data, variableNameList, variableTypes, nodeNameList,
                    keyNameList);
            Spill.View event = new Spill.View();
            byte[] batch = new byte[1 << 16];
            int[] batchOffsets = new int[GATHER_RECORDS];
            for (int start = 0; start < count; start += GATHER_RECORDS) {
                int end = Math.min(count, start + GATHER_RECORDS);
                // gathered first: the copies of records scattered over the part's bytes overlap their cache misses,
                // where decoding them in place waits for each record's lines in turn
                int size = 0;
                for (int i = start; i < end; i++) {
                    int from = offsets[order[i]];
                    int length = offsets[order[i] + 1] - from;
                    if (size + length > batch.length) {
                        batch = Arrays.copyOf(batch, Math.max(batch.length * 2, size + length));
                    }
                    System.arraycopy(data, from, batch, size, length);
                    batchOffsets[i - start] = size;
                    size += length;
                }
                for (int i = start; i < end; i++) {
                    event.read(batch, batchOffsets[i - start]);
                    part.write(event);
                    deltas.add(event, offsets[order[i]]);
                }
            }
            part.finish();
            StableFooter.sortEncodings(path);
            deltas.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + IoErrors.describe(e), e);
        }
    }

    /** One part file being written: its file writer, the current row group's column writers. */
    private final class PartFile implements AutoCloseable {
        private final CompressionCodecFactory.BytesInputCompressor compressor;
        private final ParquetFileWriter file;
        /** Scratch of {@link #writeVariables}: the event's variable index assigned to each {@code vars} column. */
        private final int[] assigned = new int[variableColumns.length];
        private ColumnChunkPageWriteStore pages;
        private ColumnWriteStore store;
        private int rowGroupOrdinal;
        private long rowGroupRows;
        private boolean finished;
        private final ColumnDictionary.GlobalStrings nodeIds = new ColumnDictionary.GlobalStrings(nodes);
        private final ColumnDictionary.GlobalStrings keyIds = new ColumnDictionary.GlobalStrings(keys);
        private final ColumnDictionary.GlobalStrings fileIds = new ColumnDictionary.GlobalStrings(files);
        private final ColumnDictionary.Longs counterIds = new ColumnDictionary.Longs(true);
        private final ColumnDictionary.Longs tsIds = new ColumnDictionary.Longs(false);
        private final ColumnDictionary.Strings typeIds = new ColumnDictionary.Strings();
        private final ColumnDictionary.Strings unsetIds = new ColumnDictionary.Strings();
        private final ColumnDictionary.Strings extraIds = new ColumnDictionary.Strings();
        private final List<ColumnDictionary> dictionaries = new java.util.ArrayList<>(List.of(nodeIds, keyIds, fileIds,
                counterIds, tsIds, typeIds, unsetIds, extraIds));
        private final DictionaryColumn nodeColumn = new DictionaryColumn(descriptor(EventsSchema.NODE), nodeIds);
        // HLCs hardly repeat, and rise slowly within each key's run: deltas, not a dictionary
        private final DeltaLongColumn hlcLColumn = new DeltaLongColumn(descriptor(EventsSchema.HLC_L));
        private final DictionaryColumn hlcCColumn = new DictionaryColumn(descriptor(EventsSchema.HLC_C), counterIds);
        private final DeltaLongColumn timeColumn = new DeltaLongColumn(descriptor(EventsSchema.TIME));
        private final DictionaryColumn tsColumn = new DictionaryColumn(descriptor(EventsSchema.TS), tsIds);
        private final DictionaryColumn keyColumn = new DictionaryColumn(descriptor(EventsSchema.KEY), keyIds);
        private final DictionaryColumn typeColumn = new DictionaryColumn(descriptor(EventsSchema.TYPE), typeIds);
        private final DictionaryColumn fileColumn = new DictionaryColumn(descriptor(EventsSchema.FILE), fileIds);
        private final PlainLongColumn lineColumn = new PlainLongColumn(descriptor(EventsSchema.LINE));
        private final LevelColumn unsetColumn = new LevelColumn(
                schema.getColumnDescription(new String[] {EventsSchema.UNSET, "list", "element"}), unsetIds, null, true);
        private final LevelColumn sendColumn = new LevelColumn(
                schema.getColumnDescription(new String[] {EventsSchema.SEND, "list", "element"}), null, null, false);
        private final LevelColumn recvColumn = new LevelColumn(
                schema.getColumnDescription(new String[] {EventsSchema.RECV, "list", "element"}), null, null, false);
        private final LevelColumn extraColumn = new LevelColumn(descriptor(EventsSchema.EXTRA), extraIds, null, false);
        private final List<PageColumn> ownColumns = new java.util.ArrayList<>(List.of(nodeColumn, hlcLColumn, hlcCColumn,
                timeColumn, tsColumn, keyColumn, typeColumn, unsetColumn, sendColumn, recvColumn, extraColumn,
                fileColumn, lineColumn));
        /** The {@code vars} columns in schema order: a LONG or STRING one is encoded here, the others by parquet-mr. */
        private final LevelColumn[] varColumns = new LevelColumn[variableColumns.length];
        private final ColumnWriter[] varWriters = new ColumnWriter[variableColumns.length];

        PartFile(Path path, CompressionCodecFactory.BytesInputCompressor compressor) throws IOException {
            this.compressor = compressor;
            if (variableColumns.length > 0) {
                List<org.apache.parquet.schema.Type> fields = schema.getType(EventsSchema.VARS).asGroupType().getFields();
                for (int i = 0; i < varColumns.length; i++) {
                    ColumnDescriptor column = schema.getColumnDescription(
                            new String[] {EventsSchema.VARS, fields.get(i).getName()});
                    switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                        case INT64 -> {
                            ColumnDictionary.Longs ids = new ColumnDictionary.Longs(false);
                            dictionaries.add(ids);
                            varColumns[i] = new LevelColumn(column, null, ids, true);
                        }
                        case BINARY -> {
                            ColumnDictionary.Strings ids = new ColumnDictionary.Strings();
                            dictionaries.add(ids);
                            varColumns[i] = new LevelColumn(column, ids, null, true);
                        }
                        default -> {
                            continue;
                        }
                    }
                    ownColumns.add(varColumns[i]);
                }
            }
            this.file = new ParquetFileWriter(new LocalOutputFile(path), schema, ParquetFileWriter.Mode.CREATE,
                    rowGroupBytes, 0, null, properties);
            try {
                file.start();
                startRowGroup();
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Writes the last row group and the footer. */
        void finish() throws IOException {
            endRowGroup();
            file.end(metadata);
            finished = true;
        }

        /** Releases the writers; after a failure, also the file's stream. */
        @Override
        public void close() throws IOException {
            closeStores();
            if (!finished) {
                file.close();
            }
        }

        private void write(Spill.View event) throws IOException {
            byte[] data = event.data;
            nodeColumn.add(nodeIds.id(event.nodeId));
            hlcLColumn.add(event.hlcL);
            timeColumn.add(unit.toMicros(event.hlcL));
            hlcCColumn.add(counterIds.id(event.hlcC));
            if (event.hasTs) {
                tsColumn.add(tsIds.id(event.tsMicros));
            } else {
                tsColumn.addNull();
            }
            keyColumn.add(keyIds.id(event.keyId));
            if (event.typeLength >= 0) {
                typeColumn.add(typeIds.id(data, event.typeOffset, event.typeLength));
            } else {
                typeColumn.addNull();
            }
            if (varColumns.length > 0) {
                writeVariables(event);
            }
            writeUnset(event);
            writeList(sendColumn, event, event.hasSend, 0, event.sendCount);
            writeList(recvColumn, event, event.hasRecv, event.sendCount, event.recvCount);
            if (event.extraLength >= 0) {
                extraColumn.add(data, event.extraOffset, event.extraLength, true);
            } else {
                extraColumn.addNull(0);
            }
            fileColumn.add(fileIds.id(event.fileId));
            lineColumn.add(event.line);
            if (store != null) {
                store.endRecord();
            }
            rowGroupRows++;
            if (rowGroupRows % PageColumn.PAGE_ROWS == 0) {
                for (PageColumn column : ownColumns) {
                    column.endPage();
                }
            }
            // by bytes alone: the store's isColumnFlushNeeded() only says that its next page size check is due, which
            // with the few columns left to it falls on a row of these checks now and then
            if (rowGroupRows % SIZE_CHECK_ROWS == 0 && bufferedSize() >= rowGroupBytes) {
                endRowGroup();
                startRowGroup();
            }
        }

        /** Bytes buffered for the row group, the dictionaries of the own columns included. */
        private long bufferedSize() {
            long size = store == null ? 0 : store.getBufferedSize();
            for (PageColumn column : ownColumns) {
                size += column.bufferedSize();
            }
            for (ColumnDictionary dictionary : dictionaries) {
                size += dictionary.byteSize();
            }
            return size;
        }

        /**
         * Levels of a {@code vars} column: 0 when the event assigns no variable (the group is null), 1 when it assigns
         * others but not this one, 2 for a value.
         */
        private void writeVariables(Spill.View event) throws IOException {
            Arrays.fill(assigned, -1);
            boolean any = false;
            for (int i = 0; i < event.varCount; i++) {
                if (event.varTags[i] != EventRecord.NULL) {
                    assigned[variableColumns[event.varIds[i]]] = i;
                    any = true;
                }
            }
            int absent = any ? 1 : 0;
            for (int column = 0; column < varColumns.length; column++) {
                int i = assigned[column];
                LevelColumn own = varColumns[column];
                if (own != null) {
                    if (i < 0) {
                        own.addNull(absent);
                    } else if (variableTypes[event.varIds[i]] == VariableType.LONG) {
                        own.add(event.varLongs[i]);
                    } else {
                        switch (event.varTags[i]) {
                            case EventRecord.LONG -> {
                                byte[] text = Long.toString(event.varLongs[i]).getBytes(StandardCharsets.US_ASCII);
                                own.add(text, 0, text.length, true);
                            }
                            case EventRecord.BOOLEAN -> {
                                byte[] text = event.varLongs[i] != 0 ? TRUE_TEXT : FALSE_TEXT;
                                own.add(text, 0, text.length, true);
                            }
                            default -> own.add(event.data, event.varOffsets[i], event.varLengths[i], true);
                        }
                    }
                    continue;
                }
                ColumnWriter writer = varWriters[column];
                if (i < 0) {
                    writer.writeNull(0, absent);
                    continue;
                }
                byte tag = event.varTags[i];
                switch (variableTypes[event.varIds[i]]) {
                    case LONG -> writer.write(event.varLongs[i], 0, 2);
                    case DOUBLE -> writer.write(tag == EventRecord.LONG
                            ? (double) event.varLongs[i]
                            : Double.parseDouble(new String(event.data, event.varOffsets[i], event.varLengths[i],
                                    StandardCharsets.US_ASCII)), 0, 2);
                    case BOOLEAN -> writer.write(event.varLongs[i] != 0, 0, 2);
                    case STRING -> throw new IllegalStateException("a string variable without its own column");
                }
            }
        }

        /** The names of the variables the event unsets, in its order; a null list when there are none. */
        private void writeUnset(Spill.View event) throws IOException {
            boolean first = true;
            for (int i = 0; i < event.varCount; i++) {
                if (event.varTags[i] == EventRecord.NULL) {
                    byte[] name = variableNames[event.varIds[i]].getBytesUnsafe();
                    unsetColumn.add(name, 0, name.length, first);
                    first = false;
                }
            }
            if (first) {
                unsetColumn.addNull(0);
            }
        }

        /** An optional list of required strings: null (level 0), empty (level 1) or its elements (level 2). */
        private static void writeList(LevelColumn column, Spill.View event, boolean present, int start, int count)
                throws IOException {
            if (!present) {
                column.addNull(0);
            } else if (count == 0) {
                column.addNull(1);
            } else {
                for (int i = start; i < start + count; i++) {
                    column.add(event.data, event.idOffsets[i], event.idLengths[i], i == start);
                }
            }
        }

        private void startRowGroup() {
            pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
                    properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled(), null,
                    rowGroupOrdinal);
            store = writerSchema.getFields().isEmpty() ? null : properties.newColumnWriteStore(writerSchema, pages, pages);
            rowGroupRows = 0;
            for (PageColumn column : ownColumns) {
                column.start(pages.getPageWriter(column.descriptor));
            }
            if (varColumns.length > 0) {
                List<org.apache.parquet.schema.Type> fields = schema.getType(EventsSchema.VARS).asGroupType().getFields();
                for (int i = 0; i < varColumns.length; i++) {
                    varWriters[i] = varColumns[i] != null ? null : column(EventsSchema.VARS, fields.get(i).getName());
                }
            }
        }

        /** Hands the buffered row group to the file, as parquet-mr's record writer does; nothing when it is empty. */
        private void endRowGroup() throws IOException {
            if (rowGroupRows > 0) {
                file.startBlock(rowGroupRows);
                if (store != null) {
                    store.flush();
                }
                for (PageColumn column : ownColumns) {
                    column.endChunk();
                }
                pages.flushToFileWriter(file);
                file.endBlock();
                rowGroupOrdinal++;
            }
            for (ColumnDictionary dictionary : dictionaries) {
                dictionary.clear();
            }
            closeStores();
        }

        private void closeStores() {
            if (store != null) {
                store.close();
                store = null;
            }
            if (pages != null) {
                pages.close();
                pages = null;
            }
        }

        private ColumnWriter column(String... path) {
            return store.getColumnWriter(writerSchema.getColumnDescription(path));
        }

        private ColumnDescriptor descriptor(String column) {
            return schema.getColumnDescription(new String[] {column});
        }
    }

    private static Binary[] binaries(List<String> values) {
        Binary[] binaries = new Binary[values.size()];
        for (int i = 0; i < binaries.length; i++) {
            binaries[i] = Binary.fromConstantByteArray(values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return binaries;
    }
}
