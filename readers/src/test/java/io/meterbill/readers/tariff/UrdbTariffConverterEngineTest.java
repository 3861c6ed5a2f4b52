package io.meterbill.readers.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.tariff.Applicability;
import io.meterbill.domain.tariff.BillCalculation;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.DayType;
import io.meterbill.domain.tariff.HolidayCalendar;
import io.meterbill.domain.tariff.IntervalUsage;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.Season;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.domain.tariff.TariffVersion;
import io.meterbill.domain.tariff.TouSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The converter's YAML, read into the domain model by a minimal reading of the schema (only what the
 * converter writes), must pass the model's own checks (seasons cover the year, charges name existing
 * schedules and periods, tiers increase) and rate as URDB means: these bills are worked by hand.
 */
class UrdbTariffConverterEngineTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    private final UrdbTariffConverter converter = new UrdbTariffConverter();
    private final TariffEngine engine = new TariffEngine();

    @Test
    void everyFixtureBuildsAValidDomainTariff() throws IOException {
        for (String file : List.of("res-tou.json", "com-tou-demand.json", "api-response.json")) {
            for (UrdbTariffConverter.Converted c : converter.convert(file, resource(file), CHICAGO.getId())) {
                Tariff tariff = tariff(c.yaml());
                assertThat(tariff.code().value()).isEqualTo(c.code());
                assertThat(tariff.versions()).hasSize(1);
            }
        }
    }

    @Test
    void residentialTouJulyBill() throws IOException {
        Tariff tariff = tariff(converter.convert("res-tou.json", resource("res-tou.json"), CHICAGO.getId()).get(0)
                .yaml());
        // 2 kWh every hour of July 2025: 23 weekdays x 5 on-peak hours (14-19) x 2 = 230 kWh in p4, 1258 kWh in p3
        BillCalculation bill = rate(tariff, LocalDate.of(2025, 7, 1), LocalDate.of(2025, 8, 1), 2000);
        assertThat(amount(bill, "Energy p4")).isEqualTo("61.73");            // 230 x 0.2684 = 61.732
        assertThat(amount(bill, "Energy p3 tier 1")).isEqualTo("84.16");     // 800 x 0.1052
        assertThat(amount(bill, "Energy p3 tier 2")).isEqualTo("61.19");     // 458 x 0.1336 = 61.1888
        assertThat(amount(bill, "Fixed charge")).isEqualTo("14.50");
        assertThat(bill.lines()).noneMatch(l -> l.description().startsWith("Energy p1")
                || l.description().startsWith("Energy p2"));
    }

    @Test
    void dailyTierAllowanceIsMaxTimesDaysInTheMonth() throws IOException {
        Tariff tariff = tariff(converter.convert("api-response.json", resource("api-response.json"), CHICAGO.getId())
                .get(1).yaml());
        // 2 kWh every hour: January 1488 kWh; allowance 12.5 and 25 kWh a day -> 387.5 and 775 kWh
        BillCalculation january = rate(tariff, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 2, 1), 2000);
        assertThat(line(january, "Energy p1 (31-day months) tier 1").determinant()).isEqualByComparingTo("387.5");
        assertThat(amount(january, "Energy p1 (31-day months) tier 1")).isEqualTo("81.96");   // x 0.2115
        assertThat(amount(january, "Energy p1 (31-day months) tier 2")).isEqualTo("98.89");   // 387.5 x 0.2552
        assertThat(line(january, "Energy p1 (31-day months) tier 3").determinant()).isEqualByComparingTo("713");
        assertThat(amount(january, "Fixed charge")).isEqualTo("10.18");                         // 31 x 0.3285
        // April: 1440 kWh; 375 and 750 kWh
        BillCalculation april = rate(tariff, LocalDate.of(2025, 4, 1), LocalDate.of(2025, 5, 1), 2000);
        assertThat(line(april, "Energy p1 (30-day months) tier 1").determinant()).isEqualByComparingTo("375");
        assertThat(line(april, "Energy p1 (30-day months) tier 2").determinant()).isEqualByComparingTo("375");
        assertThat(line(april, "Energy p1 (30-day months) tier 3").determinant()).isEqualByComparingTo("690");
        // February 2025: 28 days, 1344 kWh; 350 and 700 kWh
        BillCalculation february = rate(tariff, LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 1), 2000);
        assertThat(line(february, "Energy p1 (February) tier 1").determinant()).isEqualByComparingTo("350");
        assertThat(line(february, "Energy p1 (February) tier 3").determinant()).isEqualByComparingTo("644");
    }

    // ---------------------------------------------------------------- rating helpers

    private BillCalculation rate(Tariff tariff, LocalDate from, LocalDate to, long milliPerHour) {
        Instant start = from.atStartOfDay(CHICAGO).toInstant();
        Instant end = to.atStartOfDay(CHICAGO).toInstant();
        IntervalUsage.Builder usage = IntervalUsage.builder(start, end, 60);
        for (Instant t = start; t.isBefore(end); t = t.plusSeconds(3600)) {
            usage.delivered(t, milliPerHour);
        }
        return engine.rate(tariff, from, to, usage.build(), RatingContext.NONE);
    }

    private static BillLine line(BillCalculation bill, String descriptionStart) {
        return bill.lines().stream().filter(l -> l.description().startsWith(descriptionStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + descriptionStart + "' in "
                        + bill.lines().stream().map(BillLine::description).toList()));
    }

    private static String amount(BillCalculation bill, String descriptionStart) {
        return line(bill, descriptionStart).amount().amount().toPlainString();
    }

    // ---------------------------------------------------------------- minimal schema reading

    private static Tariff tariff(String yamlText) {
        Map<String, Object> top = map(parse(yamlText));
        List<TariffVersion> versions = new ArrayList<>();
        for (Map<String, Object> v : maps(top.get("versions"))) {
            List<Season> seasons = new ArrayList<>();
            for (Map<String, Object> s : maps(v.getOrDefault("seasons", List.of()))) {
                seasons.add(new Season((String) s.get("name"), MonthDay.parse("--" + s.get("from")),
                        MonthDay.parse("--" + s.get("to"))));
            }
            List<TouSchedule> schedules = new ArrayList<>();
            for (Map<String, Object> s : maps(v.getOrDefault("tou", List.of()))) {
                List<TouSchedule.Rule> rules = new ArrayList<>();
                for (Map<String, Object> p : maps(s.get("periods"))) {
                    for (Map<String, Object> r : maps(p.get("rules"))) {
                        Set<Month> months = EnumSet.noneOf(Month.class);
                        strings(r.get("months")).forEach(m -> months.add(Month.of(Integer.parseInt(m))));
                        Set<DayType> days = EnumSet.noneOf(DayType.class);
                        strings(r.get("days")).forEach(d -> days.add(DayType.valueOf(d.toUpperCase())));
                        String[] hours = r.get("hours").toString().split("-");
                        rules.add(new TouSchedule.Rule((String) p.get("name"), months, days,
                                Integer.parseInt(hours[0]), Integer.parseInt(hours[1])));
                    }
                }
                schedules.add(TouSchedule.fromRules((String) s.get("name"), (String) s.get("default_period"), rules));
            }
            List<Charge> charges = new ArrayList<>();
            for (Map<String, Object> c : maps(v.get("charges"))) {
                charges.add(charge(c));
            }
            versions.add(new TariffVersion(LocalDate.parse((String) v.get("effective_from")),
                    v.get("effective_to") == null ? null : LocalDate.parse((String) v.get("effective_to")), seasons,
                    schedules, charges, null));
        }
        assertThat(top.get("commodity")).isEqualTo("electric");
        return new Tariff(new TariffCode((String) top.get("code")), (String) top.get("name"),
                (String) top.get("utility"), Commodity.ELECTRIC, Currency.getInstance((String) top.get("currency")),
                ZoneId.of((String) top.get("time_zone")), "kWh", "kW", HolidayCalendar.none(), List.of(), versions);
    }

    private static Charge charge(Map<String, Object> c) {
        String name = (String) c.get("name");
        Applicability when = new Applicability(new HashSet<>(strings(c.getOrDefault("seasons", List.of()))),
                (String) c.get("schedule"), new HashSet<>(strings(c.getOrDefault("tou_periods", List.of()))), Map.of());
        return switch ((String) c.get("type")) {
            case "fixed" -> new Charge.Fixed(name, decimal(c.get("amount")), basis(c.get("per")),
                    Charge.Proration.BILLING_PERIOD, when);
            case "minimum" -> new Charge.Minimum(name, decimal(c.get("amount")), basis(c.get("per")),
                    Charge.Proration.BILLING_PERIOD, when);
            case "demand" -> new Charge.Demand(name, decimal(c.get("rate")),
                    c.get("interval_minutes") == null ? 15 : Integer.parseInt((String) c.get("interval_minutes")),
                    null, when);
            case "energy" -> {
                List<Charge.Tier> tiers = new ArrayList<>();
                if (c.get("rate") != null) {
                    tiers.add(new Charge.Tier(null, decimal(c.get("rate"))));
                } else {
                    for (Map<String, Object> t : maps(c.get("tiers"))) {
                        tiers.add(new Charge.Tier(t.get("up_to") == null ? null : decimal(t.get("up_to")),
                                decimal(t.get("rate"))));
                    }
                }
                yield new Charge.Energy(name, tiers, "daily".equals(c.get("tier_limits")) ? Charge.Proration.DAILY
                        : Charge.Proration.BILLING_PERIOD, when);
            }
            default -> throw new AssertionError("converter wrote charge type " + c.get("type"));
        };
    }

    private static Charge.Basis basis(Object per) {
        return Charge.Basis.valueOf(per.toString().toUpperCase());
    }

    private static BigDecimal decimal(Object text) {
        return new BigDecimal((String) text);
    }

    private static Object parse(String text) {
        LoaderOptions options = new LoaderOptions();
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
                        addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
                    }
                }).load(text);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UrdbTariffConverterEngineTest.class.getResourceAsStream("/urdb/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object node) {
        return (List<Map<String, Object>>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object node) {
        return (List<String>) node;
    }
}
