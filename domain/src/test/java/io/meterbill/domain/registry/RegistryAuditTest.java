package io.meterbill.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.tariff.TariffCode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryAuditTest {

    private static final Instant NOV = Instant.parse("2025-11-01T04:00:00Z");
    private static final BillingCycle NOVEMBER = BillingCycle.parse("2025-11");
    private static final Instant MID = Instant.parse("2025-11-15T15:00:00Z");

    private static ServicePoint sp(String id, Commodity commodity) {
        return new ServicePoint(new ServicePointId(id), new AccountId("ACC-" + id), "", ZoneId.of("America/New_York"),
                commodity, new TariffCode("RES-FLAT"));
    }

    private static Meter meter(String serial, Commodity commodity, Instant retired) {
        return new Meter(new MeterSerial(serial), commodity, "", retired);
    }

    private static Installation installed(String meter, String sp, Instant from, Instant to) {
        return new Installation(new MeterSerial(meter), new ServicePointId(sp), from, to);
    }

    private static final Instant LONG_AGO = Instant.parse("2020-01-01T05:00:00Z");

    /** A clean registry, including a mid-month meter exchange (old removed when the new is installed). */
    @Test
    void aCleanRegistryWithAMeterExchangeHasNoProblems() {
        List<RegistryAudit.Problem> problems = RegistryAudit.audit(List.of(sp("SP-1", Commodity.ELECTRIC)),
                List.of(meter("M-1", Commodity.ELECTRIC, MID), meter("M-2", Commodity.ELECTRIC, null)),
                List.of(installed("M-1", "SP-1", LONG_AGO, MID), installed("M-2", "SP-1", MID, null)), NOVEMBER);
        assertThat(problems).isEmpty();
    }

    @Test
    void eachKindOfProblemIsFoundAndExplained() {
        List<RegistryAudit.Problem> problems = RegistryAudit.audit(
                List.of(sp("SP-1", Commodity.ELECTRIC), sp("SP-2", Commodity.ELECTRIC), sp("SP-3", Commodity.GAS),
                        sp("SP-4", Commodity.ELECTRIC), sp("SP-5", Commodity.WATER)),
                List.of(meter("M-1", Commodity.ELECTRIC, null), meter("M-2", Commodity.ELECTRIC, null),
                        meter("M-3", Commodity.ELECTRIC, null), meter("M-4", Commodity.ELECTRIC, MID)),
                List.of(installed("M-1", "SP-1", LONG_AGO, null),
                        installed("M-1", "SP-2", MID, null),            // M-1 on SP-1 and SP-2 from MID
                        installed("M-2", "SP-1", NOV, null),            // and SP-1 has M-1 and M-2 from NOV
                        installed("M-3", "SP-3", LONG_AGO, null),       // electric meter on a gas service point
                        installed("M-4", "SP-4", LONG_AGO, null)),      // retired at MID, still installed
                NOVEMBER);
        assertThat(problems).extracting(p -> p.kind() + " " + p.subject() + ": " + p.detail()).containsExactly(
                "METER_ON_TWO_SERVICE_POINTS M-1: installed on SP-1 from 2020-01-01T05:00:00Z (still installed) and on"
                        + " SP-2 from 2025-11-15T15:00:00Z (still installed) at once from 2025-11-15T15:00:00Z",
                "TWO_METERS_ON_ONE_SERVICE_POINT SP-1: meters M-1 and M-2 both installed from 2025-11-01T04:00:00Z;"
                        + " reads of one service point must come from one meter at a time",
                "RETIRED_METER_INSTALLED M-4: retired at 2025-11-15T15:00:00Z but installed on SP-4 from"
                        + " 2020-01-01T05:00:00Z (still installed)",
                "COMMODITY_MISMATCH M-3: ELECTRIC meter installed on GAS service point SP-3 from 2020-01-01T05:00:00Z",
                "SERVICE_POINT_WITHOUT_METER SP-2: no meter installed 2025-11-01T04:00:00Z to 2025-11-15T15:00:00Z",
                "SERVICE_POINT_WITHOUT_METER SP-5: no meter installed between 2025-11-01T04:00:00Z and"
                        + " 2025-12-01T05:00:00Z");
    }

    /** A meter removed before the period and a gap inside it: the gap is reported with its bounds. */
    @Test
    void gapsInsideThePeriodAreReportedWithTheirBounds() {
        Instant nov10 = Instant.parse("2025-11-10T05:00:00Z");
        Instant nov20 = Instant.parse("2025-11-20T05:00:00Z");
        List<RegistryAudit.Problem> problems = RegistryAudit.audit(List.of(sp("SP-1", Commodity.ELECTRIC)),
                List.of(meter("M-0", Commodity.ELECTRIC, null), meter("M-1", Commodity.ELECTRIC, null),
                        meter("M-2", Commodity.ELECTRIC, null)),
                List.of(installed("M-0", "SP-1", LONG_AGO, Instant.parse("2024-01-01T05:00:00Z")),
                        installed("M-1", "SP-1", Instant.parse("2024-06-01T04:00:00Z"), nov10),
                        installed("M-2", "SP-1", nov20, null)), NOVEMBER);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.detail())
                .isEqualTo("no meter installed 2025-11-10T05:00:00Z to 2025-11-20T05:00:00Z"));
    }
}
