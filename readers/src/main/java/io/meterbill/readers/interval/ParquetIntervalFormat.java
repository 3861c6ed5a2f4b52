package io.meterbill.readers.interval;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.IntervalRead;
import io.meterbill.domain.read.MeterSeriesAssembler;
import io.meterbill.domain.read.QuantityUnit;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.registry.MeterSerial;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Interval reads in Parquet files, read through Hadoop's {@code FileSystem} (so the path may be local,
 * {@code file:}, {@code hdfs:} or {@code s3a:}) with the column API. Two layouts, told apart by their
 * columns:
 * <ul>
 *   <li>long: {@code meter_serial, interval_start, interval_minutes, channel, value, unit}, one read per
 *       row; {@code interval_start} a UTC timestamp (millis or micros);</li>
 *   <li>wide: {@code meter_serial, channel, date, interval_minutes, unit, values}, one row per meter,
 *       channel and local day, {@code values} a repeated (or LIST) column, {@code date} a DATE local to
 *       the zone given.</li>
 * </ul>
 * {@code value(s)} may be INT32/INT64 (whole units), DECIMAL, or FLOAT/DOUBLE (rounded to the nearest
 * milli-unit only when within 1e-6 of one; otherwise rejected). A row's position is its 1-based row number.
 * A file that cannot be opened or has neither layout is rejected whole, naming why.
 */
public final class ParquetIntervalFormat {

    private static final String[] LONG = {"meter_serial", "interval_start", "interval_minutes", "channel", "value", "unit"};
    private static final String[] WIDE = {"meter_serial", "channel", "date", "interval_minutes", "unit", "values"};
    /** An optional column of either layout: the read's (or the wide row's) quality, A/E/M or actual/estimated/edited. */
    private static final String QUALITY = "quality";

    private ParquetIntervalFormat() {
    }

    /** Reads one Parquet file, passing each series record (or rejection) to {@code sink}. */
    public static void read(Path file, Configuration conf, ZoneId wideZone, Consumer<SeriesRecord> sink) {
        read(file, file.getName(), conf, wideZone, sink);
    }

    /** As {@link #read(Path, Configuration, ZoneId, Consumer)}, attributing rows to {@code source}. */
    public static void read(Path file, String source, Configuration conf, ZoneId wideZone, Consumer<SeriesRecord> sink) {
        read(file, source, conf, wideZone, sink, true);
    }

