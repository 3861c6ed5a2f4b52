package io.meterbill.readers.interval;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.IntervalRead;
import io.meterbill.domain.read.QuantityUnit;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.readers.csv.CsvRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The long interval export: one read per row. The standard layout is
 * {@code meter_serial,interval_start,interval_minutes,channel,value,unit[,quality]}, the interval start
 * written with its UTC offset (e.g. {@code 2025-11-02T01:15:00-05:00}) so that the repeated hour of a DST
 * change is unambiguous. A {@link Layout} adapts it to a head-end's own export: column names, delimiter,
 * decimal separator, timestamps that mark the interval's end, a timestamp pattern, local timestamps (read
 * in the cycle's input zone), a fixed interval length and a fixed unit.
 *
 * <p>Parsing never throws for bad data: it returns the row as unparseable with the reason. An instance
 * belongs to one file: it remembers, per meter and channel, the last local timestamp it resolved, so the
 * repeated hour of a fall-back day is read as the first hour and then the second.
 */
public final class IntervalCsvLongFormat {

    /** The standard layout's columns (a {@code quality} column may follow). */
    public static final List<String> HEADER =
            List.of("meter_serial", "interval_start", "interval_minutes", "channel", "value", "unit");

    /**
     * Where things are in a long file.
     *
     * @param timestampColumn the interval's start, or its end when {@code intervalEnding}
     * @param timestampPattern null: ISO-8601 ({@code T} or a space between date and time, seconds optional);
     *     otherwise a {@link DateTimeFormatter} pattern such as {@code MM/dd/yyyy HH:mm}. A timestamp with
     *     an offset (or zone) is read at that offset; one without is local to {@code zone}
     * @param intervalColumn null: every read is {@code fixedMinutes} long
     * @param unitColumn null: every value is in {@code fixedUnit}
     * @param qualityColumn the column of each read's quality (actual, estimated, edited; A/E/M), or null
     * @param qualityOptional whether a file may lack the quality column (its reads are then actual): so for
     *     the standard layout's {@code quality}; a configured quality column must be there
     * @param zone the zone local timestamps are in (null: a local timestamp is refused)
     */
    public record Layout(char delimiter, char decimalSeparator, String meterColumn, String timestampColumn,
            boolean intervalEnding, String timestampPattern, String intervalColumn, int fixedMinutes,
            String channelColumn, String valueColumn, String unitColumn, QuantityUnit fixedUnit, String qualityColumn,
            boolean qualityOptional, ZoneId zone) {
        public Layout {
            Objects.requireNonNull(meterColumn, "meterColumn");
            Objects.requireNonNull(timestampColumn, "timestampColumn");
            Objects.requireNonNull(channelColumn, "channelColumn");
            Objects.requireNonNull(valueColumn, "valueColumn");
            if (delimiter == decimalSeparator) {
                throw new IllegalArgumentException("the delimiter and the decimal separator must differ");
            }
            if (unitColumn == null && fixedUnit == null) {
                throw new IllegalArgumentException("a long layout needs a unit column or a fixed unit");
            }
            if (intervalColumn == null
                    && !IntervalRead.SUPPORTED_LENGTHS.contains(Duration.ofMinutes(fixedMinutes))) {
                throw new IllegalArgumentException(fixedMinutes == 0
                        ? "a long layout needs an interval column or a fixed interval-minutes"
                        : "interval-minutes " + fixedMinutes + " is not 1, 5, 10, 15, 30 or 60");
            }
            if (timestampPattern != null) {
                formatter(timestampPattern); // refuses a bad pattern here, not on every row
            }
        }

        /** The standard layout, local timestamps (if any) in {@code zone}. */
        public static Layout standard(ZoneId zone) {
            return new Layout(',', '.', "meter_serial", "interval_start", false, null, "interval_minutes", 0, "channel",
                    "value", "unit", null, "quality", true, zone);
        }

        /** This layout with local timestamps in {@code other}. */
        public Layout withZone(ZoneId other) {
            return new Layout(delimiter, decimalSeparator, meterColumn, timestampColumn, intervalEnding,
                    timestampPattern, intervalColumn, fixedMinutes, channelColumn, valueColumn, unitColumn, fixedUnit,
                    qualityColumn, qualityOptional, other);
        }

        /** The settings {@link #fromSettings} reads, in the order they are written. */
        public static final List<String> SETTINGS = List.of("delimiter", "decimal-separator", "meter-column",
                "timestamp-column", "timestamp-marks", "timestamp-format", "interval-column", "interval-minutes",
                "channel-column", "value-column", "unit-column", "unit", "quality-column");

        /**
         * A layout from operator settings (any not given keeps the standard layout's): {@code delimiter} and
         * {@code decimal-separator}; the {@code meter-column}, {@code timestamp-column}, {@code channel-column}
         * and {@code value-column}; {@code timestamp-marks} {@code start} or {@code end} of the interval;
         * {@code timestamp-format} (a pattern; blank: ISO-8601); {@code interval-column}, or
         * {@code interval-minutes}, the fixed length of every read; {@code unit-column}, or {@code unit}, the
         * unit of every value; {@code quality-column} (then required in every file; blank: none).
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public static Layout fromSettings(Map<String, String> settings, ZoneId zone) {
            CsvSettings.checkKnown("long", settings, SETTINGS);
            Layout standard = standard(zone);
            String marks = CsvSettings.text(settings, "timestamp-marks", "start");
            if (marks == null || !(marks.equalsIgnoreCase("start") || marks.equalsIgnoreCase("end"))) {
                throw new IllegalArgumentException("long CSV setting timestamp-marks '" + settings.get("timestamp-marks")
                        + "' is not start or end (of the interval)");
            }
            String pattern = CsvSettings.text(settings, "timestamp-format", null);
            if (pattern != null) {
                try {
                    formatter(pattern);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("long CSV setting timestamp-format '" + pattern
                            + "' is not a date-time pattern: " + e.getMessage());
                }
            }
            int minutes = CsvSettings.number("long", settings, "interval-minutes", 0, "a number of minutes");
            // a fixed length replaces the standard interval column, unless a column is named as well
            String intervalColumn = CsvSettings.text(settings, "interval-column",
                    minutes != 0 ? null : standard.intervalColumn());
            if (intervalColumn != null && minutes != 0) {
                throw new IllegalArgumentException("long CSV settings: give interval-column or interval-minutes, not"
                        + " both");
            }
            if (intervalColumn == null && !IntervalRead.SUPPORTED_LENGTHS.contains(Duration.ofMinutes(minutes))) {
                throw new IllegalArgumentException(minutes == 0
                        ? "long CSV setting interval-column is blank: set interval-minutes to the length of every read"
                        : "long CSV setting interval-minutes " + minutes + " is not 1, 5, 10, 15, 30 or 60");
            }
            QuantityUnit unit = CsvSettings.unit("long", settings);
            // a fixed unit replaces the standard unit column, unless a column is named as well
            String unitColumn = CsvSettings.text(settings, "unit-column", unit != null ? null : standard.unitColumn());
            if (unitColumn != null && unit != null) {
                throw new IllegalArgumentException("long CSV settings: give unit-column or unit, not both");
            }
            String qualityColumn = CsvSettings.text(settings, "quality-column", standard.qualityColumn());
            return new Layout(CsvSettings.character("long", settings, "delimiter", standard.delimiter()),
                    CsvSettings.character("long", settings, "decimal-separator", standard.decimalSeparator()),
                    required(settings, "meter-column", standard.meterColumn()),
                    required(settings, "timestamp-column", standard.timestampColumn()),
                    marks.equalsIgnoreCase("end"), pattern, intervalColumn, intervalColumn == null ? minutes : 0,
                    required(settings, "channel-column", standard.channelColumn()),
                    required(settings, "value-column", standard.valueColumn()),
                    unitColumn, unit, qualityColumn, !settings.containsKey("quality-column"), zone);
        }

        private static String required(Map<String, String> settings, String key, String standard) {
            String value = CsvSettings.text(settings, key, standard);
            if (value == null) {
                throw new IllegalArgumentException("long CSV setting " + key + " cannot be blank");
            }
            return value;
        }

        /** This layout's settings, as {@link #fromSettings} reads them (all of them, blanks for none). */
        public Map<String, String> settings() {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("delimiter", CsvSettings.characterText(delimiter));
            settings.put("decimal-separator", String.valueOf(decimalSeparator));
            settings.put("meter-column", meterColumn);
            settings.put("timestamp-column", timestampColumn);
            settings.put("timestamp-marks", intervalEnding ? "end" : "start");
            settings.put("timestamp-format", timestampPattern == null ? "" : timestampPattern);
            settings.put("interval-column", intervalColumn == null ? "" : intervalColumn);
            settings.put("interval-minutes", intervalColumn == null ? Integer.toString(fixedMinutes) : "");
            settings.put("channel-column", channelColumn);
            settings.put("value-column", valueColumn);
            settings.put("unit-column", unitColumn == null ? "" : unitColumn);
            settings.put("unit", fixedUnit == null ? "" : fixedUnit.symbol());
            if (!qualityOptional) { // an optional quality column is the default one, which an absent setting gives
                settings.put("quality-column", qualityColumn == null ? "" : qualityColumn);
            }
            return settings;
        }

        /** Whether a header line is this layout's: every column it names is there (an optional quality column aside). */
        public boolean matchesHeader(String header) {
            List<String> names = CsvSettings.headerNames(header, delimiter);
            if (names == null) {
                return false;
            }
            List<String> columns = new java.util.ArrayList<>(List.of(meterColumn, timestampColumn, channelColumn,
                    valueColumn));
            for (String optional : new String[] {intervalColumn, unitColumn, qualityOptional ? null : qualityColumn}) {
                if (optional != null) {
                    columns.add(optional);
                }
            }
            for (String column : columns) {
                if (!names.contains(column.toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
            return true;
        }

        /** The columns a header must have, for messages. */
        public String describe() {
            StringBuilder text = new StringBuilder(String.join(String.valueOf(delimiter), meterColumn, timestampColumn));
            if (intervalColumn != null) {
                text.append(delimiter).append(intervalColumn);
            }
            text.append(delimiter).append(channelColumn).append(delimiter).append(valueColumn);
            if (unitColumn != null) {
                text.append(delimiter).append(unitColumn);
            }
            if (qualityColumn != null && !qualityOptional) {
                text.append(delimiter).append(qualityColumn);
            }
            return text.toString();
        }
    }

    private static DateTimeFormatter formatter(String pattern) {
        // strict, so 31 November is refused rather than read as 30 November; 'y' is then the proleptic year
        return DateTimeFormatter.ofPattern(pattern.replace('y', 'u'), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private final Layout layout;
    private final DateTimeFormatter timestamps;
    private final int columns;
    private final int meter;
    private final int timestamp;
    private final int interval;
    private final int channel;
    private final int value;
    private final int unit;
    private final int quality;
    /** Per meter and channel, the last timestamp read as local time (fall-back days repeat an hour). */
    private final Map<String, Instant> lastLocal = new HashMap<>();

    /**
     * @param header the file's header line
     * @throws IllegalArgumentException if the header lacks a column the layout names
     */
    public IntervalCsvLongFormat(Layout layout, String source, String header) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.timestamps = layout.timestampPattern() == null ? null : formatter(layout.timestampPattern());
        List<String> names = CsvRow.header(header, layout.delimiter());
        this.columns = names.size();
        this.meter = index(source, names, layout.meterColumn());
        this.timestamp = index(source, names, layout.timestampColumn());
        this.interval = layout.intervalColumn() == null ? -1 : index(source, names, layout.intervalColumn());
        this.channel = index(source, names, layout.channelColumn());
        this.value = index(source, names, layout.valueColumn());
        this.unit = layout.unitColumn() == null ? -1 : index(source, names, layout.unitColumn());
        this.quality = layout.qualityColumn() == null ? -1 : layout.qualityOptional()
                ? names.indexOf(layout.qualityColumn().toLowerCase(Locale.ROOT)) : index(source, names, layout.qualityColumn());
    }

    /** The standard layout for a file with {@code header}, local timestamps refused. */
    public static IntervalCsvLongFormat standard(String source, String header) {
        return new IntervalCsvLongFormat(Layout.standard(null), source, header);
    }

    private static int index(String source, List<String> names, String column) {
        int i = names.indexOf(column.toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException(source + ": header has no column '" + column + "' (it has "
                    + InputText.echo(names.toString()) + ")");
        }
        return i;
    }

    /** Whether {@code line} is the standard layout's header. */
    public static boolean isHeader(String line) {
        return Layout.standard(null).matchesHeader(line);
    }

    public ReadRecord parse(SourceRow row) {
        List<String> fields;
        try {
            fields = CsvRow.split(row.text(), layout.delimiter());
        } catch (IllegalArgumentException e) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
        if (fields.size() != columns) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW,
                    "expected " + columns + " columns, found " + fields.size());
        }
        MeterSerial serial;
        try {
            serial = new MeterSerial(fields.get(meter));
        } catch (IllegalArgumentException e) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
        Duration length;
        if (interval >= 0) {
            String minutes = fields.get(interval).strip();
            try {
                length = Duration.ofMinutes(Integer.parseInt(minutes));
            } catch (NumberFormatException e) {
                return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH,
                        layout.intervalColumn() + " '" + InputText.echo(minutes) + "' is not a whole number");
            }
            if (!IntervalRead.SUPPORTED_LENGTHS.contains(length)) {
                return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH,
                        layout.intervalColumn() + " " + length.toMinutes() + " is not 1, 5, 10, 15, 30 or 60");
            }
        } else {
            length = Duration.ofMinutes(layout.fixedMinutes());
        }
        String channelCode = fields.get(channel).strip();
        Channel ch = Channel.fromCode(channelCode).orElse(null);
        if (ch == null) {
            return reject(row, ReadRejectionReason.UNKNOWN_CHANNEL, "channel '" + InputText.echo(channelCode) + "'");
        }
        String written = fields.get(timestamp).strip();
        Object at = instant(written, serial, ch);
        if (at instanceof String why) {
            return reject(row, ReadRejectionReason.BAD_TIMESTAMP, why);
        }
        Instant start = layout.intervalEnding() ? ((Instant) at).minus(length) : (Instant) at;
        if (start.getEpochSecond() % length.toSeconds() != 0) {
            return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH, layout.timestampColumn() + " " + InputText.echo(written)
                    + " is not aligned to " + length.toMinutes() + "-minute intervals");
        }
        QuantityUnit quantityUnit = layout.fixedUnit();
        if (unit >= 0) {
            String symbol = fields.get(unit).strip();
            quantityUnit = QuantityUnit.fromSymbol(symbol).orElse(null);
            if (quantityUnit == null) {
                return reject(row, ReadRejectionReason.UNKNOWN_UNIT, "unit '" + InputText.echo(symbol) + "'");
            }
        }
        if (!ch.accepts(quantityUnit)) {
            return reject(row, ReadRejectionReason.UNKNOWN_UNIT, ch.refusalOf(quantityUnit));
        }
        ReadQuality readQuality = ReadQuality.ACTUAL;
        if (quality >= 0 && !fields.get(quality).isBlank()) {
            readQuality = ReadQuality.fromCode(fields.get(quality)).orElse(null);
            if (readQuality == null) {
                return reject(row, ReadRejectionReason.MALFORMED_ROW, "quality '"
                        + InputText.echo(fields.get(quality).strip()) + "' is not actual, estimated or edited (A, E, M)");
            }
        }
        String valueText = fields.get(value).strip();
        long milliUnits;
        try {
            milliUnits = quantityUnit.toMilliUnits(valueText, 0, valueText.length(), layout.decimalSeparator());
        } catch (NumberFormatException e) {
            return reject(row, ReadRejectionReason.BAD_VALUE, "value '" + InputText.echo(valueText) + "' is not a number");
        } catch (ArithmeticException e) {
            return reject(row, ReadRejectionReason.BAD_VALUE,
                    "value " + InputText.echo(valueText) + " " + quantityUnit.symbol() + " is not a whole number of "
                            + quantityUnit.milliUnitName());
        }
        if (milliUnits < 0) {
            return reject(row, ReadRejectionReason.BAD_VALUE, "value " + InputText.echo(valueText) + " is negative");
        }
        return new ReadRecord.Parsed(row, new IntervalRead(serial, ch, start, length, milliUnits), readQuality);
    }

    /** The instant a written timestamp stands for, or why it cannot be read (a String). */
    private Object instant(String written, MeterSerial serial, Channel ch) {
        TemporalAccessor parsed;
        try {
            if (timestamps == null) {
                String iso = written.length() > 10 && written.charAt(10) == ' '
                        ? written.substring(0, 10) + 'T' + written.substring(11) : written;
                parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
            } else {
                parsed = timestamps.parseBest(written, ZonedDateTime::from, LocalDateTime::from);
            }
        } catch (DateTimeParseException e) {
            String why = e.getMessage() == null ? "" : e.getMessage();
            int at = why.indexOf("could not be parsed: ");
            return layout.timestampColumn() + " '" + InputText.echo(written) + "' is not "
                    + (timestamps == null ? "an ISO-8601 timestamp, e.g. 2025-11-02T01:15:00-05:00"
                            : "a timestamp of the form " + layout.timestampPattern())
                    + (at >= 0 ? " (" + InputText.echo(why.substring(at + "could not be parsed: ".length())) + ")" : "");
        }
        if (parsed instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        LocalDateTime local = (LocalDateTime) parsed;
        ZoneId zone = layout.zone();
        if (zone == null) {
            return layout.timestampColumn() + " '" + InputText.echo(written) + "' has no UTC offset: write it with offset, e.g."
                    + " 2025-11-02T01:15:00-05:00 (local timestamps are read only through a configured layout,"
                    + " meterbill.input.csv-long.*, in meterbill.input.time-zone)";
        }
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            return layout.timestampColumn() + " '" + InputText.echo(written) + "' does not exist in " + zone
                    + " (the clocks went forward over it)";
        }
        Instant instant = local.toInstant(offsets.get(0));
        if (offsets.size() > 1 || !zone.getRules().isFixedOffset()) {
            // the repeated hour: the first time a series reaches it, it is the earlier one; once the series has
            // been there (or later), the same local time is the later one
            String series = serial.value() + '\u0000' + ch.code();
            Instant last = lastLocal.get(series);
            if (offsets.size() > 1) {
                Instant earlier = local.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
                Instant later = local.atZone(zone).withLaterOffsetAtOverlap().toInstant();
                instant = last != null && !last.isBefore(earlier) ? later : earlier;
            }
            lastLocal.put(series, instant);
        }
        return instant;
    }

    private static ReadRecord reject(SourceRow row, ReadRejectionReason reason, String detail) {
        return new ReadRecord.Unparseable(row, reason, detail);
    }
}
