package io.meterbill.writers.store;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Writes interval series in the store's Parquet layout ({@link IntervalStoreLayout#SCHEMA}) page by page
 * through {@link ParquetFileWriter}, encoding each column itself instead of handing parquet-java one value
 * at a time: a series' values are copied into a buffer as a block, and a row group's values become one
 * {@code DELTA_BINARY_PACKED} data page (v2), which is smaller than plain values compressed and costs a
 * few nanoseconds a value. The other columns hold one entry per series (a few per series for the rare
 * non-actual qualities): {@code PLAIN}, Snappy-compressed, with min/max statistics on the required ones.
 * Levels are run-length encoded: a series of n values is one run of repetition level 0, one of n - 1 ones,
 * and n definition levels of 1 (an empty list is a single 0 of each).
 *
 * <p>Everything written is standard Parquet (format 2 data pages); any Parquet reader reads it, and the
 * store's own reader reads it with parquet-java's column API. A row group closes at
 * {@value #ROW_GROUP_VALUES} values or {@value #ROW_GROUP_SERIES} series, so memory is bounded whatever
 * a file holds.
 */
final class SeriesColumnsWriter implements AutoCloseable {

    static final int ROW_GROUP_VALUES = 1 << 20;
    static final int ROW_GROUP_SERIES = 1 << 16;

    private static final int SERVICE_POINT = 0;
    private static final int CHANNEL = 1;
    private static final int METER = 2;
    private static final int START = 3;
    private static final int INTERVAL_MINUTES = 4;
    private static final int VALUE = 5;
    private static final int NON_ACTUAL_SLOT = 6;
    private static final int NON_ACTUAL_QUALITY = 7;
    private static final int SOURCE_FILE = 8;
    private static final int SOURCE_POSITION = 9;
    private static final int POSITION_STEP = 10;
    private static final int VALUE_COUNT = 11;
    private static final int COLUMNS = 12;

    private static final byte[][] CHANNELS = channelCodes();
    private static final byte[][] QUALITIES = qualityNames();

    private final ParquetFileWriter file;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor snappy;
    private final ColumnDescriptor[] columns = IntervalStoreLayout.SCHEMA.getColumns().toArray(new ColumnDescriptor[0]);
    private final Bytes[] data = new Bytes[COLUMNS];
    private final MinMax[] statistics = new MinMax[COLUMNS];
    private final Levels valueRepetition = new Levels();
    private final Levels valueDefinition = new Levels();
    private final Levels slotRepetition = new Levels();
    private final Levels slotDefinition = new Levels();
    private final Levels qualityRepetition = new Levels();
    private final Levels qualityDefinition = new Levels();
    private final DeltaBinaryPacked values = new DeltaBinaryPacked();
    private int valueCount;
    private int valueEntries;
    private int slotEntries;
    private int slotNulls;
    private int rows;
    private boolean started;

    /** Starts {@code path} (overwriting it) for rows of the store's schema. */
    SeriesColumnsWriter(Path path, Configuration conf) throws IOException {
        if (columns.length != COLUMNS) {
            throw new IllegalStateException("the store schema has " + columns.length + " columns, not " + COLUMNS);
        }
        this.file = new ParquetFileWriter(HadoopOutputFile.fromPath(path, conf), IntervalStoreLayout.SCHEMA,
                ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_VALUES * 8L, 0);
        this.codecs = new CodecFactory(conf, 1 << 14); // initial size of the compressor's buffer, which grows
        this.snappy = codecs.getCompressor(CompressionCodecName.SNAPPY);
        for (int c = 0; c < COLUMNS; c++) {
            data[c] = new Bytes();
        }
        resetStatistics();
        file.start();
        started = true;
    }

    /** Adds a series as a row; the row group is written out when full. */
    void write(IntervalSeries series, byte[] servicePoint, byte[] meter, byte[] sourceFile) throws IOException {
        SeriesValues s = series.values();
        int n = s.size();
        binary(SERVICE_POINT, servicePoint);
        binary(CHANNEL, CHANNELS[series.channel().ordinal()]);
        binary(METER, meter);
        int64(START, s.start().toEpochMilli());
        int32(INTERVAL_MINUTES, s.intervalMinutes());
        if (n == 0) {
            valueRepetition.add(0, 1);
            valueDefinition.add(0, 1);
            valueEntries++;
        } else {
            for (int i = 0; i < n; i++) {
                values.add(s.valueAt(i));
            }
            valueCount += n;
            valueEntries += n;
            valueRepetition.add(0, 1);
            valueRepetition.add(1, n - 1);
            valueDefinition.add(1, n);
        }
        int[] slots = s.nonActualSlots();
        if (slots.length == 0) {
            slotRepetition.add(0, 1);
            slotDefinition.add(0, 1);
            qualityRepetition.add(0, 1);
            qualityDefinition.add(0, 1);
            slotEntries++;
            slotNulls++;
        } else {
            ReadQuality[] qualities = s.nonActualQualities();
            for (int i = 0; i < slots.length; i++) {
                data[NON_ACTUAL_SLOT].int32(slots[i]);
                byte[] quality = QUALITIES[qualities[i].ordinal()];
                data[NON_ACTUAL_QUALITY].int32(quality.length).bytes(quality);
            }
            slotRepetition.add(0, 1);
            slotRepetition.add(1, slots.length - 1);
            qualityRepetition.add(0, 1);
            qualityRepetition.add(1, slots.length - 1);
            slotDefinition.add(1, slots.length);
            qualityDefinition.add(1, slots.length);
            slotEntries += slots.length;
        }
        binary(SOURCE_FILE, sourceFile);
        int64(SOURCE_POSITION, s.sourcePosition());
        int32(POSITION_STEP, s.positionStep());
        int32(VALUE_COUNT, n);
        rows++;
        if (valueCount >= ROW_GROUP_VALUES || rows >= ROW_GROUP_SERIES) {
            flushRowGroup();
        }
    }

    /** Writes what is buffered and the footer, with {@code metadata} as its key-value metadata. */
    void finish(Map<String, String> metadata) throws IOException {
        flushRowGroup();
        file.end(metadata);
        started = false;
    }

    /** Releases the compressor; a file not finished is aborted (its stream closed, to be deleted by the caller). */
    @Override
    public void close() throws IOException {
        codecs.release();
        if (started) {
            started = false;
            file.abort();
            file.close();
        }
    }

    private void binary(int column, byte[] value) {
        data[column].int32(value.length).bytes(value);
        statistics[column].add(value);
    }

    private void int64(int column, long value) {
        data[column].int64(value);
        statistics[column].add(value);
    }

    private void int32(int column, int value) {
        data[column].int32(value);
        statistics[column].add(value);
    }

    private void resetStatistics() {
        for (int c = 0; c < COLUMNS; c++) {
            if (statistics[c] == null) {
                statistics[c] = new MinMax();
            }
            statistics[c].clear();
        }
    }

    /**
     * A column chunk's statistics, as Parquet stores them: min/max on the required per-series columns; none
     * on the values and the rare quality columns (nothing filters on them, and per-value min/max would cost
     * more than the encoding).
     */
    private Statistics<?> statisticsOf(int c) {
        PrimitiveType type = columns[c].getPrimitiveType();
        MinMax m = statistics[c];
        if (c == VALUE || c == NON_ACTUAL_SLOT || c == NON_ACTUAL_QUALITY || !m.any) {
            return Statistics.noopStats(type);
        }
        byte[] min;
        byte[] max;
        switch (type.getPrimitiveTypeName()) {
            case BINARY:
                min = m.lowBytes;
                max = m.highBytes;
                break;
            case INT64:
                min = new Bytes().int64(m.low).toArray();
                max = new Bytes().int64(m.high).toArray();
                break;
            default:
                min = new Bytes().int32((int) m.low).toArray();
                max = new Bytes().int32((int) m.high).toArray();
        }
        return Statistics.getBuilderForReading(type).withMin(min).withMax(max).withNumNulls(0).build();
    }

    /**
     * The smallest and largest value added: signed for numbers, unsigned byte by byte for strings (Parquet's
     * order for UTF-8). Kept here rather than in parquet-java's statistics objects, whose per-value calls
     * through one base class cost more than the rest of a series' columns.
     */
    static final class MinMax {
        boolean any;
        long low;
        long high;
        byte[] lowBytes;
        byte[] highBytes;
        private byte[] last;

        void add(long v) {
            if (!any) {
                any = true;
                low = v;
                high = v;
            } else if (v < low) {
                low = v;
            } else if (v > high) {
                high = v;
            }
        }

        void add(byte[] v) {
            if (v == last) {
                return; // the writer hands the same array while a string repeats
            }
            last = v;
            if (!any) {
                any = true;
                lowBytes = v;
                highBytes = v;
            } else if (Arrays.compareUnsigned(v, lowBytes) < 0) {
                lowBytes = v;
            } else if (Arrays.compareUnsigned(v, highBytes) > 0) {
                highBytes = v;
            }
        }

        void clear() {
            any = false;
            lowBytes = null;
            highBytes = null;
            last = null;
        }
    }

    private void flushRowGroup() throws IOException {
        if (rows == 0) {
            return;
        }
        file.startBlock(rows);
        for (int c = 0; c < COLUMNS; c++) {
            if (c == VALUE) {
                page(c, valueEntries, valueEntries - valueCount, valueRepetition, valueDefinition, values.input(),
                        Encoding.DELTA_BINARY_PACKED, CompressionCodecName.UNCOMPRESSED);
            } else if (c == NON_ACTUAL_SLOT) {
                page(c, slotEntries, slotNulls, slotRepetition, slotDefinition, data[c].input(), Encoding.PLAIN,
                        CompressionCodecName.SNAPPY);
            } else if (c == NON_ACTUAL_QUALITY) {
                page(c, slotEntries, slotNulls, qualityRepetition, qualityDefinition, data[c].input(), Encoding.PLAIN,
                        CompressionCodecName.SNAPPY);
            } else {
                page(c, rows, 0, null, null, data[c].input(), Encoding.PLAIN, CompressionCodecName.SNAPPY);
            }
        }
        file.endBlock();
        for (Bytes column : data) {
            column.clear();
        }
        values.clear();
        for (Levels levels : List.of(valueRepetition, valueDefinition, slotRepetition, slotDefinition,
                qualityRepetition, qualityDefinition)) {
            levels.clear();
        }
        resetStatistics();
        valueCount = 0;
        valueEntries = 0;
        slotEntries = 0;
        slotNulls = 0;
        rows = 0;
    }

    /** One column chunk of one data page (format v2: levels uncompressed before the data). */
    private void page(int c, int entries, int nulls, Levels repetition, Levels definition, BytesInput raw,
            Encoding encoding, CompressionCodecName codec) throws IOException {
        BytesInput stored = codec == CompressionCodecName.UNCOMPRESSED ? raw : BytesInput.copy(snappy.compress(raw));
        Statistics<?> pageStatistics = statisticsOf(c);
        file.startColumn(columns[c], entries, codec);
        file.writeDataPageV2(rows, nulls, entries, repetition == null ? BytesInput.empty() : repetition.input(),
                definition == null ? BytesInput.empty() : definition.input(), encoding, stored, (int) raw.size(),
                pageStatistics);
        file.endColumn();
    }

    /**
     * Parquet's DELTA_BINARY_PACKED encoding of a page's values, built as they are added: a header (block
     * size 128, 4 miniblocks, the count, the first value), then per block of 128 deltas the smallest delta
     * and each miniblock's deltas minus it, bit-packed (least significant bit first) at the miniblock's
     * width. Arithmetic wraps, as the format specifies, so any long values round-trip. Only the 128 pending
     * deltas and the encoded bytes are held, never the values themselves.
     */
    static final class DeltaBinaryPacked {
        private final Bytes header = new Bytes();
        private final Bytes blocks = new Bytes();
        private final long[] deltas = new long[128];
        private final int[] widths = new int[4];
        private int pending;
        private int count;
        private long first;
        private long previous;

        void add(long value) {
            if (count == 0) {
                first = value;
            } else {
                deltas[pending++] = value - previous;
                if (pending == 128) {
                    endBlock();
                }
            }
            previous = value;
            count++;
        }

        private void endBlock() {
            int k = pending;
            long min = Long.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                min = Math.min(min, deltas[j]);
            }
            for (int j = 0; j < k; j++) {
                deltas[j] -= min;
            }
            Arrays.fill(deltas, k, 128, 0L);
            blocks.varint(zigzag(min));
            int miniblocks = (k + 31) / 32;
            for (int m = 0; m < 4; m++) {
                long bits = 0;
                if (m < miniblocks) {
                    for (int j = m * 32; j < m * 32 + 32; j++) {
                        bits |= deltas[j];
                    }
                }
                widths[m] = 64 - Long.numberOfLeadingZeros(bits);
                blocks.u8(widths[m]);
            }
            for (int m = 0; m < miniblocks; m++) {
                blocks.bitPacked(deltas, m * 32, 32, widths[m]);
            }
            pending = 0;
        }

        /** The encoded page of the values added since the last {@link #clear()}. */
        BytesInput input() {
            if (pending > 0) {
                endBlock();
            }
            header.clear();
            header.varint(128).varint(4).varint(count).varint(zigzag(count == 0 ? 0 : first));
            return BytesInput.concat(header.input(), blocks.input());
        }

        void clear() {
            header.clear();
            blocks.clear();
            pending = 0;
            count = 0;
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Run-length encoded levels of bit width 1 (the RLE/bit-packing hybrid, RLE runs only). */
    static final class Levels {
        private final Bytes out = new Bytes();
        private int runValue = -1;
        private long runLength;

        void add(int value, long count) {
            if (count <= 0) {
                return;
            }
            if (value == runValue) {
                runLength += count;
            } else {
                endRun();
                runValue = value;
                runLength = count;
            }
        }

        private void endRun() {
            if (runLength > 0) {
                out.varint(runLength << 1).u8(runValue);
            }
            runLength = 0;
            runValue = -1;
        }

        BytesInput input() {
            endRun();
            return out.input();
        }

        void clear() {
            out.clear();
            runLength = 0;
            runValue = -1;
        }
    }

    /** A growable little-endian byte buffer. */
    static final class Bytes {
        private byte[] a = new byte[1 << 12];
        private int n;

        private void room(int more) {
            if (n + more > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            }
        }

        Bytes u8(int v) {
            room(1);
            a[n++] = (byte) v;
            return this;
        }

        Bytes int32(int v) {
            room(4);
            a[n++] = (byte) v;
            a[n++] = (byte) (v >>> 8);
            a[n++] = (byte) (v >>> 16);
            a[n++] = (byte) (v >>> 24);
            return this;
        }

        Bytes int64(long v) {
            return int32((int) v).int32((int) (v >>> 32));
        }

        Bytes bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, a, n, b.length);
            n += b.length;
            return this;
        }

        /** An unsigned LEB128 varint. */
        Bytes varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                a[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            a[n++] = (byte) v;
            return this;
        }

        /** {@code count} values (each below 2^width) packed at {@code width} bits, least significant first. */
        void bitPacked(long[] v, int from, int count, int width) {
            if (width == 0) {
                return;
            }
            room((count * width + 7) / 8 + 8);
            long acc = 0;
            int bits = 0;
            for (int i = from; i < from + count; i++) {
                long x = v[i];
                int w = width;
                if (w > 32) { // two halves, so the accumulator never overflows
                    acc |= (x & 0xFFFF_FFFFL) << bits;
                    bits += 32;
                    while (bits >= 8) {
                        a[n++] = (byte) acc;
                        acc >>>= 8;
                        bits -= 8;
                    }
                    x >>>= 32;
                    w -= 32;
                }
                acc |= x << bits;
                bits += w;
                while (bits >= 8) {
                    a[n++] = (byte) acc;
                    acc >>>= 8;
                    bits -= 8;
                }
            }
            if (bits > 0) {
                a[n++] = (byte) acc;
            }
        }

        BytesInput input() {
            return BytesInput.from(a, 0, n);
        }

        byte[] toArray() {
            return Arrays.copyOf(a, n);
        }

        void clear() {
            n = 0;
        }
    }

    private static byte[][] channelCodes() {
        Channel[] channels = Channel.values();
        byte[][] codes = new byte[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            codes[i] = channels[i].code().getBytes(StandardCharsets.UTF_8);
        }
        return codes;
    }

    private static byte[][] qualityNames() {
        ReadQuality[] values = ReadQuality.values();
        byte[][] names = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name().getBytes(StandardCharsets.UTF_8);
        }
        return names;
    }
}
