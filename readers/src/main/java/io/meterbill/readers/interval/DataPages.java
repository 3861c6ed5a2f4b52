package io.meterbill.readers.interval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

/**
 * The data pages of one column chunk, decoded a page at a time for the page readers
 * ({@link WholeNumberListPages}, {@link FlatColumnPages}): a page's repetition and definition levels into
 * arrays (format 1 pages: the RLE/bit-packing hybrid, or BIT_PACKED from old writers; format 2 pages: the
 * hybrid), its values left encoded in {@link #values} for the reader, with dictionary ids decoded on
 * request. Also the column chunk's dictionary, and whether a chunk's encodings are all handled here.
 */
final class DataPages {

    private static final Set<Encoding> HANDLED = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);

    private final PageReader pages;
    private final int maxRepetition;
    private final int maxDefinition;
    private final long total;

    /** The current page: its levels, the number of entries, how many are present (not null), its values. */
    int[] repetition = new int[0];
    int[] definition = new int[0];
    int count;
    int present;
    ByteBuffer values;
    Encoding encoding;

    DataPages(PageReader pages, ColumnDescriptor column) {
        this.pages = pages;
        this.maxRepetition = column.getMaxRepetitionLevel();
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.total = pages.getTotalValueCount();
    }

    /** Whether the page readers handle a whole-number (or, with {@code strings}, BINARY) column in this chunk. */
    static boolean handles(ColumnDescriptor column, ColumnChunkMetaData chunk, boolean strings) {
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        return chunk != null
                && (type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64
                        || strings && type == PrimitiveTypeName.BINARY)
                && !(column.getPrimitiveType().getLogicalTypeAnnotation()
                        instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation)
                && HANDLED.containsAll(chunk.getEncodings());
    }

    /** The number of entries (values and nulls) in the column chunk. */
    long total() {
        return total;
    }

    /** Reads the next page and decodes its levels; {@code consumed} entries were read before it (for messages). */
    void next(long consumed) throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("column chunk ends after " + consumed + " of its " + total + " values");
        }
        count = page.getValueCount();
        if (definition.length < count) {
            repetition = new int[count];
            definition = new int[count];
        }
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
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (definition[i] == maxDefinition) {
                n++;
            }
        }
        present = n;
    }

    /** Whether the current page's entry {@code i} holds a value (is not null). */
    boolean isPresent(int i) {
        return definition[i] == maxDefinition;
    }

    /**
     * The current page's values as dictionary ids (into {@code reuse} when it is large enough), or null when
     * they are PLAIN.
     *
     * @throws ParquetDecodingException for any other encoding, or dictionary ids without a dictionary
     */
    int[] dictionaryIds(int[] reuse, boolean haveDictionary) {
        if (encoding == Encoding.PLAIN) {
            return null;
        }
        if (encoding != Encoding.PLAIN_DICTIONARY && encoding != Encoding.RLE_DICTIONARY) {
            throw new ParquetDecodingException("values encoded " + encoding);
        }
        if (!haveDictionary) {
            throw new ParquetDecodingException("dictionary-encoded page without a dictionary");
        }
        int width = present == 0 ? 0 : values.get() & 0xFF;
        int[] ids = reuse.length >= present ? reuse : new int[present];
        new Hybrid(values, width).readInto(ids, present);
        return ids;
    }

    /** The next PLAIN whole number of the current page's values. */
    long plainWholeNumber(boolean int64) {
        return int64 ? values.getLong() : values.getInt();
    }

    /** The column chunk's dictionary of whole numbers, or null when it has none. */
    long[] wholeNumberDictionary(boolean int64) throws IOException {
        DictionaryPage page = pages.readDictionaryPage();
        if (page == null) {
            return null;
        }
        ByteBuffer bytes = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] dictionary = new long[page.getDictionarySize()];
        for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = int64 ? bytes.getLong() : bytes.getInt();
        }
        return dictionary;
    }

    /** The column chunk's dictionary of strings (each stripped), or null when it has none. */
    String[] stringDictionary() throws IOException {
        DictionaryPage page = pages.readDictionaryPage();
        if (page == null) {
            return null;
        }
        ByteBuffer bytes = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        String[] dictionary = new String[page.getDictionarySize()];
        for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = plainString(bytes);
        }
        return dictionary;
    }

    /** A PLAIN byte array (4-byte length, then the bytes) as text without surrounding blanks. */
    static String plainString(ByteBuffer bytes) {
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
