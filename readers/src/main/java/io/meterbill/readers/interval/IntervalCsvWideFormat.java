package io.meterbill.readers.interval;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.IntervalRead;
import io.meterbill.domain.read.MeterSeries;
import io.meterbill.domain.read.QuantityUnit;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.readers.csv.CsvRow;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The wide interval export most head-ends and MDMs produce: one row per meter, channel and local day,
 * with the day's values in columns (24, 48, 96 or 288 of them; 92 or 100 quarter hours on DST days, the
 * columns a shorter day does not use left blank). Column names, delimiter, decimal separator, the zone
 * the dates are local to, and the unit (a column or fixed) come from a {@link Layout}.
 *
 * <p>A blank value is a missing read (a gap): the row is split into series around it. A value that is
 * not a number, negative, or finer than a milli-unit rejects the whole row with the column named, so a
 * day is never half-imported from a damaged row.
 */
public final class IntervalCsvWideFormat {

    /**
     * Where things are in a wide file.
     *
     * @param intervalColumn null: the interval length is the day's length divided by the number of value
     *     columns the row fills
     * @param unitColumn null: every value is in {@code fixedUnit}
     * @param qualityColumn null: all values are actual; otherwise the row's quality (actual, estimated,
     *     edited; A/E/M accepted)
     * @param firstValueColumn 0-based index of the first value column; every column from there on is a value
     * @param zone the time zone the dates are local days of
     */
    public record Layout(char delimiter, char decimalSeparator, String meterColumn, String channelColumn,
            String dateColumn, String intervalColumn, String unitColumn, QuantityUnit fixedUnit, String qualityColumn,
            int firstValueColumn, ZoneId zone) {
        public Layout {
            Objects.requireNonNull(meterColumn, "meterColumn");
            Objects.requireNonNull(channelColumn, "channelColumn");
            Objects.requireNonNull(dateColumn, "dateColumn");
            Objects.requireNonNull(zone, "zone");
            if (unitColumn == null && fixedUnit == null) {
                throw new IllegalArgumentException("a wide layout needs a unit column or a fixed unit");
            }
            if (delimiter == decimalSeparator) {
                throw new IllegalArgumentException("the delimiter and the decimal separator must differ");
            }
            if (firstValueColumn < 1) {
                throw new IllegalArgumentException("value columns start after the key columns");
            }
        }

        /** This layout with dates local to {@code other}. */
        public Layout withZone(ZoneId other) {
            return new Layout(delimiter, decimalSeparator, meterColumn, channelColumn, dateColumn, intervalColumn,
                    unitColumn, fixedUnit, qualityColumn, firstValueColumn, other);
        }

        /** {@code meter_serial,channel,date,interval_minutes,unit,v1,...} with dates local to {@code zone}. */
        public static Layout standard(ZoneId zone) {
            return new Layout(',', '.', "meter_serial", "channel", "date", "interval_minutes", "unit", null, null, 5,
                    zone);
        }

        /** The settings {@link #fromSettings} reads, in the order they are written. */
        public static final List<String> SETTINGS = List.of("delimiter", "decimal-separator", "meter-column",
                "channel-column", "date-column", "interval-column", "unit-column", "unit", "quality-column",
                "first-value-column");

        /**
         * A layout from operator settings (any not given keeps the standard layout's): {@code delimiter}
         * and {@code decimal-separator} (one character; {@code tab} and {@code semicolon} also accepted),
         * the names of the {@code meter-column}, {@code channel-column} and {@code date-column}, the
         * {@code interval-column} and {@code unit-column} (blank: none; the interval length is then the
         * day's length over the values given, and every value is in {@code unit}), an optional
         * {@code quality-column}, and the 1-based {@code first-value-column}.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public static Layout fromSettings(Map<String, String> settings, ZoneId zone) {
            CsvSettings.checkKnown("wide", settings, SETTINGS);
            Layout standard = standard(zone);
            String unitColumn = CsvSettings.text(settings, "unit-column", standard.unitColumn());
            QuantityUnit unit = CsvSettings.unit("wide", settings);
            int first = CsvSettings.number("wide", settings, "first-value-column", standard.firstValueColumn() + 1,
                    "a column number (1 is the first column)") - 1;
            return new Layout(CsvSettings.character("wide", settings, "delimiter", standard.delimiter()),
                    CsvSettings.character("wide", settings, "decimal-separator", standard.decimalSeparator()),
                    CsvSettings.text(settings, "meter-column", standard.meterColumn()),
                    CsvSettings.text(settings, "channel-column", standard.channelColumn()),
                    CsvSettings.text(settings, "date-column", standard.dateColumn()),
                    CsvSettings.text(settings, "interval-column", standard.intervalColumn()), unitColumn, unit,
                    CsvSettings.text(settings, "quality-column", null), first, zone);
        }

        /** This layout's settings, as {@link #fromSettings} reads them (all of them, blanks for none). */
        public Map<String, String> settings() {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            settings.put("delimiter", CsvSettings.characterText(delimiter));
            settings.put("decimal-separator", String.valueOf(decimalSeparator));
            settings.put("meter-column", meterColumn);
            settings.put("channel-column", channelColumn);
            settings.put("date-column", dateColumn);
            settings.put("interval-column", intervalColumn == null ? "" : intervalColumn);
            settings.put("unit-column", unitColumn == null ? "" : unitColumn);
            settings.put("unit", fixedUnit == null ? "" : fixedUnit.symbol());
            settings.put("quality-column", qualityColumn == null ? "" : qualityColumn);
            settings.put("first-value-column", Integer.toString(firstValueColumn + 1));
            return settings;
        }

        /** Whether a header line is this layout's: its key columns are there, before the values. */
        public boolean matchesHeader(String header) {
            List<String> names = CsvSettings.headerNames(header, delimiter);
            if (names == null) {
                return false;
            }
            return names.size() > firstValueColumn && names.indexOf(meterColumn.toLowerCase(Locale.ROOT)) >= 0
                    && names.indexOf(meterColumn.toLowerCase(Locale.ROOT)) < firstValueColumn
                    && names.indexOf(dateColumn.toLowerCase(Locale.ROOT)) >= 0
                    && names.indexOf(dateColumn.toLowerCase(Locale.ROOT)) < firstValueColumn;
        }
    }

