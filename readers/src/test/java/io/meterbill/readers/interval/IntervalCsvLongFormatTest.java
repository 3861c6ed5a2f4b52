package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SourceRow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntervalCsvLongFormatTest {

    private static ReadRecord parse(String text) {
        return IntervalCsvLongFormat.parse(new SourceRow("reads.csv", 7, text));
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
}
