package io.meterbill.readers.interval;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The wide layout's {@code values} list, read a page at a time instead of a value at a time: a page's
 * repetition and definition levels and its dictionary ids (or plain values) are decoded in tight loops
 * into arrays, and rows are then cut from them. This is what parquet-java's {@code ColumnReader} does one
 * value per call, at several times the cost for a column that holds almost all of a file's values.
 *
 * <p>Handled: a repeated whole-number column (INT32 or INT64, no decimal scale) with one repetition level
 * (a LIST, or a bare repeated field); format 1 and format 2 pages ({@link DataPages}); values PLAIN or
 * dictionary-encoded (PLAIN_DICTIONARY, RLE_DICTIONARY), switching between the two from page to page as
 * writers do when a dictionary fills up. {@link #handles} tells from the column chunk's metadata whether
 * a chunk is within that; anything else is read with the column API. Rows may span pages.
 */
final class WholeNumberListPages {

    private final DataPages pages;
    private final boolean int64;
    private final int maxDefinition;
    /** Below this definition level the row's list itself is empty (or null). */
    private final int emptyBelow;
    private final long[] dictionary;
    private long consumed;

    // the current page's values, decoded
    private long[] pageValues = new long[0];
    private int[] ids = new int[0];
    private int pageEntries;
    private int entry;
    private int valueIndex;

    /** The current row's elements (0 where an element is null) and which are present, after {@link #nextRow()}. */
    long[] values = new long[128];
    boolean[] present = new boolean[128];

    /** Whether this reader handles {@code column} in the chunk described by {@code chunk}. */
    static boolean handles(ColumnDescriptor column, ColumnChunkMetaData chunk) {
        return column.getMaxRepetitionLevel() == 1 && DataPages.handles(column, chunk, false);
    }

    WholeNumberListPages(PageReader pages, ColumnDescriptor column) throws IOException {
        this.pages = new DataPages(pages, column);
        this.int64 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.emptyBelow = column.getPrimitiveType().isRepetition(Type.Repetition.OPTIONAL) ? maxDefinition - 1
                : maxDefinition;
        this.dictionary = this.pages.wholeNumberDictionary(int64);
    }

    /**
     * Reads the next row into {@link #values} and {@link #present}, returning how many elements it has
     * (0 for an empty or null list).
     */
    int nextRow() throws IOException {
        while (entry == pageEntries) {
            readPage();
        }
        int[] repetition = pages.repetition;
        int[] definition = pages.definition;
        boolean empty = definition[entry] < emptyBelow;
        int n = 0;
        while (true) {
            int end = entry;
            while (end < pageEntries && (end == entry && n == 0 || repetition[end] > 0)) {
                end++;
            }
            int k = end - entry;
            if (n + k > values.length) {
                int size = Math.max(values.length * 2, n + k);
                values = Arrays.copyOf(values, size);
                present = Arrays.copyOf(present, size);
            }
            for (int i = entry; i < end; i++, n++) {
                boolean here = definition[i] == maxDefinition;
                present[n] = here;
                values[n] = here ? pageValues[valueIndex++] : 0;
            }
            consumed += k;
            entry = end;
            if (entry < pageEntries || consumed == pages.total()) {
                break;
            }
            readPage(); // the page ended; the row goes on if the next page starts with a repeated element
            repetition = pages.repetition;
            definition = pages.definition;
            if (repetition[0] == 0) {
                break;
            }
        }
        return empty ? 0 : n;
    }

    private void readPage() throws IOException {
        pages.next(consumed);
        int present = pages.present;
        if (pageValues.length < present) {
            pageValues = new long[present];
        }
        int[] dictionaryIds = pages.dictionaryIds(ids, dictionary != null);
        if (dictionaryIds == null) {
            for (int i = 0; i < present; i++) {
                pageValues[i] = pages.plainWholeNumber(int64);
            }
        } else {
            ids = dictionaryIds;
            for (int i = 0; i < present; i++) {
                pageValues[i] = dictionary[ids[i]];
            }
        }
        pageEntries = pages.count;
        entry = 0;
        valueIndex = 0;
    }
}
