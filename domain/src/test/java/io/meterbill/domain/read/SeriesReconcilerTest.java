package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.Installation;
import io.meterbill.domain.registry.InstallationHistory;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePointId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesReconcilerTest {

    private static final BillingWindow NOVEMBER = BillingCycle.parse("2025-11").windowIn(ZoneId.of("America/New_York"));
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T05:00:00Z");
    private static final Instant NOV_10 = Instant.parse("2025-11-10T05:00:00Z");
    private static final ServicePointId SP_1 = new ServicePointId("SP-1");
    private static final ServicePointId SP_2 = new ServicePointId("SP-2");

    private static MeterSerial m(String serial) {
        return new MeterSerial(serial);
    }

    /** A day of quarter hours from {@code start}, value i = i + 1, on consecutive lines from line 2, slot 5 estimated. */
    private static MeterSeries day(String meter, Instant start) {
        long[] values = new long[96];
        for (int i = 0; i < 96; i++) {
            values[i] = i + 1;
        }
        return new MeterSeries(m(meter), Channel.KWH_DELIVERED, new SeriesValues(start, 15, values, new int[] {50},
                new ReadQuality[] {ReadQuality.ESTIMATED}, "reads.csv", 2, 1));
    }

    private static SeriesReconciler reconciler(List<Installation> installations, List<String> meters) {
        return new SeriesReconciler(new InstallationHistory(meters.stream().map(MeterSerial::new).toList(), installations),
                Map.of(SP_1, NOVEMBER, SP_2, NOVEMBER));
    }

    private static long counted(SeriesReconciler.Outcome outcome) {
        return outcome.accepted().stream().mapToLong(s -> s.values().size()).sum()
                + outcome.rejected().stream().mapToLong(SeriesReconciler.RejectedRun::count).sum();
    }

    /** A meter moved from SP-1 to SP-2 at 12:00 UTC: 28 quarter hours for SP-1, 68 for SP-2, positions kept. */
    @Test
    void aMovedMeterFeedsEachServicePointForItsOwnPart() {
        Instant noon = Instant.parse("2025-11-10T12:00:00Z");
        SeriesReconciler.Outcome outcome = reconciler(List.of(new Installation(m("M-1"), SP_1, LONG_AGO, noon),
                new Installation(m("M-1"), SP_2, noon, null)), List.of("M-1")).reconcile(day("M-1", NOV_10));
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).extracting(IntervalSeries::servicePoint).containsExactly(SP_1, SP_2);
        SeriesValues second = outcome.accepted().get(1).values();
        assertThat(outcome.accepted().get(0).values().size()).isEqualTo(28);
        assertThat(second.size()).isEqualTo(68);
        assertThat(second.start()).isEqualTo(noon);
        assertThat(second.valueAt(0)).isEqualTo(29);
        assertThat(second.sourcePositionOf(0)).isEqualTo(2 + 28);
        assertThat(second.qualityAt(50 - 28)).isEqualTo(ReadQuality.ESTIMATED);
        assertThat(outcome.accepted().get(0).values().nonActualSlots()).isEmpty();
    }

    /** A meter removed at 12:00 and nothing after it: the rest of the day is rejected as one run, counted. */
    @Test
    void valuesAfterARemovalAreRejectedAsOneRun() {
        Instant noon = Instant.parse("2025-11-10T12:00:00Z");
        SeriesReconciler.Outcome outcome = reconciler(List.of(new Installation(m("M-1"), SP_1, LONG_AGO, noon)),
                List.of("M-1")).reconcile(day("M-1", NOV_10));
        assertThat(outcome.accepted()).singleElement().satisfies(s -> assertThat(s.values().size()).isEqualTo(28));
        assertThat(outcome.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(ReadRejectionReason.NO_INSTALLATION_AT_READ_TIME);
            assertThat(r.from()).isEqualTo(28);
            assertThat(r.count()).isEqualTo(68);
            assertThat(r.sourcePosition()).isEqualTo(30);
            assertThat(r.detail()).isEqualTo("meter M-1 served no service point at 2025-11-10T12:00:00Z (68 of the 96 values)");
        });
    }

    /** The day before the cycle starts and the first hours of it: only the part inside the window is kept. */
    @Test
    void valuesOutsideTheBillingWindowAreSetAside() {
        SeriesReconciler r = reconciler(List.of(new Installation(m("M-1"), SP_1, LONG_AGO, null)), List.of("M-1"));
        SeriesReconciler.Outcome outcome = r.reconcile(day("M-1", Instant.parse("2025-11-01T00:00:00Z")));
        assertThat(outcome.rejected()).singleElement().satisfies(run -> {
            assertThat(run.reason()).isEqualTo(ReadRejectionReason.OUTSIDE_CYCLE_WINDOW);
            assertThat(run.count()).isEqualTo(16); // 00:00-04:00 UTC is still October in New York
        });
        assertThat(outcome.accepted()).singleElement().satisfies(s -> {
            assertThat(s.values().start()).isEqualTo(NOVEMBER.start());
            assertThat(s.values().size()).isEqualTo(80);
        });
        SeriesReconciler.Outcome end = r.reconcile(day("M-1", Instant.parse("2025-12-01T00:00:00Z")));
        assertThat(end.accepted()).singleElement().satisfies(s -> assertThat(s.values().size()).isEqualTo(20));
        assertThat(end.rejected()).singleElement().satisfies(run -> assertThat(run.count()).isEqualTo(76));
    }

    @Test
    void unknownAndDoublyInstalledMetersAreRejectedWithTheReason() {
        SeriesReconciler r = reconciler(List.of(new Installation(m("M-2"), SP_1, LONG_AGO, null),
                new Installation(m("M-2"), SP_2, NOV_10.plusSeconds(3600), null)), List.of("M-2"));
        SeriesReconciler.Outcome unknown = r.reconcile(day("M-9", NOV_10));
        assertThat(unknown.accepted()).isEmpty();
        assertThat(unknown.rejected()).singleElement().satisfies(run -> {
            assertThat(run.reason()).isEqualTo(ReadRejectionReason.UNKNOWN_METER);
            assertThat(run.count()).isEqualTo(96);
        });
        SeriesReconciler.Outcome twice = r.reconcile(day("M-2", NOV_10));
        assertThat(twice.accepted()).singleElement().satisfies(s -> assertThat(s.values().size()).isEqualTo(4));
        assertThat(twice.rejected()).singleElement().satisfies(run -> {
            assertThat(run.reason()).isEqualTo(ReadRejectionReason.METER_ON_TWO_SERVICE_POINTS);
            assertThat(run.count()).isEqualTo(92);
        });
        assertThat(counted(twice)).isEqualTo(96);
    }
}
