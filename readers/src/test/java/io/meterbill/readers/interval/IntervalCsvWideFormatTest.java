package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.MeterSeries;
import io.meterbill.domain.read.QuantityUnit;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.SourceRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalCsvWideFormatTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String HEADER = "meter_serial,channel,date,interval_minutes,unit," + columns(100);

    private static String columns(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add("v" + i);
        }
        return String.join(",", names);
    }

    /** A row with {@code n} values 0.001, 0.002, ... kWh, padded with blanks to 100 value columns. */
    private static String row(String date, String minutes, int n) {
        List<String> cells = new ArrayList<>(List.of("M-1", "kwh_del", date, minutes, "kWh"));
        for (int i = 1; i <= n; i++) {
            cells.add(String.format("0.%03d", i));
        }
        cells.addAll(Collections.nCopies(100 - n, ""));
        return String.join(",", cells);
    }

    private final IntervalCsvWideFormat format = new IntervalCsvWideFormat(IntervalCsvWideFormat.Layout.standard(NEW_YORK),
            "wide.csv", HEADER);

    private SeriesRecord parse(String text) {
        return format.parse(new SourceRow("wide.csv", 7, text));
    }

    private static List<MeterSeries> series(SeriesRecord record) {
        assertThat(record).as(record.toString()).isInstanceOf(SeriesRecord.Parsed.class);
        return ((SeriesRecord.Parsed) record).series();
    }

    private static ReadRecord.Unparseable rejected(SeriesRecord record) {
        assertThat(record).isInstanceOf(ReadRecord.Unparseable.class);
        return (ReadRecord.Unparseable) record;
    }

    /** 10 November 2025 in New York starts 05:00 UTC and has 96 quarter hours; the 96 values sum to 4.656 kWh. */
    @Test
    void anOrdinaryDayIsOneSeriesFromLocalMidnight() {
        MeterSeries s = series(parse(row("2025-11-10", "15", 96))).get(0);
        assertThat(s.meter().value()).isEqualTo("M-1");
        assertThat(s.channel()).isEqualTo(Channel.KWH_DELIVERED);
        assertThat(s.values().start()).isEqualTo(Instant.parse("2025-11-10T05:00:00Z"));
        assertThat(s.values().size()).isEqualTo(96);
        assertThat(s.values().total()).isEqualTo(96 * 97 / 2);
        assertThat(s.values().sourcePositionOf(50)).isEqualTo(7);
        assertThat(s.values().end()).isEqualTo(Instant.parse("2025-11-11T05:00:00Z"));
    }

    /** Fall-back day 2025-11-02 has 100 quarter hours, spring-forward 2025-03-09 has 92; both are whole days. */
    @Test
    void dstDaysHave100And92QuarterHours() {
        MeterSeries fallBack = series(parse(row("2025-11-02", "15", 100))).get(0);
        assertThat(fallBack.values().size()).isEqualTo(100);
        assertThat(fallBack.values().end()).isEqualTo(Instant.parse("2025-11-03T05:00:00Z"));
        MeterSeries springForward = series(parse(row("2025-03-09", "15", 92))).get(0);
        assertThat(springForward.values().size()).isEqualTo(92);
        assertThat(springForward.values().start()).isEqualTo(Instant.parse("2025-03-09T05:00:00Z"));
        assertThat(springForward.values().end()).isEqualTo(Instant.parse("2025-03-10T04:00:00Z"));
        // without an interval column the length is inferred from the day: 100 values on a 25-hour day = 15 minutes
        IntervalCsvWideFormat.Layout inferred = new IntervalCsvWideFormat.Layout(',', '.', "meter_serial", "channel",
                "date", null, "unit", null, null, 5, NEW_YORK);
        IntervalCsvWideFormat noLength = new IntervalCsvWideFormat(inferred, "wide.csv", HEADER);
        assertThat(series(noLength.parse(new SourceRow("wide.csv", 2, row("2025-11-02", "", 100)))).get(0).values()
                .intervalMinutes()).isEqualTo(15);
        assertThat(rejected(noLength.parse(new SourceRow("wide.csv", 3, row("2025-11-02", "", 96)))).reason())
                .isEqualTo(ReadRejectionReason.BAD_INTERVAL_LENGTH);
    }

    /** A blank value is a gap: the day becomes two series around it, and the gap is counted. */
    @Test
    void blanksSplitTheDayIntoSeries() {
        String text = row("2025-11-10", "15", 96).replace(",0.010,", ",,").replace(",0.011,", ",,");
        SeriesRecord record = parse(text);
        List<MeterSeries> parts = series(record);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).values().size()).isEqualTo(9);
        assertThat(parts.get(1).values().start()).isEqualTo(Instant.parse("2025-11-10T07:45:00Z"));
        assertThat(parts.get(1).values().valueAt(0)).isEqualTo(12);
        // the padding columns 97-100 are not intervals of the day, so only the two blanks count
        assertThat(((SeriesRecord.Parsed) record).blankIntervals()).isEqualTo(2);
    }

    @Test
    void aBadValueRejectsTheWholeRowNamingColumnAndTime() {
        ReadRecord.Unparseable bad = rejected(parse(row("2025-11-10", "15", 96).replace(",0.015,", ",1,5,")));
        assertThat(bad.reason()).isEqualTo(ReadRejectionReason.MALFORMED_ROW);
        ReadRecord.Unparseable word = rejected(parse(row("2025-11-10", "15", 96).replace(",0.015,", ",abc,")));
        assertThat(word.reason()).isEqualTo(ReadRejectionReason.BAD_VALUE);
        assertThat(word.detail()).isEqualTo("column 20 (03:30) value 'abc' is not a number");
        assertThat(rejected(parse(row("2025-11-10", "15", 96).replace(",0.015,", ",-0.015,"))).detail())
                .isEqualTo("column 20 (03:30) value -0.015 is negative");
        assertThat(rejected(parse(row("2025-11-10", "15", 96).replace(",0.015,", ",0.0155,"))).detail())
                .isEqualTo("column 20 (03:30) value 0.0155 kWh is not a whole number of Wh");
        assertThat(rejected(parse(row("2025-11-31", "15", 96))).reason()).isEqualTo(ReadRejectionReason.BAD_TIMESTAMP);
        assertThat(rejected(parse(row("2025-11-10", "15", 96).replace("kwh_del", "kvarh"))).reason())
                .isEqualTo(ReadRejectionReason.UNKNOWN_CHANNEL);
        assertThat(rejected(parse(row("2025-11-10", "15", 96).replace(",kWh,", ",therms,"))).reason())
                .isEqualTo(ReadRejectionReason.UNKNOWN_UNIT);
        assertThat(rejected(parse(row("2025-11-10", "15", 97))).detail())
                .isEqualTo("97 values for 2025-11-10, which has 96 intervals of 15 minutes in America/New_York");
    }

    /** A European export: semicolons, decimal commas, values in Wh, an hourly day, a quality column. */
    @Test
    void delimiterDecimalSeparatorFixedUnitAndQualityComeFromTheLayout() {
        IntervalCsvWideFormat.Layout european = new IntervalCsvWideFormat.Layout(';', ',', "zaehler", "kanal", "datum",
                null, null, QuantityUnit.WH, "status", 4, ZoneId.of("Europe/Berlin"));
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add("h" + h);
        }
        IntervalCsvWideFormat wide = new IntervalCsvWideFormat(european, "de.csv",
                "Zaehler;Kanal;Datum;Status;" + String.join(";", hours));
        List<String> cells = new ArrayList<>(List.of("DE-7", "kwh_rec", "2025-06-21", "E"));
        for (int h = 0; h < 24; h++) {
            cells.add(h + "0,0"); // 30,0 Wh at 03:00 = 30 milli-kWh
        }
        MeterSeries s = series(wide.parse(new SourceRow("de.csv", 2, String.join(";", cells)))).get(0);
        assertThat(s.channel()).isEqualTo(Channel.KWH_RECEIVED);
        assertThat(s.values().intervalMinutes()).isEqualTo(60);
        assertThat(s.values().start()).isEqualTo(Instant.parse("2025-06-20T22:00:00Z"));
        assertThat(s.values().valueAt(3)).isEqualTo(30);
        assertThat(s.values().qualityAt(23)).isEqualTo(ReadQuality.ESTIMATED);
        cells.set(5, "0,5"); // half a Wh is finer than the store keeps
        assertThat(rejected(wide.parse(new SourceRow("de.csv", 3, String.join(";", cells)))).detail())
                .isEqualTo("column 6 (01:00) value 0,5 Wh is not a whole number of Wh");
    }

    @Test
    void aHeaderWithoutANamedColumnIsRefusedNamingIt() {
        assertThatThrownBy(() -> new IntervalCsvWideFormat(IntervalCsvWideFormat.Layout.standard(NEW_YORK), "w.csv",
                "meter,channel,date,interval_minutes,unit,v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("w.csv: header has no column 'meter_serial'");
    }
}
