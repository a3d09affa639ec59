package io.retrocut.ingest;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageWriter;

/**
 * One column of {@link EventsParquet} whose pages are encoded here rather than by parquet-mr's column writers, for a
 * column of the fixed schema (top-level ones by {@link DictionaryColumn} and the {@link LongColumn}s, the ones with
 * deeper levels by {@link LevelColumn}). Values are buffered for one page at a time (at most
 * {@link #PAGE_ROWS} rows); the owner ends pages and column chunks, and the {@link PageWriter} (parquet-mr's) keeps the
 * pages, the column and offset indexes and the chunk's statistics for the footer. Not thread-safe.
 */
abstract sealed class PageColumn permits DictionaryColumn, LevelColumn, LongColumn {
    /** Rows per page, parquet-mr's default page row count limit. */
    static final int PAGE_ROWS = 20_000;

    final ColumnDescriptor descriptor;
    PageWriter pages;

    PageColumn(ColumnDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    /** Starts a column chunk written to {@code pages}. */
    void start(PageWriter pages) {
        this.pages = pages;
    }

    /** Hands the buffered rows to the page writer as one page; nothing when there are none. */
    abstract void endPage() throws IOException;

    /** Ends the page and the column chunk (its dictionary page, if any). */
    abstract void endChunk() throws IOException;

    /** Bytes buffered for the row group: the pages handed over (compressed) and the current one, as parquet-mr counts. */
    abstract long bufferedSize();
}
