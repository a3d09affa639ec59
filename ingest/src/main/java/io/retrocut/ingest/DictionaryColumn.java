package io.retrocut.ingest;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;

/**
 * A dictionary-encoded column, required or optional at the top level, fed with dictionary ids that its
 * {@link ColumnDictionary} gave out for the current column chunk. Pages are v1 data pages as parquet-mr's v1 writer
 * makes them: the definition levels (optional columns only) in the RLE/bit-packing hybrid after their 4-byte length,
 * then the ids' bit width and the ids in the hybrid encoding, values encoding {@code PLAIN_DICTIONARY}; the dictionary
 * page, written when the chunk ends, holds the entries PLAIN in id order. A page without values in a chunk without
 * entries (all null) is a PLAIN page, as readers want a dictionary page for a dictionary-encoded one.
 */
final class DictionaryColumn extends PageColumn {
    private final ColumnDictionary dictionary;
    private final boolean optional;
    private final int[] ids = new int[PAGE_ROWS];
    private final int[] levels;
    private final PageBuffer buffer = new PageBuffer();
    private int values;
    private int rows;

    DictionaryColumn(ColumnDescriptor descriptor, ColumnDictionary dictionary) {
        super(descriptor);
        if (descriptor.getMaxRepetitionLevel() != 0 || descriptor.getMaxDefinitionLevel() > 1) {
            throw new IllegalArgumentException("not a top-level column: " + descriptor);
        }
        this.dictionary = dictionary;
        this.optional = descriptor.getMaxDefinitionLevel() == 1;
        this.levels = optional ? new int[PAGE_ROWS] : null;
    }

    /** The next row's value, by its id in the dictionary. */
    void add(int id) {
        ids[values++] = id;
        if (optional) {
            levels[rows] = 1;
        }
        rows++;
    }

    /** The next row is null (optional columns only). */
    void addNull() {
        levels[rows++] = 0;
    }

    @Override
    void endPage() throws IOException {
        if (rows == 0) {
            return;
        }
        buffer.clear();
        if (optional) {
            int lengthAt = buffer.size();
            buffer.writeInt(0);
            HybridEncoder.encode(levels, rows, 1, buffer);
            buffer.setInt(lengthAt, buffer.size() - lengthAt - 4);
        }
        Statistics<?> statistics = Statistics.createStats(descriptor.getPrimitiveType());
        Encoding encoding = Encoding.PLAIN;
        if (values > 0 || dictionary.size() > 0) {
            HybridEncoder.encodeIds(ids, values, buffer);
            if (values > 0) {
                dictionary.updateStatistics(statistics, ids, values);
            }
            encoding = Encoding.PLAIN_DICTIONARY;
        }
        statistics.incrementNumNulls(rows - values);
        pages.writePage(buffer.bytes(), rows, rows, statistics, Encoding.BIT_PACKED,
                optional ? Encoding.RLE : Encoding.BIT_PACKED, encoding);
        values = 0;
        rows = 0;
    }

    @Override
    void endChunk() throws IOException {
        endPage();
        if (dictionary.size() > 0) {
            buffer.clear();
            dictionary.writeEntries(buffer);
            pages.writeDictionaryPage(new DictionaryPage(buffer.bytes(), dictionary.size(), Encoding.PLAIN_DICTIONARY));
        }
    }

    @Override
    long bufferedSize() {
        return pages.getMemSize() + 4L * rows;
    }
}
