package io.meterbill.readers.interval;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One value per row of a flat (not repeated) column, read a page at a time: the wide layout's meter,
 * channel, date, interval length and unit. Strings come from the dictionary decoded once per column
 * chunk (each meter serial, channel code and unit is one {@code String} for the whole row group, so later
 * lookups can compare references), numbers from arrays filled per page.
 *
 * <p>Handled: INT32, INT64 (no decimal scale) and BINARY columns, required or optional, in format 1 or
 * format 2 pages ({@link DataPages}), PLAIN or dictionary-encoded
 * ({@link #handles}); anything else is read with the column API.
 */
final class FlatColumnPages implements ParquetIntervalFormat.RowColumn {

    private final DataPages pages;
    private final PrimitiveTypeName type;
    private final long[] numberDictionary;
    private final String[] stringDictionary;
    private long consumed;

    // the current page's values, decoded: numbers or strings when PLAIN, else dictionary ids
    private long[] numbers = new long[0];
    private String[] strings = new String[0];
    private int[] ids = new int[0];
    private boolean dictionaryPage;
    private int pageEntries;
    private int entry;
    private int valueIndex;

    /** Whether this reader handles {@code column} in the chunk described by {@code chunk}. */
    static boolean handles(ColumnDescriptor column, ColumnChunkMetaData chunk) {
        return column.getMaxRepetitionLevel() == 0 && DataPages.handles(column, chunk, true);
    }

    FlatColumnPages(PageReader pages, ColumnDescriptor column) throws IOException {
        this.pages = new DataPages(pages, column);
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        if (type == PrimitiveTypeName.BINARY) {
            numberDictionary = null;
            stringDictionary = this.pages.stringDictionary();
        } else {
            stringDictionary = null;
            numberDictionary = this.pages.wholeNumberDictionary(type == PrimitiveTypeName.INT64);
        }
    }

    @Override
    public String string() throws IOException {
        if (!advance()) {
            return null;
        }
        int v = valueIndex++;
        if (type == PrimitiveTypeName.BINARY) {
            return dictionaryPage ? stringDictionary[ids[v]] : strings[v];
        }
        return Long.toString(dictionaryPage ? numberDictionary[ids[v]] : numbers[v]);
    }

    @Override
    public Integer integer() throws IOException {
        if (!advance()) {
            return null;
        }
        int v = valueIndex++;
        if (type == PrimitiveTypeName.BINARY) {
            return null; // not a number: read as missing, as the column API path does
        }
        return Math.toIntExact(dictionaryPage ? numberDictionary[ids[v]] : numbers[v]);
    }

    /** Moves to the next row; whether its value is present. */
    private boolean advance() throws IOException {
        while (entry == pageEntries) {
            if (consumed == pages.total()) {
                throw new ParquetDecodingException("column chunk ends after its " + pages.total() + " values");
            }
            readPage();
        }
        consumed++;
        return pages.isPresent(entry++);
    }

    private void readPage() throws IOException {
        pages.next(consumed);
        int present = pages.present;
        int[] dictionaryIds = pages.dictionaryIds(ids, numberDictionary != null || stringDictionary != null);
        dictionaryPage = dictionaryIds != null;
        if (dictionaryPage) {
            ids = dictionaryIds;
        } else if (type == PrimitiveTypeName.BINARY) {
            if (strings.length < present) {
                strings = new String[present];
            }
            for (int i = 0; i < present; i++) {
                strings[i] = DataPages.plainString(pages.values);
            }
        } else {
            if (numbers.length < present) {
                numbers = new long[present];
            }
            for (int i = 0; i < present; i++) {
                numbers[i] = pages.plainWholeNumber(type == PrimitiveTypeName.INT64);
            }
        }
        pageEntries = pages.count;
        entry = 0;
        valueIndex = 0;
    }
}
