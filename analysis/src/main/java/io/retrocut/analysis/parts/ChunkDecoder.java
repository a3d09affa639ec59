package io.retrocut.analysis.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes one column chunk of a row group, all its pages, into plain arrays: the definition and repetition levels of
 * every entry, and the defined values one after the other. It works on the decompressed page bytes directly, a tight
 * loop per run of levels or values, where parquet-mr's column reader makes several virtual calls per value.
 *
 * <p>It covers what Parquet writers produce for the events schema (parquet-mr, Spark, DuckDB): data pages v1 and v2,
 * levels in the RLE/bit-packing hybrid (or the deprecated bit-packed) encoding, and values PLAIN or dictionary-encoded
 * (booleans also RLE, integers read into {@link Form#LONGS} or {@link Form#INTS} also DELTA_BINARY_PACKED, as the
 * ingest writes HLCs). {@link #supports} tells from the footer whether a chunk uses anything else (the other DELTA_*
 * encodings, BYTE_STREAM_SPLIT); the caller then reads that chunk with parquet-mr.
 *
 * <p>Values go into one of three forms, chosen per column: {@link Form#LONGS} for INT64, {@link Form#INTS} for INT32,
 * or {@link Form#OBJECTS}, where INT64, DOUBLE and BOOLEAN values are boxed and BYTE_ARRAY values become strings (both
 * once per dictionary entry, strings through the caller's interning table). Reusable across chunks; not thread-safe.
 */
final class ChunkDecoder {
    /** The array the values go into. */
    enum Form {
        LONGS, INTS, OBJECTS
    }

    private static final Set<Encoding> SUPPORTED = Set.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY,
            Encoding.RLE, Encoding.BIT_PACKED);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** The number of entries (level pairs) decoded; the rows of the row group for a column that does not repeat. */
    int entries;
    /** Definition level per entry, or null when the column's maximum is 0 (every entry defined). */
    int[] definition;
    /** Repetition level per entry, or null when the column does not repeat. */
    int[] repetition;
    /** The number of defined values, in the array of the column's form. */
    int values;
    long[] longs = new long[0];
    int[] ints = new int[0];
    Object[] objects = new Object[0];

    private int[] definitionBuffer = new int[0];
    private int[] repetitionBuffer = new int[0];
    private int[] ids = new int[0];

    private StringTable strings;
    private String path;

    // the current chunk
    private ColumnDescriptor column;
    private PrimitiveTypeName type;
    private Form form;
    private long[] dictionaryLongs;
    private int[] dictionaryInts;
    private Object[] dictionaryObjects;

    /**
     * @param strings interns the strings of dictionary entries and of short plain values (one copy per part)
     * @param path the file, for messages
     */
    ChunkDecoder(StringTable strings, String path) {
        use(strings, path);
    }

    /** Makes this decoder, with the arrays it has grown, decode the chunks of another part. */
    void use(StringTable strings, String path) {
        this.strings = strings;
        this.path = path;
    }

    /** Whether this decoder can read the chunk into {@code form} (else the caller reads it with parquet-mr). */
    static boolean supports(ColumnChunkMetaData chunk, ColumnDescriptor column, Form form) {
        for (Encoding encoding : chunk.getEncodings()) {
            // deltas of integers only into integer arrays (the ingest writes HLCs so)
            if (!SUPPORTED.contains(encoding) && !(encoding == Encoding.DELTA_BINARY_PACKED && form != Form.OBJECTS)) {
                return false;
            }
        }
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        return switch (form) {
            case LONGS -> type == PrimitiveTypeName.INT64;
            case INTS -> type == PrimitiveTypeName.INT32;
            case OBJECTS -> type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE || type == PrimitiveTypeName.BOOLEAN
                    || type == PrimitiveTypeName.BINARY;
        };
    }

    /** Decodes every page of {@code pages}, a chunk that {@link #supports} accepted. */
    void decode(ColumnDescriptor column, PageReader pages, Form form) {
        this.column = column;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.form = form;
        int total = Math.toIntExact(pages.getTotalValueCount());
        definition = null;
        repetition = null;
        if (column.getMaxDefinitionLevel() > 0) {
            definitionBuffer = grow(definitionBuffer, total);
            definition = definitionBuffer;
        }
        if (column.getMaxRepetitionLevel() > 0) {
            repetitionBuffer = grow(repetitionBuffer, total);
            repetition = repetitionBuffer;
        }
        switch (form) {
            case LONGS -> longs = grow(longs, total);
            case INTS -> ints = grow(ints, total);
            case OBJECTS -> {
                if (objects.length < total) {
                    objects = new Object[Math.max(total, objects.length * 2)];
                }
            }
        }
        entries = 0;
        values = 0;
        dictionaryLongs = null;
        dictionaryInts = null;
        dictionaryObjects = null;
        DictionaryPage dictionary = pages.readDictionaryPage();
        if (dictionary != null) {
            readDictionary(dictionary);
        }
        while (entries < total) {
            DataPage page = pages.readPage();
            if (page == null) {
                throw corrupt("the column chunk ends after " + entries + " of its " + total + " values");
            }
            if (page instanceof DataPageV1 v1) {
                readPage(v1);
            } else {
                readPage((DataPageV2) page);
            }
        }
    }

    private void readPage(DataPageV1 page) {
        byte[] bytes = bytes(page.getBytes());
        int count = page.getValueCount();
        int at = 0;
        if (repetition != null) {
            at = levels(bytes, at, page.getRlEncoding(), column.getMaxRepetitionLevel(), repetition, count);
        }
        int defined = count;
        if (definition != null) {
            at = levels(bytes, at, page.getDlEncoding(), column.getMaxDefinitionLevel(), definition, count);
            defined = countDefined(count);
        }
        readValues(bytes, at, bytes.length, page.getValueEncoding(), defined);
        entries += count;
    }

    private void readPage(DataPageV2 page) {
        int count = page.getValueCount();
        if (repetition != null) {
            byte[] levels = bytes(page.getRepetitionLevels());
            hybrid(levels, 0, levels.length, bitWidth(column.getMaxRepetitionLevel()), repetition, entries, count);
        }
        int defined = count;
        if (definition != null) {
            byte[] levels = bytes(page.getDefinitionLevels());
            hybrid(levels, 0, levels.length, bitWidth(column.getMaxDefinitionLevel()), definition, entries, count);
            defined = countDefined(count);
        }
        byte[] data = bytes(page.getData());
        readValues(data, 0, data.length, page.getDataEncoding(), defined);
        entries += count;
    }

    /** The levels of a v1 page, which carry their length (RLE) or imply it (BIT_PACKED); returns where they end. */
    private int levels(byte[] bytes, int at, Encoding encoding, int max, int[] into, int count) {
        int width = bitWidth(max);
        if (encoding == Encoding.RLE) {
            int length = (int) INT.get(bytes, at);
            hybrid(bytes, at + 4, at + 4 + length, width, into, entries, count);
            return at + 4 + length;
        }
        if (encoding == Encoding.BIT_PACKED) {
            // deprecated: most significant bit first, no header
            long bit = (long) at * 8;
            for (int i = 0; i < count; i++) {
                int value = 0;
                for (int b = 0; b < width; b++, bit++) {
                    value = (value << 1) | ((bytes[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1);
                }
                into[entries + i] = value;
            }
            return at + (int) (((long) count * width + 7) / 8);
        }
        throw corrupt("levels in unsupported encoding " + encoding);
    }

    private int countDefined(int count) {
        int max = column.getMaxDefinitionLevel();
        int defined = 0;
        for (int i = entries, end = entries + count; i < end; i++) {
            if (definition[i] == max) {
                defined++;
            }
        }
        return defined;
    }

    private void readValues(byte[] bytes, int at, int end, Encoding encoding, int count) {
        switch (encoding) {
            case PLAIN -> plain(bytes, at, end, count);
            case PLAIN_DICTIONARY, RLE_DICTIONARY -> {
                if (dictionaryLongs == null && dictionaryInts == null && dictionaryObjects == null) {
                    throw corrupt("a dictionary-encoded page without a dictionary");
                }
                ids = grow(ids, count);
                if (count > 0) {
                    hybrid(bytes, at + 1, end, bytes[at], ids, 0, count);
                }
                fromDictionary(count);
            }
            case DELTA_BINARY_PACKED -> {
                if (form == Form.LONGS && type == PrimitiveTypeName.INT64) {
                    longs = deltaBinaryPacked(bytes, at, end, count, longs, values, this::corrupt);
                } else if (form == Form.INTS && type == PrimitiveTypeName.INT32) {
                    // decoded as longs (the arithmetic wraps alike in the low 32 bits) into the long array, which an
                    // INT32 column does not use otherwise
                    longs = grow(longs, count);
                    deltaBinaryPacked(bytes, at, end, count, longs, 0, this::corrupt);
                    for (int i = 0; i < count; i++) {
                        ints[values + i] = (int) longs[i];
                    }
                } else {
                    throw corrupt("DELTA_BINARY_PACKED " + type + " values read as " + form);
                }
            }
            case RLE -> {
                if (type != PrimitiveTypeName.BOOLEAN) {
                    throw corrupt("RLE-encoded " + type + " values");
                }
                ids = grow(ids, count);
                int length = (int) INT.get(bytes, at);
                hybrid(bytes, at + 4, at + 4 + length, 1, ids, 0, count);
                for (int i = 0; i < count; i++) {
                    objects[values + i] = ids[i] != 0;
                }
            }
            default -> throw corrupt("values in unsupported encoding " + encoding);
        }
        values += count;
    }

    private void fromDictionary(int count) {
        int size = dictionarySize();
        for (int i = 0; i < count; i++) {
            if (ids[i] >= size) {
                throw corrupt("dictionary id " + ids[i] + " out of a dictionary of " + size);
            }
        }
        switch (form) {
            case LONGS -> {
                for (int i = 0; i < count; i++) {
                    longs[values + i] = dictionaryLongs[ids[i]];
                }
            }
            case INTS -> {
                for (int i = 0; i < count; i++) {
                    ints[values + i] = dictionaryInts[ids[i]];
                }
            }
            case OBJECTS -> {
                for (int i = 0; i < count; i++) {
                    objects[values + i] = dictionaryObjects[ids[i]];
                }
            }
        }
    }

    private int dictionarySize() {
        return switch (form) {
            case LONGS -> dictionaryLongs.length;
            case INTS -> dictionaryInts.length;
            case OBJECTS -> dictionaryObjects.length;
        };
    }

    private void readDictionary(DictionaryPage page) {
        if (page.getEncoding() != Encoding.PLAIN && page.getEncoding() != Encoding.PLAIN_DICTIONARY) {
            throw corrupt("dictionary in unsupported encoding " + page.getEncoding());
        }
        byte[] bytes = bytes(page.getBytes());
        int size = page.getDictionarySize();
        // decode as one plain page into the value arrays, then keep those entries as the dictionary
        int saved = values;
        values = 0;
        switch (form) {
            case LONGS -> {
                long[] keep = longs;
                longs = new long[size];
                plain(bytes, 0, bytes.length, size);
                dictionaryLongs = longs;
                longs = keep;
            }
            case INTS -> {
                int[] keep = ints;
                ints = new int[size];
                plain(bytes, 0, bytes.length, size);
                dictionaryInts = ints;
                ints = keep;
            }
            case OBJECTS -> {
                Object[] keep = objects;
                objects = new Object[size];
                plain(bytes, 0, bytes.length, size);
                dictionaryObjects = objects;
                objects = keep;
            }
        }
        values = saved;
    }

    /** {@code count} PLAIN values from {@code at} into the form's array at {@link #values}. */
    private void plain(byte[] bytes, int at, int end, int count) {
        switch (type) {
            case INT64 -> {
                need(at + 8L * count, end);
                if (form == Form.LONGS) {
                    for (int i = 0; i < count; i++) {
                        longs[values + i] = (long) LONG.get(bytes, at + 8 * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        objects[values + i] = (long) LONG.get(bytes, at + 8 * i);
                    }
                }
            }
            case INT32 -> {
                need(at + 4L * count, end);
                for (int i = 0; i < count; i++) {
                    ints[values + i] = (int) INT.get(bytes, at + 4 * i);
                }
            }
            case DOUBLE -> {
                need(at + 8L * count, end);
                for (int i = 0; i < count; i++) {
                    objects[values + i] = Double.longBitsToDouble((long) LONG.get(bytes, at + 8 * i));
                }
            }
            case BOOLEAN -> {
                need(at + (count + 7L) / 8, end);
                for (int i = 0; i < count; i++) {
                    objects[values + i] = ((bytes[at + (i >>> 3)] >>> (i & 7)) & 1) != 0;
                }
            }
            case BINARY -> {
                for (int i = 0; i < count; i++) {
                    need(at + 4L, end);
                    int length = (int) INT.get(bytes, at);
                    at += 4;
                    if (length < 0) {
                        throw corrupt("a string of negative length " + length);
                    }
                    need((long) at + length, end);
                    objects[values + i] = strings.intern(bytes, at, length);
                    at += length;
                }
            }
            default -> throw corrupt("unsupported type " + type);
        }
    }

    /**
     * The RLE/bit-packing hybrid: {@code count} values of {@code width} bits from {@code bytes[at, end)} into
     * {@code into[offset…]}. A last bit-packed group cut short by the end of the data reads as zeros, as parquet-mr does.
     */
    private int hybrid(byte[] bytes, int at, int end, int width, int[] into, int offset, int count) {
        if (width < 0 || width > 32) {
            throw corrupt("bit width " + width);
        }
        long mask = (1L << width) - 1;
        int done = 0;
        while (done < count) {
            if (at >= end) {
                throw corrupt("run-length data ends after " + done + " of " + count + " values");
            }
            int header = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[at++];
                header |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0 && at < end && shift < 35);
            if ((header & 1) == 0) {
                int run = header >>> 1;
                int value = 0;
                int width8 = (width + 7) >>> 3;
                need(at + (long) width8, end);
                for (int i = 0; i < width8; i++) {
                    value |= (bytes[at++] & 0xff) << (8 * i);
                }
                int take = Math.min(run, count - done);
                Arrays.fill(into, offset + done, offset + done + take, value);
                done += take;
            } else {
                long groupBytes = (long) (header >>> 1) * width;
                int take = Math.min((header >>> 1) * 8, count - done);
                long buffer = 0;
                int bits = 0;
                int p = at;
                int i = 0;
                if (width <= 8) {
                    // whole groups of 8 values in `width` bytes, read as one little-endian long
                    for (; i + 8 <= take && p + 8 <= end; i += 8, p += width) {
                        long group = (long) LONG.get(bytes, p);
                        int o = offset + done + i;
                        into[o] = (int) (group & mask);
                        into[o + 1] = (int) ((group >>> width) & mask);
                        into[o + 2] = (int) ((group >>> 2 * width) & mask);
                        into[o + 3] = (int) ((group >>> 3 * width) & mask);
                        into[o + 4] = (int) ((group >>> 4 * width) & mask);
                        into[o + 5] = (int) ((group >>> 5 * width) & mask);
                        into[o + 6] = (int) ((group >>> 6 * width) & mask);
                        into[o + 7] = (int) ((group >>> 7 * width) & mask);
                    }
                }
                for (; i < take; i++) {
                    while (bits < width) {
                        buffer |= (long) (p < end ? bytes[p] & 0xff : 0) << bits;
                        p++;
                        bits += 8;
                    }
                    into[offset + done + i] = (int) (buffer & mask);
                    buffer >>>= width;
                    bits -= width;
                }
                done += take;
                at = (int) Math.min(at + groupBytes, end);
            }
        }
        return at;
    }

    /**
     * {@code count} values in the {@code DELTA_BINARY_PACKED} encoding from {@code bytes[at, end)} into {@code into}
     * from {@code offset}: a header (values per block, a multiple of 128; miniblocks per block, each a multiple of 32
     * values; the value count; the first value, zigzag), then blocks of the next values' deltas, each as its smallest
     * delta (zigzag) and its miniblocks' bit widths, a byte each, and the miniblocks bit-packed least significant bit
     * first. Deltas add up as Java's {@code long} arithmetic does (INT32 values wrap the same way in their low 32 bits).
     * A page may hold more values than {@code count} asks for (the rest are not read).
     *
     * @return {@code into}, or the larger array it was copied to to hold the values
     */
    static long[] deltaBinaryPacked(byte[] bytes, int at, int end, int count, long[] into, int offset,
            Function<String, IllegalStateException> corrupt) {
        into = grow(into, offset + count);
        int[] cursor = {at};
        long blockValues = unsignedVarLong(bytes, cursor, end, corrupt);
        long miniblocks = unsignedVarLong(bytes, cursor, end, corrupt);
        long total = unsignedVarLong(bytes, cursor, end, corrupt);
        long previous = unzigzag(unsignedVarLong(bytes, cursor, end, corrupt));
        if (blockValues <= 0 || blockValues % 128 != 0 || miniblocks <= 0 || blockValues % miniblocks != 0
                || blockValues / miniblocks % 32 != 0 || blockValues > 1 << 20) {
            throw corrupt.apply("DELTA_BINARY_PACKED blocks of " + blockValues + " values in " + miniblocks + " miniblocks");
        }
        if (total < count) {
            throw corrupt.apply("a DELTA_BINARY_PACKED page of " + total + " values where " + count + " are defined");
        }
        int perMiniblock = (int) (blockValues / miniblocks);
        if (count == 0) {
            return into;
        }
        into[offset] = previous;
        int done = 1;
        while (done < count) {
            long minDelta = unzigzag(unsignedVarLong(bytes, cursor, end, corrupt));
            int widths = cursor[0];
            if (widths + miniblocks > end) {
                throw corrupt.apply("a DELTA_BINARY_PACKED page ends in its bit widths");
            }
            int data = (int) (widths + miniblocks);
            for (int m = 0; m < miniblocks && done < count; m++) {
                int width = bytes[widths + m] & 0xff;
                if (width > 64) {
                    throw corrupt.apply("DELTA_BINARY_PACKED bit width " + width);
                }
                int take = Math.min(perMiniblock, count - done);
                long bit = (long) data * 8;
                if (bit + (long) take * width > (long) end * 8) {
                    throw corrupt.apply("a DELTA_BINARY_PACKED page ends in the middle of its values");
                }
                long mask = width == 64 ? -1L : (1L << width) - 1;
                for (int i = 0; i < take; i++, bit += width) {
                    previous += minDelta + (bits(bytes, bit, width, end) & mask);
                    into[offset + done + i] = previous;
                }
                done += take;
                data += perMiniblock / 8 * width;
            }
            cursor[0] = data;
        }
        return into;
    }

    /** The {@code width} bits (at most 64) from bit {@code bit} on, least significant first, not masked. */
    private static long bits(byte[] bytes, long bit, int width, int end) {
        int index = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        long word;
        if (index + 8 <= end) {
            word = (long) LONG.get(bytes, index);
        } else {
            word = 0;
            for (int i = index; i < end; i++) {
                word |= (bytes[i] & 0xffL) << (8 * (i - index));
            }
        }
        word >>>= shift;
        if (shift + width > 64 && index + 8 < end) {
            word |= (bytes[index + 8] & 0xffL) << (64 - shift);
        }
        return word;
    }

    private static long unsignedVarLong(byte[] bytes, int[] cursor, int end, Function<String, IllegalStateException> corrupt) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (cursor[0] >= end) {
                throw corrupt.apply("a DELTA_BINARY_PACKED page ends in its header");
            }
            byte b = bytes[cursor[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw corrupt.apply("a DELTA_BINARY_PACKED varint longer than 64 bits");
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    private void need(long upTo, int end) {
        if (upTo > end) {
            throw corrupt("a page ends in the middle of its values");
        }
    }

    private IllegalStateException corrupt(String what) {
        return new IllegalStateException(path + ": column " + String.join(".", column.getPath()) + ": " + what);
    }

    /** The page's bytes: the array that holds exactly them where there is one (a decompressed page), else a copy. */
    private byte[] bytes(BytesInput input) {
        try {
            ByteBuffer buffer = input.toByteBuffer();
            if (buffer.hasArray() && buffer.arrayOffset() + buffer.position() == 0 && buffer.remaining() == buffer.array().length) {
                return buffer.array();
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static int[] grow(int[] array, int size) {
        return array.length >= size ? array : new int[Math.max(size, array.length * 2)];
    }

    private static long[] grow(long[] array, int size) {
        return array.length >= size ? array : new long[Math.max(size, array.length * 2)];
    }
}
