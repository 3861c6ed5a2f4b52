package io.meterbill.readers.interval;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.IntervalRead;
import io.meterbill.domain.read.QuantityUnit;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.readers.csv.CsvRow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The long interval export format: one read per row,
 * {@code meter_serial,interval_start,interval_minutes,channel,value,unit}, the interval start written
 * with its UTC offset (e.g. {@code 2025-11-02T01:15:00-05:00}) so that the repeated hour of a DST
 * change is unambiguous. Parsing never throws for bad data: it returns the row as unparseable with
 * the reason.
 */
public final class IntervalCsvLongFormat {

    public static final List<String> HEADER =
            List.of("meter_serial", "interval_start", "interval_minutes", "channel", "value", "unit");

    private IntervalCsvLongFormat() {
    }

    public static boolean isHeader(String line) {
        try {
            return CsvRow.header(line, ',').equals(HEADER);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static ReadRecord parse(SourceRow row) {
        List<String> fields;
        try {
            fields = CsvRow.split(row.text(), ',');
        } catch (IllegalArgumentException e) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
        if (fields.size() != HEADER.size()) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW,
                    "expected " + HEADER.size() + " columns, found " + fields.size());
        }
        MeterSerial serial;
        try {
            serial = new MeterSerial(fields.get(0));
        } catch (IllegalArgumentException e) {
            return reject(row, ReadRejectionReason.MALFORMED_ROW, e.getMessage());
        }
        OffsetDateTime start;
        try {
            start = OffsetDateTime.parse(fields.get(1).strip());
        } catch (DateTimeParseException e) {
            String why = e.getMessage() == null ? "" : e.getMessage();
            int at = why.indexOf("could not be parsed: ");
            return reject(row, ReadRejectionReason.BAD_TIMESTAMP, "interval_start '" + fields.get(1).strip()
                    + "' is not an ISO-8601 timestamp with offset, e.g. 2025-11-02T01:15:00-05:00"
                    + (at >= 0 ? " (" + why.substring(at + "could not be parsed: ".length()) + ")" : ""));
        }
        Duration length;
        try {
            length = Duration.ofMinutes(Integer.parseInt(fields.get(2).strip()));
        } catch (NumberFormatException e) {
            return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH,
                    "interval_minutes '" + fields.get(2).strip() + "' is not a whole number");
        }
        if (!IntervalRead.SUPPORTED_LENGTHS.contains(length)) {
            return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH,
                    "interval_minutes " + length.toMinutes() + " is not 1, 5, 10, 15, 30 or 60");
        }
        if (start.toEpochSecond() % length.toSeconds() != 0) {
            return reject(row, ReadRejectionReason.BAD_INTERVAL_LENGTH,
                    "interval_start " + start + " is not aligned to " + length.toMinutes() + "-minute intervals");
        }
        Channel channel = Channel.fromCode(fields.get(3).strip()).orElse(null);
        if (channel == null) {
            return reject(row, ReadRejectionReason.UNKNOWN_CHANNEL, "channel '" + fields.get(3).strip() + "'");
        }
        QuantityUnit unit = QuantityUnit.fromSymbol(fields.get(5).strip()).orElse(null);
        if (unit == null) {
            return reject(row, ReadRejectionReason.UNKNOWN_UNIT, "unit '" + fields.get(5).strip() + "'");
        }
        if (!channel.accepts(unit)) {
            return reject(row, ReadRejectionReason.UNKNOWN_UNIT, channel.refusalOf(unit));
        }
        String valueText = fields.get(4).strip();
        long milliUnits;
        try {
            BigDecimal value = new BigDecimal(valueText);
            if (value.signum() < 0) {
                return reject(row, ReadRejectionReason.BAD_VALUE, "value " + valueText + " is negative");
            }
            milliUnits = unit.toMilliUnits(value);
        } catch (NumberFormatException e) {
            return reject(row, ReadRejectionReason.BAD_VALUE, "value '" + valueText + "' is not a number");
        } catch (ArithmeticException e) {
            return reject(row, ReadRejectionReason.BAD_VALUE,
                    "value " + valueText + " " + unit.symbol() + " is not a whole number of " + unit.milliUnitName());
        }
        return new ReadRecord.Parsed(row, new IntervalRead(serial, channel, start.toInstant(),
                length, milliUnits));
    }

    private static ReadRecord reject(SourceRow row, ReadRejectionReason reason, String detail) {
        return new ReadRecord.Unparseable(row, reason, detail);
    }
}