    private final Layout layout;
    private final String source;
    private final int meter;
    private final int channel;
    private final int date;
    private final int interval;
    private final int unit;
    private final int quality;

    /**
     * @param header the file's header line
     * @throws IllegalArgumentException if the header lacks a column the layout names
     */
    public IntervalCsvWideFormat(Layout layout, String source, String header) {
        this.layout = layout;
        this.source = source;
        List<String> names = CsvRow.header(header, layout.delimiter());
        if (names.size() <= layout.firstValueColumn()) {
            throw new IllegalArgumentException(source + ": header has " + names.size() + " columns; values are"
                    + " expected from column " + (layout.firstValueColumn() + 1));
        }
        this.meter = index(names, layout.meterColumn());
        this.channel = index(names, layout.channelColumn());
        this.date = index(names, layout.dateColumn());
        this.interval = layout.intervalColumn() == null ? -1 : index(names, layout.intervalColumn());
        this.unit = layout.unitColumn() == null ? -1 : index(names, layout.unitColumn());
        this.quality = layout.qualityColumn() == null ? -1 : index(names, layout.qualityColumn());
    }

    private int index(List<String> names, String column) {
        int i = names.indexOf(column.toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException(source + ": header has no column '" + column + "' (it has "
                    + InputText.echo(names.subList(0, Math.min(names.size(), layout.firstValueColumn() + 1)).toString()) + " ...)");
        }
        if (i >= layout.firstValueColumn()) {
            throw new IllegalArgumentException(source + ": column '" + column + "' is among the value columns");
        }
        return i;
    }