    /**
     * As {@link #read(Path, String, Configuration, ZoneId, Consumer)}; {@code pageByPage} false reads the wide
     * layout's values with the column API even where {@link WholeNumberListPages} could (tests compare the two).
     */
    static void read(Path file, String source, Configuration conf, ZoneId wideZone, Consumer<SeriesRecord> sink,
            boolean pageByPage) {
        long[] rowsRead = {0};
        MeterSeriesAssembler[] assembler = {null};
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf),
                org.apache.parquet.HadoopReadOptions.builder(conf).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            Map<String, ColumnDescriptor> columns = new HashMap<>();
            for (ColumnDescriptor column : schema.getColumns()) {
                columns.put(column.getPath()[0].toLowerCase(Locale.ROOT), column);
            }
            boolean wide = has(columns, WIDE);
            if (!wide && !has(columns, LONG)) {
                sink.accept(new SeriesRecord.Unreadable(new SourceRow(source, 1, "(Parquet file)"), "Parquet columns "
                        + InputText.echo(columns.keySet().toString())
                        + " are neither the long layout " + List.of(LONG) + " nor the wide layout " + List.of(WIDE)));
                return;
            }
            assembler[0] = wide ? null : new MeterSeriesAssembler(source);
            Map<Integer, LocalDay> days = new HashMap<>();
            long row = 0;
            PageReadStore pages;
            rowsRead[0] = 0;
            ColumnDescriptor valuesColumn = columns.get("values");
            List<BlockMetaData> groups = reader.getRowGroups();
            int group = 0;
            while ((pages = reader.readNextRowGroup()) != null) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new NoConversion(schema), schema, createdBy);
                WholeNumberListPages valuePages = wide && pageByPage
                        && WholeNumberListPages.handles(valuesColumn, chunk(groups.get(group), valuesColumn))
                        ? new WholeNumberListPages(pages.getPageReader(valuesColumn), valuesColumn) : null;
                group++;
                Map<String, Column> c = new HashMap<>();
                RowColumn[] flat = new RowColumn[WIDE.length];
                List<String> read = new ArrayList<>(List.of(wide ? WIDE : LONG));
                if (columns.containsKey(QUALITY)) {
                    read.add(QUALITY);
                }
                for (String name : read) {
                    ColumnDescriptor column = columns.get(name);
                    int at = name.equals(QUALITY) ? WIDE.length - 1 : List.of(WIDE).indexOf(name);
                    if (wide && name.equals("values")) {
                        if (valuePages == null) {
                            c.put(name, new Column(store, column));
                        } // else its pages are read by valuePages
                    } else if (wide && pageByPage && FlatColumnPages.handles(column, chunk(groups.get(group - 1), column))) {
                        flat[at] = new FlatColumnPages(pages.getPageReader(column), column);
                    } else {
                        Column viaApi = new Column(store, column);
                        c.put(name, viaApi);
                        if (wide) {
                            flat[at] = viaApi;
                        }
                    }
                }
                WideRow wideRow = wide ? new WideRow(flat, c.get("values"), valuePages, source, wideZone, days) : null;
                for (long r = 0, n = pages.getRowCount(); r < n; r++) {
                    row++;
                    rowsRead[0] = row - 1;
                    if (wide) {
                        sink.accept(wideRow.read(row));
                    } else {
                        ReadRecord record = longRow(c, source, row);
                        if (record instanceof ReadRecord.Parsed parsed) {
                            assembler[0].add(parsed.read(), parsed.quality(), row);
                            IntervalFiles.emitAssembled(assembler[0].takeClosed(), source, sink);
                        } else {
                            sink.accept((ReadRecord.Unparseable) record);
                        }
                    }
                    rowsRead[0] = row; // a failure from here on (the next row group) is after this row
                }
            }
            if (assembler[0] != null) {
                IntervalFiles.emitAssembled(assembler[0].flush(), source, sink);
            }
        } catch (ReadAborted e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (assembler[0] != null) {
                IntervalFiles.emitAssembled(assembler[0].flush(), source, sink); // rows read before the failure stand
            }
            sink.accept(new SeriesRecord.Unreadable(new SourceRow(source, Math.max(1, rowsRead[0] + 1), "(Parquet file)"),
                    "Parquet file cannot be read after row " + rowsRead[0] + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; what was read before is kept"));
        }
    }

    private static ColumnChunkMetaData chunk(BlockMetaData group, ColumnDescriptor column) {
        for (ColumnChunkMetaData chunk : group.getColumns()) {
            if (Arrays.equals(chunk.getPath().toArray(), column.getPath())) {
                return chunk;
            }
        }
        return null;
    }

    private static boolean has(Map<String, ColumnDescriptor> columns, String[] names) {
        for (String name : names) {
            if (!columns.containsKey(name)) {
                return false;
            }
        }
        return true;
    }


    private static ReadRecord longRow(Map<String, Column> c, String source, long row) {
        String meter = c.get("meter_serial").string();
        Long startMillis = c.get("interval_start").epochMillis();
        Integer minutes = c.get("interval_minutes").integer();
        String channelCode = c.get("channel").string();
        Column valueColumn = c.get("value");
        Object raw = valueColumn.raw();
        String unitSymbol = c.get("unit").string();
        String qualityCode = c.containsKey(QUALITY) ? c.get(QUALITY).string() : null;
        SourceRow at = new SourceRow(source, row, meter + "," + startMillis + "," + minutes + "," + channelCode + ","
                + raw + "," + unitSymbol + (c.containsKey(QUALITY) ? "," + qualityCode : ""));
        if (meter == null || startMillis == null || minutes == null || channelCode == null || raw == null
                || unitSymbol == null) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.MALFORMED_ROW, "row " + row + " has an empty column");
        }
        Duration length = Duration.ofMinutes(minutes);
        if (!IntervalRead.SUPPORTED_LENGTHS.contains(length) || startMillis % (60_000L * minutes) != 0) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.BAD_INTERVAL_LENGTH, "interval_minutes " + minutes
                    + " is not 1, 5, 10, 15, 30 or 60, or the start is not aligned to it");
        }
        ReadRecord.Unparseable unknown = unknownChannelOrUnit(at, channelCode, unitSymbol);
        if (unknown != null) {
            return unknown;
        }
        Channel channel = Channel.fromCode(channelCode).orElseThrow();
        QuantityUnit unit = QuantityUnit.fromSymbol(unitSymbol).orElseThrow();
        ReadQuality quality = quality(qualityCode);
        if (quality == null) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.MALFORMED_ROW, qualityRefusal(qualityCode));
        }
        long milli;
        try {
            milli = milli(valueColumn, raw, unit);
        } catch (IllegalArgumentException e) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.BAD_VALUE, e.getMessage());
        }
        try {
            return new ReadRecord.Parsed(at, new IntervalRead(new MeterSerial(meter), channel,
                    Instant.ofEpochMilli(startMillis), length, milli), quality);
        } catch (IllegalArgumentException e) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
    }

    /** A quality column's value: none or blank is actual; null when it is not a quality. */
    private static ReadQuality quality(String code) {
        return code == null || code.isBlank() ? ReadQuality.ACTUAL : ReadQuality.fromCode(code).orElse(null);
    }

    private static String qualityRefusal(String code) {
        return "quality '" + InputText.echo(code) + "' is not actual, estimated or edited (A, E, M)";
    }

    /** A local day of the wide layout's zone: worked out once per file, as every meter repeats the same days. */
    private record LocalDay(LocalDate date, ZonedDateTime start, long minutes) {
        static LocalDay of(int epochDay, ZoneId zone) {
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            ZonedDateTime start = date.atStartOfDay(zone);
            return new LocalDay(date, start, Duration.between(start, date.plusDays(1).atStartOfDay(zone)).toMinutes());
        }
    }

    /**
     * Reads the wide layout's rows of one row group. The channel and unit strings of consecutive rows are
     * usually the same objects (a dictionary's strings), so they are checked once and then compared by
     * reference; a row's description is only written out when the row is refused.
     */
    private static final class WideRow {
        /** The source text of a row that parsed: nothing downstream shows it, so none is composed. */
        private static final String PARSED = "(Parquet row)";

        private final RowColumn meter;
        private final RowColumn channel;
        private final RowColumn date;
        private final RowColumn minutes;
        private final RowColumn unit;
        private final RowColumn quality;
        private final Column valuesColumn;
        private final WholeNumberListPages valuePages;
        private final String source;
        private final ZoneId zone;
        private final Map<Integer, LocalDay> days;
        private String knownChannelCode;
        private String knownUnitSymbol;
        private Channel knownChannel;
        private QuantityUnit knownUnit;
        private String knownQualityCode;
        private ReadQuality knownQuality = ReadQuality.ACTUAL;

        WideRow(RowColumn[] flat, Column valuesColumn, WholeNumberListPages valuePages, String source, ZoneId zone,
                Map<Integer, LocalDay> days) {
            this.meter = flat[0];
            this.channel = flat[1];
            this.date = flat[2];
            this.minutes = flat[3];
            this.unit = flat[4];
            this.quality = flat[5];
            this.valuesColumn = valuesColumn;
            this.valuePages = valuePages;
            this.source = source;
            this.zone = zone;
            this.days = days;
        }

        SeriesRecord read(long row) throws IOException {
            String meterSerial = meter.string();
            String channelCode = channel.string();
            Integer epochDay = date.integer();
            Integer length = minutes.integer();
            String unitSymbol = unit.string();
            String qualityCode = quality == null ? null : quality.string();
            // whole numbers (the usual export) are read without boxing, a page at a time where the encoding
            // allows; decimals and floats one by one
            List<Object> raw = null;
            long[] whole;
            boolean[] wholePresent;
            int count;
            if (valuePages != null) {
                count = valuePages.nextRow();
                whole = valuePages.values;
                wholePresent = valuePages.present;
            } else {
                raw = valuesColumn.isWholeNumber() ? null : valuesColumn.list();
                count = raw == null ? valuesColumn.wholeNumbers() : raw.size();
                whole = valuesColumn.wholeValues;
                wholePresent = valuesColumn.wholePresent;
            }
            LocalDay local = epochDay == null ? null : days.computeIfAbsent(epochDay, d -> LocalDay.of(d, zone));
            if (meterSerial == null || channelCode == null || epochDay == null || length == null || unitSymbol == null) {
                return refused(row, meterSerial, channelCode, local, length, unitSymbol, count,
                        ReadRejectionReason.MALFORMED_ROW, "row " + row + " has an empty column");
            }
            if (channelCode != knownChannelCode || unitSymbol != knownUnitSymbol) {
                ReadRecord.Unparseable unknown = unknownChannelOrUnit(describe(row, meterSerial, channelCode, local,
                        length, unitSymbol, count), channelCode, unitSymbol);
                if (unknown != null) {
                    return unknown;
                }
                knownChannelCode = channelCode;
                knownUnitSymbol = unitSymbol;
                knownChannel = Channel.fromCode(channelCode).orElseThrow();
                knownUnit = QuantityUnit.fromSymbol(unitSymbol).orElseThrow();
            }
            if (qualityCode != knownQualityCode) {
                ReadQuality rowQuality = quality(qualityCode);
                if (rowQuality == null) {
                    return refused(row, meterSerial, channelCode, local, length, unitSymbol, count,
                            ReadRejectionReason.MALFORMED_ROW, qualityRefusal(qualityCode));
                }
                knownQualityCode = qualityCode;
                knownQuality = rowQuality;
            }
            int minutesEach = length;
            if (!IntervalRead.SUPPORTED_LENGTHS.contains(Duration.ofMinutes(minutesEach))) {
                return refused(row, meterSerial, channelCode, local, length, unitSymbol, count,
                        ReadRejectionReason.BAD_INTERVAL_LENGTH, "interval_minutes " + minutesEach
                        + " is not 1, 5, 10, 15, 30 or 60");
            }
            if (count * (long) minutesEach != local.minutes()) {
                return refused(row, meterSerial, channelCode, local, length, unitSymbol, count,
                        ReadRejectionReason.MALFORMED_ROW, count + " values for " + local.date() + ", which has "
                        + local.minutes() / minutesEach + " intervals of " + minutesEach + " minutes in " + zone);
            }
            QuantityUnit quantityUnit = knownUnit;
            long[] values = new long[count];
            boolean[] present = new boolean[count];
            int blank = 0;
            for (int i = 0; i < count; i++) {
                // a null element is a missing read (a gap), as a blank column is in a wide CSV
                boolean isNull = raw == null ? !wholePresent[i] : raw.get(i) == null;
                if (isNull) {
                    blank++;
                    continue;
                }
                try {
                    values[i] = raw == null ? milli(whole[i], quantityUnit) : milli(valuesColumn, raw.get(i), quantityUnit);
                    present[i] = true;
                } catch (IllegalArgumentException e) {
                    return refused(row, meterSerial, channelCode, local, length, unitSymbol, count,
                            ReadRejectionReason.BAD_VALUE, "value " + (i + 1) + ": " + e.getMessage());
                }
            }
            MeterSerial serial;
            try {
                serial = new MeterSerial(meterSerial);
            } catch (IllegalArgumentException e) { // a bad serial refuses its row, not the rest of the file
                return refused(row, meterSerial, channelCode, local, length, unitSymbol, count,
                        ReadRejectionReason.MALFORMED_ROW, e.getMessage());
            }
            return new SeriesRecord.Parsed(new SourceRow(source, row, PARSED), IntervalFiles.runs(
                    serial, knownChannel, local.start().toInstant(), minutesEach, values, present,
                    knownQuality, source, row), blank);
        }

        private ReadRecord.Unparseable refused(long row, String meterSerial, String channelCode, LocalDay local,
                Integer length, String unitSymbol, int count, ReadRejectionReason reason, String detail) {
            return new ReadRecord.Unparseable(describe(row, meterSerial, channelCode, local, length, unitSymbol, count),
                    reason, detail);
        }

        /** The row as a refusal shows it: its columns, and how many values it has. */
        private SourceRow describe(long row, String meterSerial, String channelCode, LocalDay local, Integer length,
                String unitSymbol, int count) {
            return new SourceRow(source, row, meterSerial + "," + channelCode + "," + (local == null ? null : local.date())
                    + "," + length + "," + unitSymbol + ",(" + count + " values)");
        }
    }

    /** A flat column of the wide layout, one value per row, read either way. */
    interface RowColumn {
        String string() throws IOException;

        Integer integer() throws IOException;
    }

    /** The rejection for a channel or unit this version does not know, or null when both are known. */
    private static ReadRecord.Unparseable unknownChannelOrUnit(SourceRow at, String channelCode, String unitSymbol) {
        if (Channel.fromCode(channelCode).isEmpty()) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.UNKNOWN_CHANNEL, "channel '" + InputText.echo(channelCode) + "'");
        }
        if (QuantityUnit.fromSymbol(unitSymbol).isEmpty()) {
            return new ReadRecord.Unparseable(at, ReadRejectionReason.UNKNOWN_UNIT, "unit '" + InputText.echo(unitSymbol) + "'");
        }
        String refusal = Channel.fromCode(channelCode).orElseThrow().refusalOf(QuantityUnit.fromSymbol(unitSymbol)
                .orElseThrow());
        return refusal == null ? null : new ReadRecord.Unparseable(at, ReadRejectionReason.UNKNOWN_UNIT, refusal);
    }

    /** A value of {@code column} in milli-units: whole numbers exactly by multiplication, others through BigDecimal. */
    private static long milli(Column column, Object raw, QuantityUnit unit) {
        if ((raw instanceof Long || raw instanceof Integer) && !column.isDecimal()) {
            return milli(((Number) raw).longValue(), unit);
        }
        return milli(column.decimal(raw), unit);
    }

    private static long milli(long whole, QuantityUnit unit) {
        if (whole < 0) {
            throw new IllegalArgumentException("value " + whole + " is negative");
        }
        try {
            return unit.toMilliUnits(whole);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value " + whole + " " + unit.symbol() + " is too large");
        }
    }

    private static long milli(BigDecimal value, QuantityUnit unit) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("value " + shown(value) + " is negative");
        }
        try {
            return unit.toMilliUnits(value);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value " + shown(value) + " " + unit.symbol()
                    + " is not a whole number of " + unit.milliUnitName());
        }
    }

    /** A decimal as a message shows it: plain, unless its exponent would make that long (1E+999999). */
    private static String shown(BigDecimal value) {
        return InputText.echo(Math.abs((long) value.scale()) < 100 ? value.toPlainString() : value.toString());
    }

    private static SeriesRecord reject(String source, long row, ReadRejectionReason reason, String detail) {
        return new ReadRecord.Unparseable(new SourceRow(source, row, "(Parquet file)"), reason, detail);
    }

    /** One column of a row group, read row by row; nulls (optional columns) come back as null. */
    private static final class Column implements RowColumn {
        private final ColumnReader reader;
        private final ColumnDescriptor descriptor;
        private final PrimitiveType type;
        private final int maxDefinition;
        private final long total;
        private long consumed;

        Column(ColumnReadStoreImpl store, ColumnDescriptor descriptor) {
            this.reader = store.getColumnReader(descriptor);
            this.descriptor = descriptor;
            this.type = descriptor.getPrimitiveType();
            this.maxDefinition = descriptor.getMaxDefinitionLevel();
            this.total = reader.getTotalValueCount();
        }

        private Object current() {
            if (reader.getCurrentDefinitionLevel() < maxDefinition) {
                return null;
            }
            switch (type.getPrimitiveTypeName()) {
                case INT32:
                    return reader.getInteger();
                case INT64:
                    return reader.getLong();
                case FLOAT:
                    return reader.getFloat();
                case DOUBLE:
                    return reader.getDouble();
                case BINARY:
                case FIXED_LEN_BYTE_ARRAY:
                    return reader.getBinary();
                default:
                    throw new IllegalStateException("column " + descriptor + " has unsupported type "
                            + type.getPrimitiveTypeName());
            }
        }

        private void consume() {
            reader.consume();
            consumed++;
        }

        Object raw() {
            Object value = current();
            consume();
            return value;
        }

        @Override
        public String string() {
            Object value = raw();
            return value instanceof Binary b ? b.toStringUsingUTF8().strip() : value == null ? null : value.toString();
        }

        @Override
        public Integer integer() {
            Object value = raw();
            return value instanceof Integer i ? i : value instanceof Long l ? Integer.valueOf(Math.toIntExact(l)) : null;
        }

        /** A timestamp column (or an INT64 of epoch millis) as epoch milliseconds. */
        Long epochMillis() {
            Object value = raw();
            if (!(value instanceof Long l)) {
                return null;
            }
            if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                switch (ts.getUnit()) {
                    case MICROS:
                        return Math.floorDiv(l, 1000L);
                    case NANOS:
                        return Math.floorDiv(l, 1_000_000L);
                    default:
                        return l;
                }
            }
            return l;
        }

        long[] wholeValues = new long[128];
        boolean[] wholePresent = new boolean[128];

        /** Whether this column holds whole numbers (INT32 or INT64 without a decimal scale). */
        boolean isWholeNumber() {
            return (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                    || type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32) && !isDecimal();
        }

        /**
         * As {@link #list()} for a whole-number column, without boxing: the current row's elements go to
         * {@link #wholeValues} ({@link #wholePresent} false for a null element); returns how many.
         */
        int wholeNumbers() {
            int emptyBelow = type.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL) ? maxDefinition - 1
                    : maxDefinition;
            boolean empty = reader.getCurrentDefinitionLevel() < emptyBelow;
            boolean int64 = type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64;
            int n = 0;
            do {
                if (n == wholeValues.length) {
                    wholeValues = java.util.Arrays.copyOf(wholeValues, n * 2);
                    wholePresent = java.util.Arrays.copyOf(wholePresent, n * 2);
                }
                boolean present = reader.getCurrentDefinitionLevel() == maxDefinition;
                wholePresent[n] = present;
                wholeValues[n++] = !present ? 0 : int64 ? reader.getLong() : reader.getInteger();
                consume();
            } while (consumed < total && reader.getCurrentRepetitionLevel() > 0);
            return empty ? 0 : n;
        }

        /** The values of a repeated column for the current row (empty for an empty or null list). */
        List<Object> list() {
            List<Object> values = new ArrayList<>();
            // below this definition level the row's list itself is null or empty; at it, an element is null
            int emptyBelow = type.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL) ? maxDefinition - 1
                    : maxDefinition;
            boolean empty = reader.getCurrentDefinitionLevel() < emptyBelow;
            do {
                values.add(current());
                consume();
            } while (consumed < total && reader.getCurrentRepetitionLevel() > 0);
            if (empty) {
                values.clear();
            }
            return values;
        }

        /** A value of this column as an exact decimal in its own unit. */
        boolean isDecimal() {
            return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
        }

        BigDecimal decimal(Object value) {
            if (value == null) {
                throw new IllegalArgumentException("value is empty");
            }
            LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
            if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                BigInteger unscaled = value instanceof Binary b ? new BigInteger(b.getBytes())
                        : BigInteger.valueOf(((Number) value).longValue());
                return new BigDecimal(unscaled, d.getScale());
            }
            if (value instanceof Integer || value instanceof Long) {
                return BigDecimal.valueOf(((Number) value).longValue());
            }
            if (value instanceof Float || value instanceof Double) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("value " + d + " is not a number");
                }
                BigDecimal exact = BigDecimal.valueOf(d);
                BigDecimal milli = exact.setScale(3, java.math.RoundingMode.HALF_EVEN);
                if (exact.subtract(milli).abs().compareTo(new BigDecimal("0.000001")) > 0) {
                    throw new IllegalArgumentException("value " + exact.stripTrailingZeros().toPlainString()
                            + " is not within 0.000001 of a thousandth");
                }
                return milli;
            }
            throw new IllegalArgumentException("value of type " + type.getPrimitiveTypeName() + " is not a number");
        }
    }

    /**
     * The column API still wants a converter tree shaped like the schema; values are read from the
     * column readers, so every converter does nothing.
     */
    private static final class NoConversion extends GroupConverter {
        private final Converter[] fields;

        NoConversion(org.apache.parquet.schema.GroupType type) {
            fields = new Converter[type.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                org.apache.parquet.schema.Type field = type.getType(i);
                fields[i] = field.isPrimitive() ? new PrimitiveConverter() {
                } : new NoConversion(field.asGroupType());
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
