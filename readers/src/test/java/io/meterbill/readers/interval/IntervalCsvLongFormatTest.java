package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SourceRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntervalCsvLongFormatTest {

    private static final String STANDARD = String.join(",", IntervalCsvLongFormat.HEADER);

    private static ReadRecord parse(String text) {
        return IntervalCsvLongFormat.standard("reads.csv", STANDARD).parse(new SourceRow("reads.csv", 7, text));
    }

    @Test
    void parsesARowToExactMilliUnitsAtItsInstant() {
        ReadRecord.Parsed parsed = (ReadRecord.Parsed) parse("M-1,2025-11-02T01:15:00-05:00,15,kwh_del,0.231,kWh");
        assertThat(parsed.read().start()).isEqualTo(Instant.parse("2025-11-02T06:15:00Z"));
        assertThat(parsed.read().length()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parsed.read().channel()).isEqualTo(Channel.KWH_DELIVERED);
        assertThat(parsed.read().milliUnits()).isEqualTo(231);
        assertThat(parsed.row().line()).isEqualTo(7);
    }

    /** Gas and water reads are kept in thousandths of their channel's base unit: milli-therms, litres, milli-gallons. */
    @Test
    void gasAndWaterReadsAreKeptInTheirChannelsBaseUnit() {
        ReadRecord.Parsed gas = (ReadRecord.Parsed) parse("G-1,2025-11-20T10:00:00-05:00,60,therm_del,25,kBtu");
        assertThat(gas.read().channel()).isEqualTo(Channel.THERM_DELIVERED);
        assertThat(gas.read().milliUnits()).isEqualTo(250); // 25 kBtu = 0.25 therm
        ReadRecord.Parsed water = (ReadRecord.Parsed) parse("W-1,2025-11-20T10:00:00-05:00,60,m3_del,0.042,m3");
        assertThat(water.read().milliUnits()).isEqualTo(42); // litres
        ReadRecord.Parsed gallons = (ReadRecord.Parsed) parse("W-1,2025-11-20T10:00:00-05:00,60,gal_del,7.5,gal");
        assertThat(gallons.read().channel()).isEqualTo(Channel.GAL_DELIVERED);
        assertThat(gallons.read().milliUnits()).isEqualTo(7_500);
    }

    /** The repeated 01:15 of the fall-back day is two different intervals, told apart by the offset. */
    @Test
    void theRepeatedDstHourIsTwoIntervals() {
        ReadRecord.Parsed daylight = (ReadRecord.Parsed) parse("M-1,2025-11-02T01:15:00-04:00,15,kwh_del,1,Wh");
        ReadRecord.Parsed standard = (ReadRecord.Parsed) parse("M-1,2025-11-02T01:15:00-05:00,15,kwh_del,1,Wh");
        assertThat(Duration.between(daylight.read().start(), standard.read().start())).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "M-1,2025-11-03T07:00:00-05:00,15,kwh_del,\"12,5\",kWh | BAD_VALUE | '12,5' is not a number",
        "M-1,2025-11-03T07:00:00-05:00,15,kwh_del,-0.120,kWh | BAD_VALUE | -0.120 is negative",
        "M-1,2025-11-03T07:00:00-05:00,15,kwh_del,0.0001,kWh | BAD_VALUE | is not a whole number of Wh",
        "M-1,2025-11-31T10:00:00-05:00,15,kwh_del,0.655,kWh | BAD_TIMESTAMP | '2025-11-31T10:00:00-05:00'",
        "M-1,2025-11-20T10:00:00,15,kwh_del,0.377,kWh | BAD_TIMESTAMP | with offset",
        "M-1,2025-11-20T10:00:00-05:00,15,kwh_del,0.412 | MALFORMED_ROW | expected 6 columns, found 5",
        "M-1,2025-11-20T10:00:00-05:00,15,kwh_del,\"0.412,kWh | MALFORMED_ROW | is not closed",
        ",2025-11-20T10:00:00-05:00,15,kwh_del,0.412,kWh | MALFORMED_ROW | meter serial is empty",
        "M-1,2025-11-20T10:00:00-05:00,15,kwh_del,1.234,BTU | UNKNOWN_UNIT | 'BTU'",
        "M-1,2025-11-20T10:00:00-05:00,15,kvarh,1.234,kWh | UNKNOWN_CHANNEL | 'kvarh'",
        "G-1,2025-11-20T10:00:00-05:00,60,therm_del,1.2,kWh | UNKNOWN_UNIT | unit 'kWh' cannot be kept in channel therm_del (kBtu, therm, Dth)",
        "W-1,2025-11-20T10:00:00-05:00,60,m3_del,12,gal | UNKNOWN_UNIT | unit 'gal' cannot be kept in channel m3_del (L, m3)",
        "W-1,2025-11-20T10:00:00-05:00,60,m3_del,0.0005,m3 | BAD_VALUE | 0.0005 m3 is not a whole number of litres",
        "M-1,2025-11-20T10:00:00-05:00,20,kwh_del,1.234,kWh | BAD_INTERVAL_LENGTH | 20 is not 1, 5, 10, 15, 30 or 60",
        "M-1,2025-11-20T10:07:00-05:00,15,kwh_del,1.234,kWh | BAD_INTERVAL_LENGTH | not aligned",
    })
    void rejectsABadRowWithItsReason(String row, ReadRejectionReason reason, String detail) {
        ReadRecord record = parse(row);
        assertThat(record).isInstanceOf(ReadRecord.Unparseable.class);
        ReadRecord.Unparseable bad = (ReadRecord.Unparseable) record;
        assertThat(bad.reason()).isEqualTo(reason);
        assertThat(bad.detail()).contains(detail);
        assertThat(bad.row().text()).isEqualTo(row);
    }

    @Test
    void recognisesItsHeaderWithBomAndAnyCase() {
        assertThat(IntervalCsvLongFormat.isHeader("\uFEFFMeter_Serial,interval_start,interval_minutes,channel,value,unit"))
                .isTrue();
        assertThat(IntervalCsvLongFormat.isHeader("meter,start,minutes,channel,value,unit")).isFalse();
    }

    @Test
    void theStandardLayoutTakesAnOptionalQualityColumn() {
        IntervalCsvLongFormat format = IntervalCsvLongFormat.standard("q.csv", STANDARD + ",quality");
        ReadRecord.Parsed estimated = (ReadRecord.Parsed) format.parse(new SourceRow("q.csv", 2,
                "M-1,2025-11-20T10:00:00-05:00,15,kwh_del,0.5,kWh,E"));
        assertThat(estimated.quality()).isEqualTo(ReadQuality.ESTIMATED);
        ReadRecord.Parsed edited = (ReadRecord.Parsed) format.parse(new SourceRow("q.csv", 3,
                "M-1,2025-11-20T10:15:00-05:00,15,kwh_del,0.5,kWh,edited"));
        assertThat(edited.quality()).isEqualTo(ReadQuality.EDITED);
        ReadRecord.Parsed blank = (ReadRecord.Parsed) format.parse(new SourceRow("q.csv", 4,
                "M-1,2025-11-20T10:30:00-05:00,15,kwh_del,0.5,kWh,"));
        assertThat(blank.quality()).isEqualTo(ReadQuality.ACTUAL);
        ReadRecord.Unparseable bad = (ReadRecord.Unparseable) format.parse(new SourceRow("q.csv", 5,
                "M-1,2025-11-20T10:45:00-05:00,15,kwh_del,0.5,kWh,X"));
        assertThat(bad.reason()).isEqualTo(ReadRejectionReason.MALFORMED_ROW);
        assertThat(bad.detail()).isEqualTo("quality 'X' is not actual, estimated or edited (A, E, M)");
        // without the column every read is actual
        assertThat(((ReadRecord.Parsed) parse("M-1,2025-11-20T10:00:00-05:00,15,kwh_del,0.5,kWh")).quality())
                .isEqualTo(ReadQuality.ACTUAL);
    }

    /**
     * A head-end's own export: semicolons, decimal commas, its own column names in its own order,
     * interval-ending local timestamps in a pattern, every read 15 minutes in kWh. Berlin's fall-back
     * day (26 October 2025) repeats 02:00-03:00 local: its interval ending 02:15 is read first as the
     * summer-time one (00:00Z start), then, once the series has passed it, as the winter-time one. A
     * fixed interval-minutes needs no interval column, a fixed unit no unit column.
     */
    @Test
    void aConfiguredLayoutReadsAHeadEndsOwnExport() {
        IntervalCsvLongFormat.Layout layout = IntervalCsvLongFormat.Layout.fromSettings(Map.ofEntries(
                Map.entry("delimiter", "semicolon"), Map.entry("decimal-separator", ","),
                Map.entry("meter-column", "Zaehler"), Map.entry("timestamp-column", "Ende"),
                Map.entry("timestamp-marks", "end"), Map.entry("timestamp-format", "dd.MM.yyyy HH:mm"),
                Map.entry("interval-minutes", "15"),
                Map.entry("channel-column", "Kanal"), Map.entry("value-column", "Wert"),
                Map.entry("unit", "kWh"), Map.entry("quality-column", "Status")),
                ZoneId.of("Europe/Berlin"));
        IntervalCsvLongFormat format = new IntervalCsvLongFormat(layout, "de.csv", "Ende;Wert;Status;Kanal;Zaehler");
        String[] rows = {"26.10.2025 02:15;1,25;A;kwh_del;Z-1", "26.10.2025 02:45;0,5;A;kwh_del;Z-1",
            "26.10.2025 02:15;0,75;E;kwh_del;Z-1", "26.10.2025 02:15;2;A;kwh_rec;Z-1"};
        List<ReadRecord.Parsed> parsed = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            parsed.add((ReadRecord.Parsed) format.parse(new SourceRow("de.csv", i + 2, rows[i])));
        }
        assertThat(parsed.get(0).read().start()).isEqualTo(Instant.parse("2025-10-26T00:00:00Z"));
        assertThat(parsed.get(0).read().milliUnits()).isEqualTo(1_250);
        assertThat(parsed.get(0).read().length()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parsed.get(0).read().meter().value()).isEqualTo("Z-1");
        assertThat(parsed.get(1).read().start()).isEqualTo(Instant.parse("2025-10-26T00:30:00Z")); // 02:45 CEST end
        assertThat(parsed.get(2).read().start()).isEqualTo(Instant.parse("2025-10-26T01:00:00Z")); // 02:15 CET end
        assertThat(parsed.get(2).quality()).isEqualTo(ReadQuality.ESTIMATED);
        // another channel of the same meter has its own place in the repeated hour
        assertThat(parsed.get(3).read().start()).isEqualTo(Instant.parse("2025-10-26T00:00:00Z"));
        assertThat(parsed.get(3).read().channel()).isEqualTo(Channel.KWH_RECEIVED);

        assertThat(layout.matchesHeader("Zaehler;Ende;Kanal;Wert;Status")).isTrue();
        assertThat(layout.matchesHeader("Zaehler;Ende;Kanal;Wert")).isFalse(); // its configured quality column
        assertThat(layout.matchesHeader("meter_serial,interval_start,interval_minutes,channel,value,unit")).isFalse();
        assertThat(IntervalCsvLongFormat.Layout.fromSettings(layout.settings(), ZoneId.of("Europe/Berlin")))
                .isEqualTo(layout);
    }

    @Test
    void localTimestampsThatDoNotExistOrHaveNoZoneAreRefused() {
        IntervalCsvLongFormat berlin = new IntervalCsvLongFormat(IntervalCsvLongFormat.Layout.standard(
                ZoneId.of("Europe/Berlin")), "de.csv", STANDARD);
        ReadRecord.Unparseable gap = (ReadRecord.Unparseable) berlin.parse(new SourceRow("de.csv", 2,
                "Z-1,2025-03-30 02:15,15,kwh_del,1,kWh"));
        assertThat(gap.reason()).isEqualTo(ReadRejectionReason.BAD_TIMESTAMP);
        assertThat(gap.detail()).isEqualTo("interval_start '2025-03-30 02:15' does not exist in Europe/Berlin (the"
                + " clocks went forward over it)");
        // a space for the T and no seconds are ISO enough
        assertThat(((ReadRecord.Parsed) berlin.parse(new SourceRow("de.csv", 3, "Z-1,2025-03-30 03:00,15,kwh_del,1,kWh")))
                .read().start()).isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
        // a fixed offset as the zone: standard time all year
        IntervalCsvLongFormat est = new IntervalCsvLongFormat(IntervalCsvLongFormat.Layout.standard(
                ZoneId.of("-05:00")), "est.csv", STANDARD);
        assertThat(((ReadRecord.Parsed) est.parse(new SourceRow("est.csv", 2, "M-1,2025-07-01T00:00,60,kwh_del,1,kWh")))
                .read().start()).isEqualTo(Instant.parse("2025-07-01T05:00:00Z"));
        // a pattern that reads 31 November is refused, not moved to the 30th
        IntervalCsvLongFormat us = new IntervalCsvLongFormat(IntervalCsvLongFormat.Layout.fromSettings(
                Map.of("timestamp-format", "MM/dd/yyyy HH:mm"), ZoneId.of("America/New_York")), "us.csv", STANDARD);
        ReadRecord.Unparseable november31 = (ReadRecord.Unparseable) us.parse(new SourceRow("us.csv", 2,
                "M-1,11/31/2025 10:00,15,kwh_del,1,kWh"));
        assertThat(november31.detail()).startsWith("interval_start '11/31/2025 10:00' is not a timestamp of the form"
                + " MM/dd/yyyy HH:mm").contains("NOVEMBER 31");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "colour=blue | unknown long CSV setting 'colour'",
        "timestamp-marks=middle | timestamp-marks 'middle' is not start or end",
        "interval-column= | interval-column is blank: set interval-minutes",
        "interval-minutes=20 | interval-minutes 20 is not 1, 5, 10, 15, 30 or 60",
        "timestamp-format=yyyy-MM-dd bb | timestamp-format 'yyyy-MM-dd bb' is not a date-time pattern",
        "interval-column=Len;interval-minutes=15 | interval-column or interval-minutes, not both",
        "unit-column=U;unit=kWh | give unit-column or unit, not both",
        "unit=BTU | unit 'BTU' is not a known unit",
        "unit-column= | needs a unit column or a fixed unit",
        "delimiter=;; | delimiter ';;' is not one character",
        "meter-column= | meter-column cannot be blank",
    })
    void aWrongSettingIsNamed(String setting, String message) {
        Map<String, String> settings = new java.util.HashMap<>();
        for (String one : setting.split(";(?=[a-z-]+=)")) {
            int eq = one.indexOf('=');
            settings.put(one.substring(0, eq), one.substring(eq + 1));
        }
        assertThatThrownBy(() -> IntervalCsvLongFormat.Layout.fromSettings(settings, ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** A configured quality column must be in the file (the standard layout's own is optional). */
    @Test
    void aConfiguredQualityColumnIsRequired() {
        IntervalCsvLongFormat.Layout layout = IntervalCsvLongFormat.Layout.fromSettings(Map.of("quality-column", "Status"),
                ZoneId.of("UTC"));
        assertThat(layout.matchesHeader(STANDARD)).isFalse();
        assertThat(layout.matchesHeader(STANDARD + ",status")).isTrue();
        assertThat(layout.describe()).isEqualTo("meter_serial,interval_start,interval_minutes,channel,value,unit,Status");
        assertThatThrownBy(() -> new IntervalCsvLongFormat(layout, "r.csv", STANDARD))
                .hasMessageStartingWith("r.csv: header has no column 'Status'");
        assertThat(IntervalCsvLongFormat.Layout.fromSettings(layout.settings(), ZoneId.of("UTC"))).isEqualTo(layout);
        assertThat(IntervalCsvLongFormat.Layout.standard(null).matchesHeader(STANDARD)).isTrue();
    }

    @Test
    void aHeaderWithoutAConfiguredColumnIsRefusedByName() {
        assertThatThrownBy(() -> new IntervalCsvLongFormat(IntervalCsvLongFormat.Layout.standard(null), "r.csv",
                "meter_serial,interval_start,channel,value,unit"))
                .hasMessage("r.csv: header has no column 'interval_minutes' (it has [meter_serial, interval_start,"
                        + " channel, value, unit])");
    }
}