    public SeriesRecord parse(SourceRow row) {
        Fields fields;
        try {
            fields = fields(row.text());
        } catch (IllegalArgumentException e) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
        if (fields.size() <= layout.firstValueColumn()) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, "expected at least " + (layout.firstValueColumn() + 1)
                    + " columns, found " + fields.size());
        }
        MeterSerial serial;
        try {
            serial = new MeterSerial(fields.get(meter));
        } catch (IllegalArgumentException e) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
        Channel ch = Channel.fromCode(fields.get(channel).strip()).orElse(null);
        if (ch == null) {
            return reject(row, ReadRejectionReason.UNKNOWN_CHANNEL, "channel '" + InputText.echo(fields.get(channel).strip()) + "'");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(fields.get(date).strip());
        } catch (DateTimeParseException e) {
            return reject(row, ReadRejectionReason.BAD_TIMESTAMP, "date '" + InputText.echo(fields.get(date).strip())
                    + "' is not a date YYYY-MM-DD");
        }
        QuantityUnit quantityUnit = layout.fixedUnit();
        if (unit >= 0) {
            quantityUnit = QuantityUnit.fromSymbol(fields.get(unit).strip()).orElse(null);
            if (quantityUnit == null) {
                return reject(row, ReadRejectionReason.UNKNOWN_UNIT, "unit '" + InputText.echo(fields.get(unit).strip()) + "'");
            }
        }
        if (!ch.accepts(quantityUnit)) {
            return reject(row, ReadRejectionReason.UNKNOWN_UNIT, ch.refusalOf(quantityUnit));
        }
        ReadQuality rowQuality = ReadQuality.ACTUAL;
        if (quality >= 0) {
            rowQuality = ReadQuality.fromCode(fields.get(quality)).orElse(null);
            if (rowQuality == null) {
                return reject(row, ReadRejectionReason.MALFORMED_ROW, "quality '"
                        + InputText.echo(fields.get(quality).strip()) + "' is not actual, estimated or edited (A, E, M)");
            }
        }
        ZonedDateTime start = day.atStartOfDay(layout.zone());
        long dayMinutes = Duration.between(start, day.plusDays(1).atStartOfDay(layout.zone())).toMinutes();
        int lastFilled = fields.size() - 1;
        while (lastFilled >= layout.firstValueColumn() && fields.isBlank(lastFilled)) {
            lastFilled--;
        }
        int minutes;
        if (interval >= 0) {
            try {
                minutes = Integer.parseInt(fields.get(interval).strip());
            } catch (NumberFormatException e) {
                return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH, "interval_minutes '"
                        + InputText.echo(fields.get(interval).strip()) + "' is not a whole number");
            }
        } else {
            int filled = lastFilled - layout.firstValueColumn() + 1;
            minutes = filled > 0 && dayMinutes % filled == 0 ? (int) (dayMinutes / filled) : -1;
        }
        if (!IntervalRead.SUPPORTED_LENGTHS.contains(Duration.ofMinutes(minutes))) {
            return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH, interval >= 0
                    ? "interval_minutes " + minutes + " is not 1, 5, 10, 15, 30 or 60"
                    : "the row's values do not divide its " + dayMinutes + "-minute day into 1, 5, 10, 15, 30 or"
                            + " 60-minute intervals");
        }
        int intervals = (int) (dayMinutes / minutes);
        int filledColumns = lastFilled - layout.firstValueColumn() + 1;
        if (filledColumns > intervals) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, filledColumns + " values for " + day + ", which has "
                    + intervals + " intervals of " + minutes + " minutes in " + layout.zone());
        }
        long[] values = new long[intervals];
        boolean[] present = new boolean[intervals];
        int blank = 0;
        for (int i = 0; i < intervals; i++) {
            int column = layout.firstValueColumn() + i;
            if (column >= fields.size() || fields.isBlank(column)) {
                blank++;
                continue;
            }
            try {
                long value = fields.milli(column, quantityUnit, layout.decimalSeparator());
                if (value < 0) {
                    return reject(row, ReadRejectionReason.BAD_VALUE, describe(column, start, i, minutes) + " value "
                            + InputText.echo(fields.get(column).strip()) + " is negative");
                }
                values[i] = value;
                present[i] = true;
            } catch (NumberFormatException e) {
                return reject(row, ReadRejectionReason.BAD_VALUE, describe(column, start, i, minutes) + " value '"
                        + InputText.echo(fields.get(column).strip()) + "' is not a number");
            } catch (ArithmeticException e) {
                return reject(row, ReadRejectionReason.BAD_VALUE, describe(column, start, i, minutes) + " value "
                        + InputText.echo(fields.get(column).strip()) + " " + quantityUnit.symbol() + " is not a whole number of "
                        + quantityUnit.milliUnitName());
            }
        }
        List<MeterSeries> series = IntervalFiles.runs(serial, ch, start.toInstant(), minutes, values, present,
                rowQuality, row.source(), row.line());
        return new SeriesRecord.Parsed(row, series, blank);
    }

    private int[] bounds = new int[256];

    /** The row's fields: located in the line without copying when it has no quotes, split otherwise. */
    private Fields fields(String text) {
        if (text.indexOf('"') >= 0) {
            List<String> split = CsvRow.split(text, layout.delimiter());
            return new Fields(null, null, split);
        }
        bounds = CsvRow.bounds(text, layout.delimiter(), bounds);
        return new Fields(text, bounds, null);
    }

    /** A row's fields, either as places in the line or as split strings. */
    private record Fields(String line, int[] bounds, List<String> split) {
        int size() {
            return split != null ? split.size() : bounds[0];
        }

        String get(int i) {
            return split != null ? split.get(i) : line.substring(bounds[1 + 2 * i], bounds[2 + 2 * i]);
        }

        private CharSequence source(int i) {
            return split != null ? split.get(i) : line;
        }

        private int from(int i) {
            int from = split != null ? 0 : bounds[1 + 2 * i];
            int to = to(i);
            CharSequence text = source(i);
            while (from < to && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            return from;
        }

        private int to(int i) {
            int to = split != null ? split.get(i).length() : bounds[2 + 2 * i];
            int from = split != null ? 0 : bounds[1 + 2 * i];
            CharSequence text = source(i);
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
            return to;
        }

        boolean isBlank(int i) {
            return from(i) >= to(i);
        }

        /** The field as exact milli-units of {@code unit} (whitespace around it ignored). */
        long milli(int i, QuantityUnit unit, char decimalSeparator) {
            return unit.toMilliUnits(source(i), from(i), to(i), decimalSeparator);
        }
    }

    private static String describe(int column, ZonedDateTime dayStart, int index, int minutes) {
        return "column " + (column + 1) + " (" + dayStart.toInstant().plusSeconds(60L * minutes * index)
                .atZone(dayStart.getZone()).toLocalTime() + ")";
    }

    private static SeriesRecord reject(SourceRow row, ReadRejectionReason reason, String detail) {
        return new ReadRecord.Unparseable(row, reason, detail);
    }
}
