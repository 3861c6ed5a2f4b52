package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.registry.MeterSerial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterSeriesAssemblerTest {

    private static final Instant T0 = Instant.parse("2025-11-10T05:00:00Z");

    private static IntervalRead read(String meter, Channel channel, int quarter, long milli) {
        return new IntervalRead(new MeterSerial(meter), channel, T0.plusSeconds(900L * quarter), Duration.ofMinutes(15),
                milli);
    }

    /** Delivered and received rows alternating: two series, each with step 2, every value's line exact. */
    @Test
    void alternatingChannelsBecomeTwoSeriesWithExactLines() {
        MeterSeriesAssembler assembler = new MeterSeriesAssembler("reads.csv");
        long line = 2;
        for (int q = 0; q < 8; q++) {
            assembler.add(read("M-1", Channel.KWH_DELIVERED, q, 100 + q), line++);
            assembler.add(read("M-1", Channel.KWH_RECEIVED, q, q), line++);
        }
        List<MeterSeries> series = assembler.flush();
        assertThat(series).hasSize(2);
        SeriesValues delivered = series.get(0).values();
        assertThat(series.get(0).channel()).isEqualTo(Channel.KWH_DELIVERED);
        assertThat(delivered.size()).isEqualTo(8);
        assertThat(delivered.positionStep()).isEqualTo(2);
        assertThat(delivered.sourcePositionOf(7)).isEqualTo(16);
        assertThat(delivered.valueAt(7)).isEqualTo(107);
        assertThat(series.get(1).values().sourcePositionOf(7)).isEqualTo(17);
    }

    /** Each read keeps its quality: estimated and edited reads are listed by slot, the rest are actual. */
    @Test
    void readsKeepTheirQuality() {
        MeterSeriesAssembler assembler = new MeterSeriesAssembler("reads.csv");
        ReadQuality[] qualities = {ReadQuality.ACTUAL, ReadQuality.ESTIMATED, ReadQuality.ESTIMATED,
            ReadQuality.ACTUAL, ReadQuality.EDITED, ReadQuality.ACTUAL};
        for (int q = 0; q < qualities.length; q++) {
            assembler.add(read("M-1", Channel.KWH_DELIVERED, q, 10 + q), qualities[q], 2 + q);
        }
        assembler.add(read("M-2", Channel.KWH_DELIVERED, 0, 5), 8);
        List<MeterSeries> series = assembler.flush();
        SeriesValues values = series.get(0).values();
        assertThat(values.size()).isEqualTo(6);
        assertThat(values.nonActualSlots()).containsExactly(1, 2, 4);
        assertThat(values.nonActualQualities()).containsExactly(ReadQuality.ESTIMATED, ReadQuality.ESTIMATED,
                ReadQuality.EDITED);
        assertThat(values.qualityAt(3)).isEqualTo(ReadQuality.ACTUAL);
        assertThat(series.get(1).values().nonActualSlots()).isEmpty();
    }

    /** A missing quarter hour, a change of row spacing and a new meter each start a new series. */
    @Test
    void gapsAndIrregularSpacingCloseTheSeries() {
        MeterSeriesAssembler assembler = new MeterSeriesAssembler("reads.csv");
        assembler.add(read("M-1", Channel.KWH_DELIVERED, 0, 1), 2);
        assembler.add(read("M-1", Channel.KWH_DELIVERED, 1, 1), 3);
        assembler.add(read("M-1", Channel.KWH_DELIVERED, 3, 1), 4);   // quarter 2 missing: new series
        assembler.add(read("M-1", Channel.KWH_DELIVERED, 4, 1), 5);
        assembler.add(read("M-1", Channel.KWH_DELIVERED, 5, 1), 9);   // a bad row between: spacing changes
        assembler.add(read("M-2", Channel.KWH_DELIVERED, 0, 1), 10);
        assertThat(assembler.takeClosed()).extracting(s -> s.values().size()).containsExactly(2, 2);
        List<MeterSeries> rest = assembler.flush();
        assertThat(rest).extracting(s -> s.meter().value() + "@" + s.values().sourcePosition() + "x"
                + s.values().size()).containsExactly("M-1@9x1", "M-2@10x1");
    }

    /** A series never holds more than a day of minute values. */
    @Test
    void aSeriesHoldsAtMost1440Values() {
        MeterSeriesAssembler assembler = new MeterSeriesAssembler("reads.csv");
        for (int m = 0; m < 1500; m++) {
            assembler.add(new IntervalRead(new MeterSerial("M-1"), Channel.KWH_DELIVERED, T0.plusSeconds(60L * m),
                    Duration.ofMinutes(1), 5), 2 + m);
        }
        assertThat(assembler.flush()).extracting(s -> s.values().size()).containsExactly(1440, 60);
    }
}
