package io.meterbill.readers.interval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
import org.apache.parquet.schema.Type;

/**
 * The wide layout's {@code values} list, read a page at a time instead of a value at a time: a page's
 * repetition and definition levels and its dictionary ids (or plain values) are decoded in tight loops
 * into arrays, and rows are then cut from them. This is what parquet-java's {@code ColumnReader} does one
 * value per call, at several times the cost for a column that holds almost all of a file's values.
 *
 * <p>Handled: a repeated whole-number column (INT32 or INT64, no decimal scale) with one repetition level
 * (a LIST, or a bare repeated field); format 1 pages (levels RLE, or BIT_PACKED from old writers) and format 2 pages; values PLAIN or
 * dictionary-encoded (PLAIN_DICTIONARY, RLE_DICTIONARY), switching between the two from page to page as
 * writers do when a dictionary fills up. {@link #handles} tells from the column chunk's metadata whether
 * a chunk is within that; anything else is read with the column API. Rows may span pages.
 */
final class WholeNumberListPages {

    private static final Set<Encoding> HANDLED = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);

    private final PageReader pages;
    private final boolean int64;
    private final int maxRepetition;
    private final int maxDefinition;
    /** Below this definition level the row's list itself is empty (or null). */
    private final int emptyBelow;
    private final long total;
    private final long[] dictionary;
    private long consumed;

    // the current page, decoded
    private int[] repetition = new int[0];
    private int[] definition = new int[0];
    private long[] pageValues = new long[0];
    private int pageEntries;
    private int entry;
    private int valueIndex;

    /** The current row's elements (0 where an element is null) and which are present, after {@link #nextRow()}. */
    long[] values = new long[128];
    boolean[] present = new boolean[128];

    /** Whether this reader handles {@code column} in the chunk described by {@code chunk}. */
    static boolean handles(ColumnDescriptor column, ColumnChunkMetaData chunk) {
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        return (type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64)
                && !(column.getPrimitiveType().getLogicalTypeAnnotation()
                        instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation)
                && column.getMaxRepetitionLevel() == 1
                && chunk != null && HANDLED.containsAll(chunk.getEncodings());
    }

    WholeNumberListPages(PageReader pages, ColumnDescriptor column) throws IOException {
        this.pages = pages;
        this.int64 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        this.maxRepetition = column.getMaxRepetitionLevel();
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.emptyBelow = column.getPrimitiveType().isRepetition(Type.Repetition.OPTIONAL) ? maxDefinition - 1
                : maxDefinition;
        this.total = pages.getTotalValueCount();
        DictionaryPage page = pages.readDictionaryPage();
        if (page == null) {
            dictionary = null;
        } else {
            ByteBuffer bytes = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            dictionary = new long[page.getDictionarySize()];
            for (int i = 0; i < dictionary.length; i++) {
                dictionary[i] = int64 ? bytes.getLong() : bytes.getInt();
            }
        }
    }

    /**
     * Reads the next row into {@link #values} and {@link #present}, returning how many elements it has
     * (0 for an empty or null list).
     */
    int nextRow() throws IOException {
        while (entry == pageEntries) {
            readPage();
        }
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
            if (entry < pageEntries || consumed == total) {
                break;
            }
            readPage(); // the page ended; the row goes on if the next page starts with a repeated element
            if (repetition[0] == 0) {
                break;
            }
        }
        return empty ? 0 : n;
    }

    private void readPage() throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("column chunk ends after " + consumed + " of its " + total + " values");
        }
        int count = page.getValueCount();
        if (repetition.length < count) {
            repetition = new int[count];
            definition = new int[count];
        }
        ByteBuffer values;
        Encoding encoding;
        if (page instanceof DataPageV1 v1) {
            ByteBuffer bytes = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            levels(bytes, maxRepetition, repetition, count, true, v1.getRlEncoding());
            levels(bytes, maxDefinition, definition, count, true, v1.getDlEncoding());
            values = bytes;
            encoding = v1.getValueEncoding();
        } else {
            DataPageV2 v2 = (DataPageV2) page;
            levels(v2.getRepetitionLevels().toByteBuffer(), maxRepetition, repetition, count, false, Encoding.RLE);
            levels(v2.getDefinitionLevels().toByteBuffer(), maxDefinition, definition, count, false, Encoding.RLE);
            values = v2.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            encoding = v2.getDataEncoding();
        }
        int present = 0;
        for (int i = 0; i < count; i++) {
            if (definition[i] == maxDefinition) {
                present++;
            }
        }
        if (pageValues.length < present) {
            pageValues = new long[present];
        }
        if (encoding == Encoding.PLAIN) {
            for (int i = 0; i < present; i++) {
                pageValues[i] = int64 ? values.getLong() : values.getInt();
            }
        } else if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
            if (dictionary == null) {
                throw new ParquetDecodingException("dictionary-encoded page without a dictionary");
            }
            int width = present == 0 ? 0 : values.get() & 0xFF;
            int[] ids = new Hybrid(values, width).read(present);
            for (int i = 0; i < present; i++) {
                pageValues[i] = dictionary[ids[i]];
            }
        } else {
            throw new ParquetDecodingException("values encoded " + encoding);
        }
        pageEntries = count;
        entry = 0;
        valueIndex = 0;
    }

    /**
     * Decodes {@code count} levels of a page: the RLE/bit-packing hybrid (after a 4-byte length in format 1
     * pages), or, in format 1 pages of old writers, the deprecated BIT_PACKED encoding (most significant bit
     * first, no length).
     */
    static void levels(ByteBuffer bytes, int max, int[] into, int count, boolean formatOne, Encoding encoding) {
        if (max == 0) {
            Arrays.fill(into, 0, count, 0);
            return;
        }
        int width = 32 - Integer.numberOfLeadingZeros(max);
        if (encoding == Encoding.BIT_PACKED) {
            int start = bytes.position();
            long bit = 0;
            for (int i = 0; i < count; i++) {
                int v = 0;
                for (int b = 0; b < width; b++, bit++) {
                    v = (v << 1) | ((bytes.get(start + (int) (bit >>> 3)) >>> (7 - (int) (bit & 7))) & 1);
                }
                into[i] = v;
            }
            bytes.position(start + (int) ((bit + 7) >>> 3));
            return;
        }
        if (encoding != Encoding.RLE) {
            throw new ParquetDecodingException("levels encoded " + encoding);
        }
        ByteBuffer run = bytes;
        if (formatOne) {
            int length = bytes.order(ByteOrder.LITTLE_ENDIAN).getInt();
            run = bytes.slice();
            run.limit(length);
            bytes.position(bytes.position() + length);
        }
        new Hybrid(run, width).readInto(into, count);
    }

    /** Parquet's RLE/bit-packing hybrid of {@code width}-bit values. */
    static final class Hybrid {
        private final ByteBuffer in;
        private final int width;

        Hybrid(ByteBuffer in, int width) {
            this.in = in;
            this.width = width;
        }

        int[] read(int count) {
            int[] out = new int[count];
            readInto(out, count);
            return out;
        }

        void readInto(int[] out, int count) {
            int n = 0;
            int bytesPerValue = (width + 7) / 8;
            int mask = width == 32 ? -1 : (1 << width) - 1;
            while (n < count) {
                int header = varint();
                if ((header & 1) == 0) { // a run of one value
                    int length = header >>> 1;
                    int value = 0;
                    for (int b = 0; b < bytesPerValue; b++) {
                        value |= (in.get() & 0xFF) << (8 * b);
                    }
                    int end = Math.min(count, n + length);
                    Arrays.fill(out, n, end, value);
                    n = end;
                } else { // groups of 8 values bit-packed, least significant bit first
                    int length = (header >>> 1) * 8;
                    long acc = 0;
                    int bits = 0;
                    int bytes = (header >>> 1) * width;
                    for (int i = 0; i < length; i++) {
                        while (bits < width) {
                            acc |= (long) (in.get() & 0xFF) << bits;
                            bits += 8;
                            bytes--;
                        }
                        if (n < count) {
                            out[n++] = (int) acc & mask;
                        }
                        acc >>>= width;
                        bits -= width;
                    }
                    in.position(in.position() + bytes); // a group's padding bits beyond its last value
                }
            }
        }

        private int varint() {
            int value = 0;
            int shift = 0;
            while (true) {
                int b = in.get() & 0xFF;
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
        }
    }
}
