package io.retrocut.ingest;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A column with definition levels and at most one level of repetition (the {@code vars} fields, the lists and
 * {@code extra}), of strings or INT64 values. Values are dictionary ids of a {@link ColumnDictionary.Strings} or
 * {@link ColumnDictionary.Longs} (encoded {@code PLAIN_DICTIONARY}), or PLAIN without a dictionary (message ids). As
 * parquet-mr's writer does, a dictionary column falls back to PLAIN pages for the rest of the chunk once its dictionary
 * passes {@link #DICTIONARY_BYTES}, or for the whole chunk when the first page's ids and dictionary are no smaller than
 * its plain values. Pages are v1: repetition levels, then definition levels, each in the RLE/bit-packing hybrid after
 * a 4-byte length, then the values. A page also ends at a row boundary once its plain values pass {@link #PAGE_BYTES}.
 * Not thread-safe.
 */
final class LevelColumn extends PageColumn {
    /** parquet-mr's default dictionary page size limit. */
    static final int DICTIONARY_BYTES = 1 << 20;
    /** parquet-mr's default page size. */
    static final int PAGE_BYTES = 1 << 20;

    private final int maxDefinition;
    private final boolean repeated;
    private final boolean statisticsEnabled;
    /** Null for PLAIN values. */
    private final ColumnDictionary.Strings strings;
    private final ColumnDictionary.Longs longs;
    private final boolean binary;
    private int[] definitions = new int[PAGE_ROWS];
    private int[] repetitions;
    private int[] ids = new int[PAGE_ROWS];
    private final PageBuffer plain = new PageBuffer();
    private final PageBuffer buffer = new PageBuffer();
    /** Level entries (values and nulls) and values of the current page. */
    private int levels;
    private int values;
    private int rows;
    /** Whether the chunk has given up its dictionary (from the next value on, values go to {@link #plain}). */
    private boolean plainValues;
    private boolean firstPage = true;
    /** Plain pages: the minimum and maximum (offsets in {@link #plain}, or values), for the statistics. */
    private int minAt = -1;
    private int maxAt = -1;
    private long minLong = Long.MAX_VALUE;
    private long maxLong = Long.MIN_VALUE;

    /**
     * @param strings the dictionary of a string column, null for a PLAIN string column or a long column
     * @param longs the dictionary of an INT64 column, null for a string column
     */
    LevelColumn(ColumnDescriptor descriptor, ColumnDictionary.Strings strings, ColumnDictionary.Longs longs,
            boolean statisticsEnabled) {
        super(descriptor);
        if (descriptor.getMaxRepetitionLevel() > 1 || descriptor.getMaxDefinitionLevel() > 2) {
            throw new IllegalArgumentException("levels too deep: " + descriptor);
        }
        PrimitiveTypeName type = descriptor.getPrimitiveType().getPrimitiveTypeName();
        this.binary = type == PrimitiveTypeName.BINARY;
        if (binary ? longs != null : (type != PrimitiveTypeName.INT64 || longs == null || strings != null)) {
            throw new IllegalArgumentException("no encoder for " + descriptor);
        }
        this.maxDefinition = descriptor.getMaxDefinitionLevel();
        this.repeated = descriptor.getMaxRepetitionLevel() == 1;
        this.repetitions = repeated ? new int[PAGE_ROWS] : null;
        this.statisticsEnabled = statisticsEnabled;
        this.strings = strings;
        this.longs = longs;
        this.plainValues = strings == null && longs == null;
    }

    /** A null at this definition level (below the maximum), starting a row. */
    void addNull(int definition) throws IOException {
        startRow();
        level(definition, 0);
    }

    /** A string value; {@code first} when it starts a row (always, unless repeated). */
    void add(byte[] data, int offset, int length, boolean first) throws IOException {
        if (first) {
            startRow();
        }
        level(maxDefinition, first ? 0 : 1);
        if (plainValues) {
            int at = plain.size();
            plain.writeInt(length);
            plain.write(data, offset, length);
            trackMinMax(at);
        } else {
            addId(strings.id(data, offset, length));
        }
    }

    /** A long value starting a row (top-level and group fields only). */
    void add(long value) throws IOException {
        startRow();
        level(maxDefinition, 0);
        if (plainValues) {
            plain.writeLong(value);
            minLong = Math.min(minLong, value);
            maxLong = Math.max(maxLong, value);
        } else {
            addId(longs.id(value));
        }
    }

    private void startRow() throws IOException {
        if (rows == PAGE_ROWS || plain.size() >= PAGE_BYTES) {
            endPage();
        }
        rows++;
    }

    private void level(int definition, int repetition) {
        if (levels == definitions.length) {
            definitions = Arrays.copyOf(definitions, levels * 2);
            if (repeated) {
                repetitions = Arrays.copyOf(repetitions, levels * 2);
            }
        }
        definitions[levels] = definition;
        if (repeated) {
            repetitions[levels] = repetition;
        }
        levels++;
    }

    private void addId(int id) {
        if (values == ids.length) {
            ids = Arrays.copyOf(ids, values * 2);
        }
        ids[values++] = id;
    }

    private int compare(int a, int b) {
        byte[] bytes = plain.ensure(0);
        int lengthA = PageBuffer.readInt(bytes, a);
        int lengthB = PageBuffer.readInt(bytes, b);
        return Arrays.compareUnsigned(bytes, a + 4, a + 4 + lengthA, bytes, b + 4, b + 4 + lengthB);
    }

    @Override
    void endPage() throws IOException {
        if (levels == 0) {
            return;
        }
        int valueCount = plainValues ? levels - nullCount() : values;
        if (!plainValues && firstPage && dictionaryDoesNotPay()) {
            // as parquet-mr: a dictionary that saves nothing on the first page is dropped for the whole chunk
            for (int i = 0; i < values; i++) {
                writeEntryPlain(ids[i]);
            }
            clearDictionary();
            plainValues = true;
        }
        buffer.clear();
        if (repeated) {
            writeLevels(repetitions, 1);
        }
        if (maxDefinition > 0) {
            writeLevels(definitions, HybridEncoder.bitWidth(maxDefinition));
        }
        Statistics<?> statistics = statisticsEnabled
                ? Statistics.createStats(descriptor.getPrimitiveType())
                : Statistics.noopStats(descriptor.getPrimitiveType());
        Encoding encoding;
        if (plainValues) {
            byte[] bytes = plain.ensure(0);
            buffer.write(bytes, 0, plain.size());
            if (statisticsEnabled && valueCount > 0) {
                if (binary) {
                    statistics.updateStats(stringAt(minAt));
                    statistics.updateStats(stringAt(maxAt));
                } else {
                    ColumnDictionary.Longs.update(statistics, minLong, maxLong, false);
                }
            }
            encoding = Encoding.PLAIN;
        } else if (values == 0 && dictionary().size() == 0) {
            // readers want a dictionary page for a dictionary-encoded page: nothing but nulls so far is a PLAIN page
            encoding = Encoding.PLAIN;
        } else {
            HybridEncoder.encodeIds(ids, values, buffer);
            if (statisticsEnabled && values > 0) {
                dictionary().updateStatistics(statistics, ids, values);
            }
            encoding = Encoding.PLAIN_DICTIONARY;
        }
        statistics.incrementNumNulls(levels - valueCount);
        pages.writePage(buffer.bytes(), levels, rows, statistics, repeated ? Encoding.RLE : Encoding.BIT_PACKED,
                maxDefinition > 0 ? Encoding.RLE : Encoding.BIT_PACKED, encoding);
        if (!plainValues && dictionary().byteSize() > DICTIONARY_BYTES) {
            plainValues = true;
        }
        firstPage = false;
        levels = 0;
        values = 0;
        rows = 0;
        plain.clear();
        minAt = -1;
        maxAt = -1;
        minLong = Long.MAX_VALUE;
        maxLong = Long.MIN_VALUE;
    }

    /** One kind of levels of the page: their byte length, then the hybrid encoding. */
    private void writeLevels(int[] entries, int bitWidth) {
        int lengthAt = buffer.size();
        buffer.writeInt(0);
        HybridEncoder.encode(entries, levels, bitWidth, buffer);
        buffer.setInt(lengthAt, buffer.size() - lengthAt - 4);
    }

    private int nullCount() {
        int nulls = 0;
        for (int i = 0; i < levels; i++) {
            if (definitions[i] != maxDefinition) {
                nulls++;
            }
        }
        return nulls;
    }

    /** Whether the first page's ids and the dictionary take as many bytes as the values would plain. */
    private boolean dictionaryDoesNotPay() {
        long raw = 0;
        if (binary) {
            // every value plain: its entry's bytes and length once per use
            for (int i = 0; i < values; i++) {
                raw += 4 + strings.length(ids[i]);
            }
        } else {
            raw = 8L * values;
        }
        long encoded = ((long) values * HybridEncoder.bitWidth(Math.max(0, dictionary().size() - 1)) + 7) / 8;
        return values > 0 && encoded + dictionary().byteSize() >= raw;
    }

    /** With statistics, keeps the PLAIN string written at {@code at} if it is the page's smallest or largest. */
    private void trackMinMax(int at) {
        if (statisticsEnabled) {
            if (minAt < 0 || compare(at, minAt) < 0) {
                minAt = at;
            }
            if (maxAt < 0 || compare(at, maxAt) > 0) {
                maxAt = at;
            }
        }
    }

    private void writeEntryPlain(int id) {
        if (binary) {
            int at = plain.size();
            strings.writeEntry(id, plain);
            trackMinMax(at);
        } else {
            long value = longs.value(id);
            plain.writeLong(value);
            minLong = Math.min(minLong, value);
            maxLong = Math.max(maxLong, value);
        }
    }

    private Binary stringAt(int at) {
        byte[] bytes = plain.ensure(0);
        int length = PageBuffer.readInt(bytes, at);
        return Binary.fromConstantByteArray(Arrays.copyOfRange(bytes, at + 4, at + 4 + length));
    }

    private ColumnDictionary dictionary() {
        return strings != null ? strings : longs;
    }

    private void clearDictionary() {
        if (strings != null) {
            strings.clear();
        } else if (longs != null) {
            longs.clear();
        }
    }

    @Override
    void endChunk() throws IOException {
        endPage();
        ColumnDictionary dictionary = dictionary();
        if (dictionary != null && dictionary.size() > 0) {
            buffer.clear();
            dictionary.writeEntries(buffer);
            pages.writeDictionaryPage(new DictionaryPage(buffer.bytes(), dictionary.size(), Encoding.PLAIN_DICTIONARY));
        }
        // the dictionary itself is cleared by the owner once the chunk's pages are in the file
        plainValues = dictionary == null;
        firstPage = true;
    }

    @Override
    long bufferedSize() {
        return pages.getMemSize() + plain.size() + 4L * values + levels;
    }
}
