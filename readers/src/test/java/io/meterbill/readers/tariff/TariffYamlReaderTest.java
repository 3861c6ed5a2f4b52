package io.meterbill.readers.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.tariff.Applicability;
import io.meterbill.domain.tariff.BillCalculation;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.DayType;
import io.meterbill.domain.tariff.HolidayCalendar;
import io.meterbill.domain.tariff.IntervalUsage;
import io.meterbill.domain.tariff.NetMetering;
import io.meterbill.domain.tariff.RateCriterion;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.Season;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.domain.tariff.TariffVersion;
import io.meterbill.domain.tariff.TouSchedule;
import io.meterbill.domain.tariff.UsageTotals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TariffYamlReaderTest {

    /** Surefire runs with the module directory as working directory. */
    private static final Path CATALOG = Path.of("../config/tariffs");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Applicability ALWAYS = Applicability.ALWAYS;

    private final TariffYamlReader reader = new TariffYamlReader();

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private Tariff shipped(String file) throws IOException {
        return reader.read(file, Files.readString(CATALOG.resolve(file)));
    }

    // --- the shipped catalog ---

    @Test
    void everyShippedTariffLoadsAndSaysItsFiguresAreIllustrative() throws IOException {
        Map<String, String> codes = new TreeMap<>();
        try (Stream<Path> files = Files.list(CATALOG)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).startsWith("#").contains("illustrative");
                Tariff tariff = reader.read(file.getFileName().toString(), text);
                codes.put(tariff.code().value(), file.getFileName().toString());
                assertThat(tariff.zone()).isEqualTo(NEW_YORK);
                assertThat(tariff.currency().getCurrencyCode()).isEqualTo("USD");
            }
        }
        assertThat(codes).containsExactly(Map.entry("COM-DEMAND", "com-demand.yaml"),
                Map.entry("COM-FLAT", "com-flat.yaml"), Map.entry("GAS-TIERED", "gas-tiered.yaml"),
                Map.entry("GSD-1", "gsd-1.yaml"), Map.entry("RES-FLAT", "res-flat.yaml"),
                Map.entry("RES-TOU", "res-tou.yaml"), Map.entry("WATER-LADDER", "water-ladder.yaml"));
    }

    @Test
    void residentialFlatKeepsItsTwoVersionsAndCharges() throws IOException {
        Tariff tariff = shipped("res-flat.yaml");
        assertThat(tariff.code().value()).isEqualTo("RES-FLAT");
        assertThat(tariff.commodity()).isEqualTo(Commodity.ELECTRIC);
        assertThat(tariff.consumptionUnit()).isEqualTo("kWh");
        assertThat(tariff.demandUnit()).isEqualTo("kW");
        assertThat(tariff.holidays()).isEqualTo(HolidayCalendar.none());
        assertThat(tariff.versions()).extracting(TariffVersion::effectiveFrom, TariffVersion::effectiveTo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 7, 1)),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 7, 1), null));
        assertThat(tariff.versionOn(LocalDate.of(2025, 6, 30)).orElseThrow().charges()).containsExactly(
                new Charge.Fixed("Customer charge", d("11.75"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                Charge.Energy.flat("Energy delivery and supply", d("0.1389"), ALWAYS),
                new Charge.Percentage("Sales tax", d("4"), Set.of(), true, ALWAYS));
        assertThat(tariff.versionOn(LocalDate.of(2025, 11, 1)).orElseThrow().charges()).containsExactly(
                new Charge.Fixed("Customer charge", d("12.50"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                Charge.Energy.flat("Energy delivery and supply", d("0.1432"), ALWAYS),
                new Charge.Percentage("Sales tax", d("4"), Set.of(), true, ALWAYS));
    }

    @Test
    void commercialFlatHasTwoTaxes() throws IOException {
        Tariff tariff = shipped("com-flat.yaml");
        assertThat(tariff.versions()).hasSize(1);
        assertThat(tariff.versions().get(0).effectiveFrom()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(tariff.versions().get(0).charges()).containsExactly(
                new Charge.Fixed("Customer charge", d("28.00"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                Charge.Energy.flat("Energy delivery and supply", d("0.1215"), ALWAYS),
                new Charge.Percentage("Sales tax", d("4"), Set.of(), true, ALWAYS),
                new Charge.Percentage("Gross receipts tax", d("2.5"), Set.of(), true, ALWAYS));
    }

    @Test
    void residentialTouHasSeasonsScheduleHolidaysCriteriaAndNetMetering() throws IOException {
        Tariff tariff = shipped("res-tou.yaml");
        assertThat(tariff.holidays()).isEqualTo(HolidayCalendar.nerc());
        assertThat(tariff.holidays().dayTypeOf(LocalDate.of(2025, 7, 4))).isEqualTo(DayType.HOLIDAY);
        assertThat(tariff.criteria()).containsExactly(new RateCriterion("low_income", List.of("yes", "no"), "no",
                "Enrolled in the low-income discount programme"));
        TariffVersion version = tariff.versions().get(0);
        assertThat(version.effectiveFrom()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(version.seasons()).containsExactly(new Season("summer", MonthDay.of(6, 1), MonthDay.of(9, 30)),
                new Season("winter", MonthDay.of(10, 1), MonthDay.of(5, 31)));

        TouSchedule tou = version.schedules().get(0);
        assertThat(tou.name()).isEqualTo("tou");
        assertThat(tou.periods()).containsExactly("off_peak", "on_peak", "mid_peak");
        assertThat(period(tou, 7, DayType.WEEKDAY, 15)).isEqualTo("on_peak");
        assertThat(period(tou, 7, DayType.WEEKDAY, 18)).isEqualTo("on_peak");
        assertThat(period(tou, 7, DayType.WEEKDAY, 19)).isEqualTo("off_peak"); // [15, 19)
        assertThat(period(tou, 9, DayType.WEEKDAY, 13)).isEqualTo("mid_peak");
        assertThat(period(tou, 7, DayType.WEEKEND, 16)).isEqualTo("off_peak");
        assertThat(period(tou, 7, DayType.HOLIDAY, 16)).isEqualTo("off_peak");
        assertThat(period(tou, 10, DayType.WEEKDAY, 15)).isEqualTo("off_peak"); // winter from October
        assertThat(period(tou, 1, DayType.WEEKDAY, 17)).isEqualTo("on_peak");
        assertThat(period(tou, 5, DayType.WEEKDAY, 7)).isEqualTo("mid_peak");
        assertThat(period(tou, 1, DayType.WEEKDAY, 6)).isEqualTo("off_peak");

        Map<String, String> regular = Map.of("low_income", "no");
        assertThat(version.charges()).containsExactly(
                new Charge.Fixed("Customer charge", d("14.00"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS.withCriteria(regular)),
                new Charge.Fixed("Customer charge (low-income discount)", d("7.00"), Charge.Basis.MONTH,
                        Charge.Proration.BILLING_PERIOD, ALWAYS.withCriteria(Map.of("low_income", "yes"))),
                Charge.Energy.flat("Energy on-peak (summer)", d("0.3150"),
                        new Applicability(Set.of("summer"), null, Set.of("on_peak"), Map.of())),
                Charge.Energy.flat("Energy on-peak (winter)", d("0.2450"),
                        new Applicability(Set.of("winter"), null, Set.of("on_peak"), Map.of())),
                Charge.Energy.flat("Energy mid-peak", d("0.1780"), Applicability.inPeriods("mid_peak")),
                Charge.Energy.flat("Energy off-peak", d("0.1090"), Applicability.inPeriods("off_peak")),
                new Charge.PerUnit("Public benefits charge", d("0.0045"), false, ALWAYS),
                new Charge.Percentage("Sales tax", d("4"), Set.of(), true, ALWAYS));
        assertThat(version.netMetering()).isEqualTo(new NetMetering(NetMetering.ExportCredit.RETAIL, null, Map.of(),
                Month.DECEMBER, NetMetering.TrueUp.FORFEIT));
    }

    @Test
    void commercialDemandHasRatchetTouWindowDemandAndMinimum() throws IOException {
        Tariff tariff = shipped("com-demand.yaml");
        TariffVersion version = tariff.versions().get(0);
        TouSchedule tou = version.schedules().get(0);
        assertThat(period(tou, 3, DayType.WEEKDAY, 12)).isEqualTo("on_peak");
        assertThat(period(tou, 3, DayType.WEEKDAY, 20)).isEqualTo("off_peak");
        assertThat(period(tou, 11, DayType.HOLIDAY, 14)).isEqualTo("off_peak");
        assertThat(version.charges()).containsExactly(
                new Charge.Fixed("Customer charge", d("45.00"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                Charge.Energy.flat("Energy on-peak", d("0.1180"), Applicability.inPeriods("on_peak")),
                Charge.Energy.flat("Energy off-peak", d("0.0790"), Applicability.inPeriods("off_peak")),
                new Charge.Demand("Maximum demand", d("8.50"), 15, new Charge.Ratchet(d("80"), 11), ALWAYS),
                new Charge.Demand("On-peak demand", d("6.25"), 15, null, Applicability.inPeriods("on_peak")),
                new Charge.Minimum("Minimum charge", d("150.00"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                new Charge.Percentage("Sales tax", d("4"), Set.of(), true, ALWAYS));
        assertThat(version.netMetering()).isNull();
    }

    @Test
    void generalServiceDemandIsTheBillMatchTariffWithoutTax() throws IOException {
        Tariff tariff = shipped("gsd-1.yaml");
        assertThat(tariff.code().value()).isEqualTo("GSD-1");
        assertThat(tariff.versions()).singleElement().satisfies(v -> {
            assertThat(v.effectiveFrom()).isEqualTo(LocalDate.of(2015, 1, 1));
            assertThat(v.effectiveTo()).isNull();
            assertThat(v.charges()).containsExactly(Charge.Energy.flat("Energy", d("0.10"), ALWAYS),
                    new Charge.Demand("Demand", d("10.00"), 15, null, ALWAYS));
        });
    }

    @Test
    void gasHasThermsDailyCustomerChargeAndSeasonalDailyTiers() throws IOException {
        Tariff tariff = shipped("gas-tiered.yaml");
        assertThat(tariff.commodity()).isEqualTo(Commodity.GAS);
        assertThat(tariff.consumptionUnit()).isEqualTo("therm");
        TariffVersion version = tariff.versions().get(0);
        assertThat(version.seasonOn(LocalDate.of(2025, 12, 1)).name()).isEqualTo("winter");
        assertThat(version.seasonOn(LocalDate.of(2025, 4, 1)).name()).isEqualTo("summer");
        assertThat(version.charges()).containsExactly(
                new Charge.Fixed("Customer charge", d("0.3300"), Charge.Basis.DAY, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                new Charge.Energy("Gas delivery and supply (winter)", List.of(new Charge.Tier(d("100"), d("1.2150")),
                        new Charge.Tier(null, d("1.4820"))), Charge.Proration.DAILY, Applicability.inSeasons("winter")),
                new Charge.Energy("Gas delivery and supply (summer)", List.of(new Charge.Tier(d("40"), d("1.1400")),
                        new Charge.Tier(null, d("1.3900"))), Charge.Proration.DAILY, Applicability.inSeasons("summer")),
                new Charge.Percentage("Sales tax", d("4"), Set.of(), true, ALWAYS));
    }

    @Test
    void waterHasALadderMinimumAndSewerSurchargeOnConsumption() throws IOException {
        Tariff tariff = shipped("water-ladder.yaml");
        assertThat(tariff.commodity()).isEqualTo(Commodity.WATER);
        assertThat(tariff.consumptionUnit()).isEqualTo("m3");
        assertThat(tariff.versions().get(0).charges()).containsExactly(
                new Charge.Fixed("Service charge", d("9.50"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS),
                new Charge.Energy("Water consumption", List.of(new Charge.Tier(d("10"), d("1.10")),
                        new Charge.Tier(d("25"), d("1.65")), new Charge.Tier(d("50"), d("2.40")),
                        new Charge.Tier(null, d("3.20"))), Charge.Proration.BILLING_PERIOD, ALWAYS),
                new Charge.Percentage("Sewer charge", d("85"), Set.of(ChargeType.ENERGY), false, ALWAYS),
                new Charge.Minimum("Minimum charge", d("15.00"), Charge.Basis.MONTH, Charge.Proration.BILLING_PERIOD,
                        ALWAYS));
    }

    /** The bill-match example's arithmetic, on the tariff as loaded from the catalog. */
    @Test
    void generalServiceDemandReproducesTheBillMatchFigures() throws IOException {
        BillCalculation bill = new TariffEngine().rate(shipped("gsd-1.yaml"), LocalDate.of(2015, 11, 15),
                LocalDate.of(2015, 12, 17), UsageTotals.of(d("154324"), d("354")), RatingContext.NONE);
        assertThat(bill.lines()).extracting(line -> line.description() + "=" + line.amount().amount().toPlainString())
                .containsExactly("Energy=15432.40", "Demand=3540.00");
        assertThat(bill.subtotal().amount()).isEqualByComparingTo("18972.40");
        assertThat(bill.total().amount()).isEqualByComparingTo("18972.40");
    }

    /** Every shipped tariff rates a month of 15-minute reads (a DST month; 0.25 units each, some export). */
    @Test
    void everyShippedTariffRatesAMonthOfIntervalReads() throws IOException {
        Instant start = LocalDate.of(2025, 11, 1).atStartOfDay(NEW_YORK).toInstant();
        Instant end = LocalDate.of(2025, 12, 1).atStartOfDay(NEW_YORK).toInstant();
        int intervals = (int) Duration.between(start, end).toMinutes() / 15;
        long[] delivered = new long[intervals];
        long[] received = new long[intervals];
        Arrays.fill(delivered, 250);
        Arrays.fill(received, 0, intervals / 10, 400);
        IntervalUsage usage = new IntervalUsage(start, 15, delivered, received);
        try (Stream<Path> files = Files.list(CATALOG)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Tariff tariff = shipped(file.getFileName().toString());
                BillCalculation bill = new TariffEngine().rate(tariff, LocalDate.of(2025, 11, 1),
                        LocalDate.of(2025, 12, 1), usage, RatingContext.NONE);
                assertThat(bill.total().amount()).as(file.toString()).isPositive();
            }
        }
    }

    private static String period(TouSchedule schedule, int month, DayType dayType, int hour) {
        return schedule.periods().get(schedule.periodAt(month, dayType, hour));
    }

    /** The schema example in docs/tariff-authoring.md is a tariff that loads. */
    @Test
    void theDocumentedSchemaExampleLoads() throws IOException {
        String doc = Files.readString(Path.of("../docs/tariff-authoring.md"));
        int schema = doc.indexOf("## Schema");
        int from = doc.indexOf("```yaml\n", schema) + "```yaml\n".length();
        String example = doc.substring(from, doc.indexOf("```", from));
        Tariff tariff = reader.read("tariff-authoring.md", example);
        assertThat(tariff.code().value()).isEqualTo("RES-TOU");
        TariffVersion version = tariff.versions().get(0);
        assertThat(version.charges()).extracting(Charge::name).containsExactly("Customer charge", "Energy on-peak",
                "Energy off-peak", "Demand", "Minimum charge", "Renewable rider", "Sales tax");
        assertThat(period(version.schedules().get(0), 7, DayType.WEEKDAY, 14)).isEqualTo("on_peak");
        assertThat(period(version.schedules().get(0), 1, DayType.WEEKDAY, 7)).isEqualTo("on_peak");
        assertThat(version.netMetering().trueUpMonth()).isEqualTo(Month.DECEMBER);
    }

    // --- schema details ---

    private static final String HEAD = """
            code: T
            name: t
            currency: USD
            time_zone: America/New_York
            """;

    /** A tariff with one version from 2025-01-01 whose body (indented by four) is given. */
    private Tariff version(String body) {
        return reader.read("t.yaml", versionText(body));
    }

    private static String versionText(String body) {
        return HEAD + "versions:\n  - effective_from: 2025-01-01\n" + body.stripIndent().lines()
                .map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
    }

    /** An unquoted 0.1 must not pass through a double (0.1000000000000000055...). */
    @Test
    void unquotedNumbersStayExact() {
        Tariff tariff = version("""
                charges:
                  - {type: energy, name: Energy, rate: 0.1}
                  - {type: tax, name: Tax, percent: 8.875}
                """);
        Charge.Energy energy = (Charge.Energy) tariff.versions().get(0).charges().get(0);
        assertThat(energy.firstRate().toPlainString()).isEqualTo("0.1");
        Charge.Percentage tax = (Charge.Percentage) tariff.versions().get(0).charges().get(1);
        assertThat(tax.percent().toPlainString()).isEqualTo("8.875");
    }

    /** yes, no and on are words, not YAML 1.1 booleans. */
    @Test
    void yesNoAndOnStayWords() {
        Tariff tariff = reader.read("t.yaml", HEAD + """
                holidays:
                  - {on: 2026-04-03}
                rate_criteria:
                  - {key: low_income, values: [yes, no], default: no}
                versions:
                  - effective_from: 2025-01-01
                    charges:
                      - {type: fixed, name: Discount customer charge, amount: 5, when: {low_income: yes}}
                """);
        assertThat(tariff.criteria().get(0).values()).containsExactly("yes", "no");
        assertThat(tariff.criteria().get(0).defaultValue()).isEqualTo("no");
        assertThat(tariff.versions().get(0).charges().get(0).when().criteria()).isEqualTo(Map.of("low_income", "yes"));
        assertThat(tariff.holidays().rules()).containsExactly(new HolidayCalendar.SingleDate(LocalDate.of(2026, 4, 3)));
    }

    @Test
    void usFederalHolidaysAreObservedOnTheNearestWeekday() {
        Tariff tariff = reader.read("t.yaml", HEAD + """
                holidays: us_federal
                versions:
                  - effective_from: 2025-01-01
                    charges: [{type: energy, name: E, rate: 1}]
                """);
        HolidayCalendar holidays = tariff.holidays();
        assertThat(holidays.name()).isEqualTo("us_federal");
        assertThat(holidays.rules()).hasSize(11);
        for (LocalDate day : List.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 20), LocalDate.of(2025, 2, 17),
                LocalDate.of(2025, 5, 26), LocalDate.of(2025, 6, 19), LocalDate.of(2025, 7, 4),
                LocalDate.of(2025, 9, 1), LocalDate.of(2025, 10, 13), LocalDate.of(2025, 11, 11),
                LocalDate.of(2025, 11, 27), LocalDate.of(2025, 12, 25),
                LocalDate.of(2026, 7, 3), // July 4 2026 is a Saturday
                LocalDate.of(2021, 12, 31), // 2022-01-01 is a Saturday
                LocalDate.of(2023, 11, 10), // Veterans Day 2023 is a Saturday
                LocalDate.of(2022, 12, 26))) { // Christmas 2022 is a Sunday
            assertThat(holidays.isHoliday(day)).as(day.toString()).isTrue();
        }
        assertThat(holidays.isHoliday(LocalDate.of(2025, 11, 28))).isFalse();
        assertThat(holidays.isHoliday(LocalDate.of(2025, 1, 13))).isFalse();
    }

    @Test
    void holidayRulesAndScheduleDefaults() {
        Tariff tariff = reader.read("t.yaml", HEAD + """
                holidays:
                  - {date: 12-25, observed: nearest_weekday}
                  - {date: 07-04}
                  - {month: 11, weekday: thursday, nth: 4}
                  - {month: 5, weekday: monday, nth: last}
                versions:
                  - effective_from: 2025-01-01
                    tou:
                      - name: energy
                        default_period: p1
                        periods:
                          - name: p2
                            rules:
                              - {months: [12, 1, 2], hours: 0-24}
                              - {days: [weekday], hours: 8-20}
                      - name: demand
                        default_period: all_day
                        periods:
                          - name: peak
                            rules: [{days: [weekday, holiday]}]
                    charges:
                      - {type: energy, name: E, rate: 1, tou_periods: [p2]}
                      - {type: demand, name: D, rate: 1, schedule: demand, tou_periods: [peak], interval_minutes: 30}
                """);
        assertThat(tariff.holidays().rules()).containsExactly(
                new HolidayCalendar.FixedDate(MonthDay.of(12, 25), HolidayCalendar.Observance.NEAREST_WEEKDAY),
                new HolidayCalendar.FixedDate(MonthDay.of(7, 4), HolidayCalendar.Observance.NONE),
                new HolidayCalendar.NthWeekday(Month.NOVEMBER, java.time.DayOfWeek.THURSDAY, 4),
                new HolidayCalendar.NthWeekday(Month.MAY, java.time.DayOfWeek.MONDAY, -1));
        TariffVersion version = tariff.versions().get(0);
        TouSchedule energy = version.schedule("energy");
        assertThat(period(energy, 1, DayType.WEEKEND, 3)).isEqualTo("p2");
        assertThat(period(energy, 6, DayType.WEEKDAY, 8)).isEqualTo("p2");
        assertThat(period(energy, 6, DayType.WEEKDAY, 20)).isEqualTo("p1");
        assertThat(period(energy, 6, DayType.HOLIDAY, 10)).isEqualTo("p1");
        TouSchedule demand = version.schedule("demand");
        assertThat(period(demand, 6, DayType.HOLIDAY, 0)).isEqualTo("peak");
        assertThat(period(demand, 6, DayType.WEEKEND, 23)).isEqualTo("all_day");
        assertThat(version.charges().get(1)).isEqualTo(new Charge.Demand("D", d("1"), 30, null,
                new Applicability(Set.of(), "demand", Set.of("peak"), Map.of())));
    }

    @Test
    void netMeteringAtTouRatesAndFixedRate() {
        String schedule = """
                tou:
                  - name: tou
                    default_period: off_peak
                    periods: [{name: on_peak, rules: [{days: [weekday], hours: 16-21}]}]
                charges: [{type: energy, name: E, rate: 1}]
                """;
        Tariff tou = version(schedule + """
                net_metering:
                  export_credit: tou
                  tou_rates: {on_peak: "0.20", off_peak: "0.06"}
                  at_true_up: pay_out
                """);
        assertThat(tou.versions().get(0).netMetering()).isEqualTo(new NetMetering(NetMetering.ExportCredit.TOU, null,
                Map.of("on_peak", d("0.20"), "off_peak", d("0.06")), null, NetMetering.TrueUp.PAY_OUT));
        Tariff fixed = version(schedule + "net_metering: {export_credit: fixed, rate: \"0.05\", true_up_month: 4}\n");
        assertThat(fixed.versions().get(0).netMetering()).isEqualTo(new NetMetering(NetMetering.ExportCredit.FIXED,
                d("0.05"), Map.of(), Month.APRIL, NetMetering.TrueUp.FORFEIT));
    }

    // --- errors: each names the file and the field ---

    @Test
    void badDecimal() {
        assertThatThrownBy(() -> version("""
                charges:
                  - {type: fixed, name: F, amount: 1}
                  - type: energy
                    name: E
                    tiers: [{up_to: 500, rate: "0.11"}, {rate: "0,14"}]
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].charges[1].tiers[1].rate: '0,14' is not a decimal number");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: 1e-1}]"))
                .hasMessage("t.yaml: versions[0].charges[0].rate: '1e-1' is not a decimal number");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: \"-0.1\"}]"))
                .hasMessage("t.yaml: versions[0].charges[0].rate: -0.1 is negative");
    }

    @Test
    void unknownField() {
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate_per_kwh: 1}]"))
                .isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].charges[0].rate_per_kwh: unknown field (expected one of name, rate,"
                        + " schedule, seasons, tier_limits, tiers, tou_periods, type, when)");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + "rates: 1\n"))
                .hasMessageStartingWith("t.yaml: rates: unknown field (expected one of code, commodity, currency,");
        assertThatThrownBy(() -> version("""
                tou:
                  - name: tou
                    default_period: off_peak
                    periods: [{name: on_peak, rules: [{days: [weekday], hour: 16-21}]}]
                charges: [{type: energy, name: E, rate: 1}]
                """)).hasMessage("t.yaml: versions[0].tou[0].periods[0].rules[0].hour: unknown field"
                + " (expected one of days, hours, months, seasons)");
    }

    @Test
    void missingRequiredField() {
        assertThatThrownBy(() -> reader.read("t.yaml", """
                code: T
                name: t
                currency: USD
                versions: [{effective_from: 2025-01-01, charges: [{type: energy, name: E, rate: 1}]}]
                """)).isInstanceOf(TariffCatalogException.class).hasMessage("t.yaml: time_zone: is missing");
        assertThatThrownBy(() -> version("charges: [{type: fixed, name: Customer charge}]"))
                .hasMessage("t.yaml: versions[0].charges[0].amount: is missing");
        assertThatThrownBy(() -> version("charges: [{type: energy, rate: 1}]"))
                .hasMessage("t.yaml: versions[0].charges[0].name: is missing");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E}]"))
                .hasMessage("t.yaml: versions[0].charges[0].rate: is missing (give rate or tiers)");
        assertThatThrownBy(() -> version("charges: [{type: tax, name: T}]"))
                .hasMessage("t.yaml: versions[0].charges[0].percent: is missing (give percent or rate_per_unit)");
        assertThatThrownBy(() -> version("""
                charges: [{type: energy, name: E, rate: 1}]
                net_metering: {export_credit: fixed}
                """)).hasMessage("t.yaml: versions[0].net_metering.rate: is missing (export_credit fixed)");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + "versions:\n  - effective_from: 2025-01-01\n"))
                .hasMessage("t.yaml: versions[0].charges: is missing");
    }

    @Test
    void badTimeZone() {
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD.replace("America/New_York", "America/Nowhere")
                + "versions: [{effective_from: 2025-01-01, charges: [{type: energy, name: E, rate: 1}]}]\n"))
                .isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: time_zone: 'America/Nowhere' is not a time zone (e.g. America/New_York)");
    }

    @Test
    void seasonGap() {
        assertThatThrownBy(() -> version("""
                seasons:
                  - {name: summer, from: 06-01, to: 09-30}
                  - {name: winter, from: 10-01, to: 04-30}
                charges: [{type: energy, name: E, rate: 1}]
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].seasons: seasons must cover every day of the year exactly once;"
                        + " 05-01 is in none");
        assertThatThrownBy(() -> version("""
                seasons:
                  - {name: summer, from: 06-01, to: 09-30}
                  - {name: winter, from: 09-30, to: 05-31}
                charges: [{type: energy, name: E, rate: 1}]
                """)).hasMessage("t.yaml: versions[0].seasons: seasons must cover every day of the year exactly once;"
                + " 09-30 is in summer and winter");
        assertThatThrownBy(() -> version("""
                seasons: [{name: summer, from: 06-01, to: 09-31}]
                charges: [{type: energy, name: E, rate: 1}]
                """)).hasMessage("t.yaml: versions[0].seasons[0].to: '09-31' is not a day of the year MM-DD");
    }

    @Test
    void touRuleOnASeasonThatIsNotWholeMonths() {
        assertThatThrownBy(() -> version("""
                seasons:
                  - {name: summer, from: 06-15, to: 09-14}
                  - {name: winter, from: 09-15, to: 06-14}
                tou:
                  - name: tou
                    default_period: off_peak
                    periods:
                      - name: on_peak
                        rules:
                          - {months: [1], days: [weekday], hours: 7-11}
                          - {seasons: [summer], days: [weekday], hours: 14-19}
                charges: [{type: energy, name: E, rate: 1}]
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].tou[0].periods[0].rules[1].seasons[0]: season 'summer' (06-15 to"
                        + " 09-14) is not whole months, so a TOU rule cannot use it; give months");
    }

    @Test
    void badTouRuleFields() {
        String template = """
                tou:
                  - name: tou
                    default_period: off_peak
                    periods:
                      - name: on_peak
                        rules:
                          - {days: [weekday], hours: 7-11}
                          - RULE
                charges: [{type: energy, name: E, rate: 1}]
                """;
        String at = "t.yaml: versions[0].tou[0].periods[0].rules[1].";
        assertThatThrownBy(() -> version(template.replace("RULE", "{days: [weekday], hours: 14-25}")))
                .hasMessage(at + "hours: '14-25' is not a range H-H within 0-24");
        assertThatThrownBy(() -> version(template.replace("RULE", "{days: [weekday], hours: 19-14}")))
                .hasMessage(at + "hours: '19-14' is not a range H-H within 0-24");
        assertThatThrownBy(() -> version(template.replace("RULE", "{days: [weekdays]}")))
                .hasMessage(at + "days[0]: 'weekdays' is not one of weekday, weekend, holiday");
        assertThatThrownBy(() -> version(template.replace("RULE", "{months: [6, 13]}")))
                .hasMessage(at + "months[1]: '13' is not a month 1-12");
        assertThatThrownBy(() -> version(template.replace("RULE", "{seasons: [summer]}")))
                .hasMessage(at + "seasons[0]: 'summer' is not a season of this version (all_year)");
        assertThatThrownBy(() -> version(template.replace("RULE", "{months: [6], seasons: [all_year]}")))
                .hasMessage("t.yaml: versions[0].tou[0].periods[0].rules[1]: give months or seasons, not both");
    }

    @Test
    void unknownPeriodReferencedByACharge() {
        assertThatThrownBy(() -> version("""
                tou:
                  - name: tou
                    default_period: off_peak
                    periods: [{name: on_peak, rules: [{days: [weekday], hours: 16-21}]}]
                charges:
                  - {type: energy, name: E on-peak, rate: 1, tou_periods: [on_peak]}
                  - {type: energy, name: E mid-peak, rate: 1, tou_periods: [mid_peak]}
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].charges[1].tou_periods[0]: 'mid_peak' is not a period of schedule"
                        + " tou (off_peak, on_peak)");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: 1, tou_periods: [on_peak]}]"))
                .hasMessage("t.yaml: versions[0].charges[0].tou_periods[0]: 'on_peak' is not a period of schedule"
                        + " tou (all_hours)");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: 1, schedule: demand}]"))
                .hasMessage("t.yaml: versions[0].charges[0].schedule: 'demand' is not a schedule of this version (tou)");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: 1, seasons: [summer]}]"))
                .hasMessage("t.yaml: versions[0].charges[0].seasons[0]: 'summer' is not a season of this version"
                        + " (all_year)");
        assertThatThrownBy(() -> version("""
                charges: [{type: energy, name: E, rate: 1}]
                net_metering: {export_credit: tou, tou_rates: {peak: "0.2"}}
                """)).hasMessage("t.yaml: versions[0].net_metering.tou_rates.peak: 'peak' is not a period of schedule"
                + " tou (all_hours)");
    }

    @Test
    void unknownCriterionInWhen() {
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: 1, when: {low_income: \"yes\"}}]"))
                .isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].charges[0].when.low_income: 'low_income' is not a rate criterion of"
                        + " this tariff (rate_criteria declares none)");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + """
                rate_criteria:
                  - {key: low_income, values: ["yes", "no"], default: "no"}
                versions:
                  - effective_from: 2025-01-01
                    charges:
                      - {type: energy, name: E, rate: 1, when: {connection: primary}}
                """)).hasMessage("t.yaml: versions[0].charges[0].when.connection: 'connection' is not a rate"
                + " criterion of this tariff (declared: low_income)");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + """
                rate_criteria:
                  - {key: low_income, values: ["yes", "no"], default: "no"}
                versions:
                  - effective_from: 2025-01-01
                    charges:
                      - {type: energy, name: E, rate: 1, when: {low_income: maybe}}
                """)).hasMessage("t.yaml: versions[0].charges[0].when.low_income: 'maybe' is not one of yes, no");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + """
                rate_criteria:
                  - {key: low_income, values: ["yes", "no"], default: "n"}
                versions: [{effective_from: 2025-01-01, charges: [{type: energy, name: E, rate: 1}]}]
                """)).hasMessage("t.yaml: rate_criteria[0].default: 'n' is not one of yes, no");
    }

    @Test
    void tierWithoutLimitThatIsNotLast() {
        assertThatThrownBy(() -> version("""
                charges:
                  - type: energy
                    name: E
                    tiers: [{up_to: 500, rate: "0.11"}, {rate: "0.14"}, {up_to: 900, rate: "0.16"}]
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].charges[0].tiers[1].up_to: is missing; only the last tier has no limit");
        assertThatThrownBy(() -> version("""
                charges:
                  - type: energy
                    name: E
                    tiers: [{up_to: 500, rate: "0.11"}, {up_to: 900, rate: "0.14"}]
                """)).hasMessage("t.yaml: versions[0].charges[0].tiers[1].up_to: the last tier has no limit (it takes"
                + " everything above the one before)");
        assertThatThrownBy(() -> version("""
                charges:
                  - type: energy
                    name: E
                    tiers: [{up_to: 500, rate: "0.11"}, {up_to: 500, rate: "0.14"}, {rate: "0.16"}]
                """)).hasMessage("t.yaml: versions[0].charges[0].tiers[1].up_to: 500 is not above the limit of the tier"
                + " before (500)");
    }

    @Test
    void bothRateAndTiers() {
        assertThatThrownBy(() -> version("""
                charges:
                  - {type: energy, name: E, rate: "0.12", tiers: [{up_to: 500, rate: "0.11"}, {rate: "0.14"}]}
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions[0].charges[0]: give rate or tiers, not both");
        assertThatThrownBy(() -> version("charges: [{type: surcharge, name: S, percent: 1, rate_per_unit: 1}]"))
                .hasMessage("t.yaml: versions[0].charges[0]: give percent or rate_per_unit, not both");
    }

    @Test
    void otherValueErrors() {
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD.replace("USD", "XYZ")
                + "versions: [{effective_from: 2025-01-01, charges: [{type: energy, name: E, rate: 1}]}]\n"))
                .hasMessage("t.yaml: currency: 'XYZ' is not an ISO 4217 code");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD
                + "versions: [{effective_from: 2025-02-30, charges: [{type: energy, name: E, rate: 1}]}]\n"))
                .hasMessage("t.yaml: versions[0].effective_from: '2025-02-30' is not a date YYYY-MM-DD");
        assertThatThrownBy(() -> version("charges: [{type: fixed_monthly, name: F, amount: 1}]"))
                .hasMessage("t.yaml: versions[0].charges[0].type: 'fixed_monthly' is not one of fixed, energy, demand,"
                        + " minimum, surcharge, tax");
        assertThatThrownBy(() -> version("charges: [{type: fixed, name: F, amount: 1, per: year}]"))
                .hasMessage("t.yaml: versions[0].charges[0].per: 'year' is not one of bill, day, month");
        assertThatThrownBy(() -> version("charges: [{type: fixed, name: F, amount: 1, per: day, proration: daily}]"))
                .hasMessage("t.yaml: versions[0].charges[0].proration: applies only to per: month");
        assertThatThrownBy(() -> version("charges: [{type: demand, name: D, rate: 1, interval_minutes: 45}]"))
                .hasMessage("t.yaml: versions[0].charges[0].interval_minutes: '45' is not a demand interval in minutes"
                        + " that divides an hour (5, 10, 15, 30 or 60)");
        assertThatThrownBy(() -> version("charges: [{type: demand, name: D, rate: 1, ratchet: {percent: 80, months: 0}}]"))
                .hasMessage("t.yaml: versions[0].charges[0].ratchet.months: '0' is not a number of months 1-36");
        assertThatThrownBy(() -> version("charges: [{type: surcharge, name: S, percent: 1, of: [surcharge]}]"))
                .hasMessage("t.yaml: versions[0].charges[0].of[0]: 'surcharge' is not one of fixed, energy, demand,"
                        + " minimum, credit");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: 1}]\n"
                + "net_metering: {export_credit: retail, true_up_month: 13}"))
                .hasMessage("t.yaml: versions[0].net_metering.true_up_month: '13' is not a month 1-12");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + "holidays: christmas\n"))
                .hasMessage("t.yaml: holidays: 'christmas' is not one of none, nerc, us_federal or a list of rules");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + "holidays: [{month: 11, weekday: thursday, nth: 6}]\n"))
                .hasMessage("t.yaml: holidays[0].nth: '6' is not 1-5 or last");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + "holidays: [{date: 02-30}]\n"))
                .hasMessage("t.yaml: holidays[0].date: '02-30' is not a day of the year MM-DD");
        assertThatThrownBy(() -> version("""
                seasons: [{name: Summer, from: 01-01, to: 12-31}]
                charges: [{type: energy, name: E, rate: 1}]
                """)).hasMessage("t.yaml: versions[0].seasons[0].name: 'Summer' is not a name (lower-case letters,"
                + " digits and _, starting with a letter)");
        assertThatThrownBy(() -> version("charges: [{type: energy, name: E, rate: !!float 0.1}]"))
                .hasMessage("t.yaml: versions[0].charges[0].rate: expected plain text (no YAML tags)");
        assertThatThrownBy(() -> reader.read("t.yaml", "code: [unclosed"))
                .isInstanceOf(TariffCatalogException.class).hasMessageStartingWith("t.yaml: not valid YAML: ");
        assertThatThrownBy(() -> reader.read("t.yaml", "code: T\ncode: U\n"))
                .hasMessage("t.yaml: not valid YAML: found duplicate key code (line 2, column 1)");
    }

    /** A domain constructor's refusal is reported at the path of the object being built. */
    @Test
    void overlappingVersionsAreRefused() {
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + """
                versions:
                  - effective_from: 2025-01-01
                    charges: [{type: energy, name: E, rate: 1}]
                  - effective_from: 2025-06-01
                    charges: [{type: energy, name: E, rate: 2}]
                """)).isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.yaml: versions: tariff T: version effective 2025-01-01 overlaps version effective"
                        + " 2025-06-01");
        assertThatThrownBy(() -> reader.read("t.yaml", HEAD + """
                versions:
                  - effective_from: 2025-06-01
                    effective_to: 2025-01-01
                    charges: [{type: energy, name: E, rate: 1}]
                """)).hasMessage("t.yaml: versions[0].effective_to: 2025-01-01 is not after effective_from 2025-06-01");
    }
}
