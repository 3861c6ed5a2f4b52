package io.meterbill.readers.interval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One value per row of a flat (not repeated) column, read a page at a time: the wide layout's meter,
 * channel, date, interval length and unit. Strings come from the dictionary decoded once per column
 * chunk (each meter serial, channel code and unit is one {@code String} for the whole row group, so later
 * lookups can compare references), numbers from arrays filled per page.
 *
 * <p>Handled: INT32, INT64 (no decimal scale) and BINARY columns, required or optional, in format 1 pages
 * (levels RLE, or BIT_PACKED from old writers) or format 2 pages, PLAIN or dictionary-encoded
 * ({@link #handles}); anything else is read with the column API.
 */
final class FlatColumnPages implements ParquetIntervalFormat.RowColumn {

    private static final Set<Encoding> HANDLED = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);

    private final PageReader pages;
    private final PrimitiveTypeName type;
    private final int maxDefinition;
    private final long total;
    private final long[] numberDictionary;
    private final String[] stringDictionary;
    private long consumed;

    // the current page, decoded: for each entry whether it is present, and the present values
    private int[] definition = new int[0];
    private long[] numbers = new long[0];
    private String[] strings = new String[0];
    private int[] ids = new int[0];
    private boolean dictionaryPage;
    private int pageEntries;
    private int entry;
    private int valueIndex;

    /** Whether this reader handles {@code column} in the chunk described by {@code chunk}. */
    static boolean handles(ColumnDescriptor column, ColumnChunkMetaData chunk) {
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        return chunk != null
                && (type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.BINARY)
                && !(column.getPrimitiveType().getLogicalTypeAnnotation()
                        instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation)
                && column.getMaxRepetitionLevel() == 0
                && HANDLED.containsAll(chunk.getEncodings());
    }

    FlatColumnPages(PageReader pages, ColumnDescriptor column) throws IOException {
        this.pages = pages;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.total = pages.getTotalValueCount();
        DictionaryPage page = pages.readDictionaryPage();
        if (page == null) {
            numberDictionary = null;
            stringDictionary = null;
        } else {
            ByteBuffer bytes = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int size = page.getDictionarySize();
            if (type == PrimitiveTypeName.BINARY) {
                numberDictionary = null;
                stringDictionary = new String[size];
                for (int i = 0; i < size; i++) {
                    stringDictionary[i] = plainString(bytes);
                }
            } else {
                stringDictionary = null;
                numberDictionary = new long[size];
                for (int i = 0; i < size; i++) {
                    numberDictionary[i] = type == PrimitiveTypeName.INT64 ? bytes.getLong() : bytes.getInt();
                }
            }
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
            if (consumed == total) {
                throw new ParquetDecodingException("column chunk ends after its " + total + " values");
            }
            readPage();
        }
        consumed++;
        return definition[entry++] == maxDefinition;
    }

    private void readPage() throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("column chunk ends after " + consumed + " of its " + total + " values");
        }
        int count = page.getValueCount();
        if (definition.length < count) {
            definition = new int[count];
        }
        ByteBuffer values;
        Encoding encoding;
        if (page instanceof DataPageV1 v1) {
            ByteBuffer bytes = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            WholeNumberListPages.levels(bytes, maxDefinition, definition, count, true, v1.getDlEncoding());
            values = bytes;
            encoding = v1.getValueEncoding();
        } else {
            DataPageV2 v2 = (DataPageV2) page;
            WholeNumberListPages.levels(v2.getDefinitionLevels().toByteBuffer(), maxDefinition, definition, count, false,
                    Encoding.RLE);
            values = v2.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            encoding = v2.getDataEncoding();
        }
        int present = 0;
        for (int i = 0; i < count; i++) {
            if (definition[i] == maxDefinition) {
                present++;
            }
        }
        if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
            if (numberDictionary == null && stringDictionary == null) {
                throw new ParquetDecodingException("dictionary-encoded page without a dictionary");
            }
            int width = present == 0 ? 0 : values.get() & 0xFF;
            if (ids.length < present) {
                ids = new int[present];
            }
            new WholeNumberListPages.Hybrid(values, width).readInto(ids, present);
            dictionaryPage = true;
        } else if (encoding == Encoding.PLAIN) {
            dictionaryPage = false;
            if (type == PrimitiveTypeName.BINARY) {
                if (strings.length < present) {
                    strings = new String[present];
                }
                for (int i = 0; i < present; i++) {
                    strings[i] = plainString(values);
                }
            } else {
                if (numbers.length < present) {
                    numbers = new long[present];
                }
                for (int i = 0; i < present; i++) {
                    numbers[i] = type == PrimitiveTypeName.INT64 ? values.getLong() : values.getInt();
                }
            }
        } else {
            throw new ParquetDecodingException("values encoded " + encoding);
        }
        pageEntries = count;
        entry = 0;
        valueIndex = 0;
    }

    /** A PLAIN byte array (4-byte length, then the bytes) as text without surrounding blanks. */
    private static String plainString(ByteBuffer bytes) {
        int length = bytes.order(ByteOrder.LITTLE_ENDIAN).getInt();
        String text;
        if (bytes.hasArray()) {
            text = new String(bytes.array(), bytes.arrayOffset() + bytes.position(), length, StandardCharsets.UTF_8);
            bytes.position(bytes.position() + length);
        } else {
            byte[] b = new byte[length];
            bytes.get(b);
            text = new String(b, StandardCharsets.UTF_8);
        }
        return text.strip();
    }
}
