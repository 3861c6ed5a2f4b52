package io.meterbill.readers.tariff;

import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.read.InputText;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.tariff.Applicability;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.DayType;
import io.meterbill.domain.tariff.HolidayCalendar;
import io.meterbill.domain.tariff.NetMetering;
import io.meterbill.domain.tariff.RateCriterion;
import io.meterbill.domain.tariff.Season;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffVersion;
import io.meterbill.domain.tariff.TouSchedule;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a tariff from the catalog's YAML (schema in docs/tariff-authoring.md). Every scalar is read
 * as text and converted here, so a rate such as {@code 0.1432} is an exact decimal and never passes
 * through a binary floating-point number, and {@code yes}, {@code no} and {@code on} stay words.
 * Unknown fields are errors. Every error is a {@link TariffCatalogException} naming the file and the
 * field path, e.g. {@code res-tou.yaml: versions[0].charges[2].tiers[1].rate: '0,14' is not a decimal number}.
 */
public final class TariffYamlReader {

    public Tariff read(String source, String yamlText) {
        return new Parse(source).tariff(yamlText);
    }

    private static final Set<String> TOP_FIELDS = fields("code", "name", "utility", "commodity", "currency", "time_zone",
            "units", "holidays", "rate_criteria", "versions");
    private static final Set<String> UNITS_FIELDS = fields("consumption", "demand");
    private static final Set<String> CRITERION_FIELDS = fields("key", "values", "default", "description");
    private static final Set<String> VERSION_FIELDS = fields("effective_from", "effective_to", "seasons", "tou", "charges",
            "net_metering");
    private static final Set<String> SEASON_FIELDS = fields("name", "from", "to");
    private static final Set<String> SCHEDULE_FIELDS = fields("name", "default_period", "periods");
    private static final Set<String> PERIOD_FIELDS = fields("name", "rules");
    private static final Set<String> RULE_FIELDS = fields("months", "seasons", "days", "hours");
    private static final Set<String> COMMON_CHARGE_FIELDS = fields("type", "name", "tou_periods", "schedule", "seasons",
            "when");
    private static final Map<String, Set<String>> CHARGE_FIELDS = Map.of(
            "fixed", fields("amount", "per", "proration"),
            "energy", fields("rate", "tiers", "tier_limits"),
            "demand", fields("rate", "interval_minutes", "ratchet"),
            "minimum", fields("amount", "per", "proration"),
            "surcharge", fields("percent", "rate_per_unit", "of"),
            "tax", fields("percent", "rate_per_unit", "of"));
    private static final List<String> CHARGE_TYPES = List.of("fixed", "energy", "demand", "minimum", "surcharge", "tax");
    private static final Set<String> TIER_FIELDS = fields("up_to", "rate");
    private static final Set<String> RATCHET_FIELDS = fields("percent", "months");
    private static final Set<String> NET_METERING_FIELDS = fields("export_credit", "rate", "tou_rates", "true_up_month",
            "at_true_up");
    private static final Set<String> FIXED_DATE_FIELDS = fields("date", "observed");
    private static final Set<String> NTH_WEEKDAY_FIELDS = fields("month", "weekday", "nth");
    private static final Set<String> SINGLE_DATE_FIELDS = fields("on");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern MONTH_DAY = Pattern.compile("[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern HOURS = Pattern.compile("([0-9]{1,2})-([0-9]{1,2})");

    private static Set<String> fields(String... names) {
        return Set.of(names);
    }

    /** The US federal holidays; fixed dates on a weekend are observed on the nearest weekday. */
    static HolidayCalendar usFederal() {
        HolidayCalendar.Observance nearest = HolidayCalendar.Observance.NEAREST_WEEKDAY;
        return new HolidayCalendar("us_federal", List.of(
                new HolidayCalendar.FixedDate(MonthDay.of(1, 1), nearest),
                new HolidayCalendar.NthWeekday(Month.JANUARY, DayOfWeek.MONDAY, 3),
                new HolidayCalendar.NthWeekday(Month.FEBRUARY, DayOfWeek.MONDAY, 3),
                new HolidayCalendar.NthWeekday(Month.MAY, DayOfWeek.MONDAY, -1),
                new HolidayCalendar.FixedDate(MonthDay.of(6, 19), nearest),
                new HolidayCalendar.FixedDate(MonthDay.of(7, 4), nearest),
                new HolidayCalendar.NthWeekday(Month.SEPTEMBER, DayOfWeek.MONDAY, 1),
                new HolidayCalendar.NthWeekday(Month.OCTOBER, DayOfWeek.MONDAY, 2),
                new HolidayCalendar.FixedDate(MonthDay.of(11, 11), nearest),
                new HolidayCalendar.NthWeekday(Month.NOVEMBER, DayOfWeek.THURSDAY, 4),
                new HolidayCalendar.FixedDate(MonthDay.of(12, 25), nearest)));
    }

    /** One file being read: every error names it. */
    private static final class Parse {
        private final String source;

        Parse(String source) {
            this.source = source;
        }

        Tariff tariff(String yamlText) {
            Object document;
            try {
                document = yaml().load(yamlText);
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark();
                throw new TariffCatalogException(source + ": not valid YAML: " + e.getProblem()
                        + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")"));
            } catch (YAMLException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new TariffCatalogException(source + ": not valid YAML: " + message.lines().findFirst().orElse(""));
            }
            Map<String, Object> top = map("(document)", document);
            checkFields("", top, TOP_FIELDS);
            TariffCode code = new TariffCode(text("code", top.get("code")));
            String name = text("name", top.get("name"));
            String utility = optionalText("utility", top.get("utility"));
            Commodity commodity = Commodity.valueOf(choice("commodity", top.get("commodity"), "electric",
                    List.of("electric", "gas", "water", "thermal")).toUpperCase(Locale.ROOT));
            Currency currency = currency("currency", top.get("currency"));
            ZoneId zone = zone("time_zone", top.get("time_zone"));
            String consumptionUnit = "kWh";
            String demandUnit = "kW";
            if (top.get("units") != null) {
                Map<String, Object> units = map("units", top.get("units"));
                checkFields("units", units, UNITS_FIELDS);
                if (units.get("consumption") != null) {
                    consumptionUnit = text("units.consumption", units.get("consumption"));
                }
                if (units.get("demand") != null) {
                    demandUnit = text("units.demand", units.get("demand"));
                }
            }
            HolidayCalendar holidays = holidays("holidays", top.get("holidays"));
            List<RateCriterion> criteria = criteria("rate_criteria", top.get("rate_criteria"));
            List<Object> versionNodes = list("versions", top.get("versions"));
            List<TariffVersion> versions = new ArrayList<>();
            for (int v = 0; v < versionNodes.size(); v++) {
                versions.add(version("versions[" + v + "]", versionNodes.get(v), criteria));
            }
            String consumption = consumptionUnit;
            String demand = demandUnit;
            return build("versions", () -> new Tariff(code, name, utility, commodity, currency, zone, consumption,
                    demand, holidays, criteria, versions));
        }

        // --- tariff-level parts ---

        private Currency currency(String path, Object node) {
            String code = text(path, node);
            try {
                return Currency.getInstance(code);
            } catch (IllegalArgumentException e) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(code)) + "\' is not an ISO 4217 code");
            }
        }

        private ZoneId zone(String path, Object node) {
            String id = text(path, node);
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(id)) + "\' is not a time zone (e.g. America/New_York)");
            }
        }

        private HolidayCalendar holidays(String path, Object node) {
            if (node == null) {
                return HolidayCalendar.none();
            }
            if (node instanceof List) {
                List<Object> ruleNodes = list(path, node);
                List<HolidayCalendar.Rule> rules = new ArrayList<>();
                for (int i = 0; i < ruleNodes.size(); i++) {
                    rules.add(holidayRule(path + "[" + i + "]", ruleNodes.get(i)));
                }
                return build(path, () -> new HolidayCalendar("custom", rules));
            }
            String name = text(path, node);
            switch (name) {
                case "none":
                    return HolidayCalendar.none();
                case "nerc":
                    return HolidayCalendar.nerc();
                case "us_federal":
                    return usFederal();
                default:
                    throw fail(path, "\'" + InputText.echo(String.valueOf(name)) + "\' is not one of none, nerc, us_federal or a list of rules");
            }
        }

        private HolidayCalendar.Rule holidayRule(String path, Object node) {
            Map<String, Object> rule = map(path, node);
            if (rule.containsKey("date")) {
                checkFields(path, rule, FIXED_DATE_FIELDS);
                MonthDay date = monthDay(at(path, "date"), rule.get("date"));
                HolidayCalendar.Observance observance = HolidayCalendar.Observance.valueOf(choice(at(path, "observed"),
                        rule.get("observed"), "none", List.of("none", "sunday_to_monday", "nearest_weekday"))
                        .toUpperCase(Locale.ROOT));
                return new HolidayCalendar.FixedDate(date, observance);
            }
            if (rule.containsKey("on")) {
                checkFields(path, rule, SINGLE_DATE_FIELDS);
                return new HolidayCalendar.SingleDate(date(at(path, "on"), rule.get("on")));
            }
            if (rule.containsKey("month") || rule.containsKey("weekday") || rule.containsKey("nth")) {
                checkFields(path, rule, NTH_WEEKDAY_FIELDS);
                Month month = month(at(path, "month"), rule.get("month"));
                DayOfWeek weekday = DayOfWeek.valueOf(choice(at(path, "weekday"), rule.get("weekday"), null,
                        List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
                        .toUpperCase(Locale.ROOT));
                String nthText = text(at(path, "nth"), rule.get("nth"));
                int nth = nthText.equals("last") ? -1 : integer(at(path, "nth"), nthText, 1, 5, "1-5 or last");
                return new HolidayCalendar.NthWeekday(month, weekday, nth);
            }
            throw fail(path, "expected a rule {date, observed}, {month, weekday, nth} or {on}");
        }

        private List<RateCriterion> criteria(String path, Object node) {
            List<RateCriterion> criteria = new ArrayList<>();
            if (node == null) {
                return criteria;
            }
            List<Object> nodes = list(path, node);
            for (int i = 0; i < nodes.size(); i++) {
                String at = path + "[" + i + "]";
                Map<String, Object> criterion = map(at, nodes.get(i));
                checkFields(at, criterion, CRITERION_FIELDS);
                String key = name(at(at, "key"), criterion.get("key"));
                if (criteria.stream().anyMatch(c -> c.key().equals(key))) {
                    throw fail(at(at, "key"), "\'" + InputText.echo(String.valueOf(key)) + "\' is declared twice");
                }
                List<String> values = new ArrayList<>();
                if (criterion.get("values") != null) {
                    List<Object> valueNodes = list(at(at, "values"), criterion.get("values"));
                    for (int j = 0; j < valueNodes.size(); j++) {
                        String value = text(at(at, "values") + "[" + j + "]", valueNodes.get(j));
                        if (values.contains(value)) {
                            throw fail(at(at, "values") + "[" + j + "]", "\'" + InputText.echo(String.valueOf(value)) + "\' is listed twice");
                        }
                        values.add(value);
                    }
                }
                String defaultValue = text(at(at, "default"), criterion.get("default"));
                if (!values.isEmpty() && !values.contains(defaultValue)) {
                    throw fail(at(at, "default"), "\'" + InputText.echo(String.valueOf(defaultValue)) + "\' is not one of " + String.join(", ", values));
                }
                String description = optionalText(at(at, "description"), criterion.get("description"));
                criteria.add(build(at, () -> new RateCriterion(key, values, defaultValue, description)));
            }
            return criteria;
        }

        // --- versions ---

        private TariffVersion version(String path, Object node, List<RateCriterion> criteria) {
            Map<String, Object> version = map(path, node);
            checkFields(path, version, VERSION_FIELDS);
            LocalDate from = date(at(path, "effective_from"), version.get("effective_from"));
            LocalDate to = version.get("effective_to") == null ? null
                    : date(at(path, "effective_to"), version.get("effective_to"));
            if (to != null && !to.isAfter(from)) {
                throw fail(at(path, "effective_to"), to + " is not after effective_from " + from);
            }
            List<Season> seasons = seasons(at(path, "seasons"), version.get("seasons"));
            List<Season> inForce = seasons.isEmpty() ? List.of(Season.allYear()) : seasons;
            List<TouSchedule> schedules = new ArrayList<>();
            if (version.get("tou") != null) {
                List<Object> nodes = list(at(path, "tou"), version.get("tou"));
                for (int i = 0; i < nodes.size(); i++) {
                    String at = at(path, "tou") + "[" + i + "]";
                    TouSchedule schedule = schedule(at, nodes.get(i), inForce);
                    if (schedules.stream().anyMatch(s -> s.name().equals(schedule.name()))) {
                        throw fail(at(at, "name"), "\'" + InputText.echo(String.valueOf(schedule.name())) + "\' is already a schedule of this version");
                    }
                    schedules.add(schedule);
                }
            }
            List<TouSchedule> usable = schedules.isEmpty() ? List.of(TouSchedule.single("tou", "all_hours")) : schedules;
            List<Object> chargeNodes = list(at(path, "charges"), version.get("charges"));
            List<Charge> charges = new ArrayList<>();
            for (int c = 0; c < chargeNodes.size(); c++) {
                charges.add(charge(at(path, "charges") + "[" + c + "]", chargeNodes.get(c), inForce, usable, criteria));
            }
            NetMetering netMetering = version.get("net_metering") == null ? null
                    : netMetering(at(path, "net_metering"), version.get("net_metering"), usable.get(0));
            return build(path, () -> new TariffVersion(from, to, seasons, schedules, charges, netMetering));
        }

        private List<Season> seasons(String path, Object node) {
            List<Season> seasons = new ArrayList<>();
            if (node == null) {
                return seasons;
            }
            List<Object> nodes = list(path, node);
            for (int i = 0; i < nodes.size(); i++) {
                String at = path + "[" + i + "]";
                Map<String, Object> season = map(at, nodes.get(i));
                checkFields(at, season, SEASON_FIELDS);
                String name = name(at(at, "name"), season.get("name"));
                if (seasons.stream().anyMatch(s -> s.name().equals(name))) {
                    throw fail(at(at, "name"), "\'" + InputText.echo(String.valueOf(name)) + "\' is already a season of this version");
                }
                MonthDay first = monthDay(at(at, "from"), season.get("from"));
                MonthDay last = monthDay(at(at, "to"), season.get("to"));
                seasons.add(build(at, () -> new Season(name, first, last)));
            }
            LocalDate day = LocalDate.of(2024, 1, 1); // a leap year, so 02-29 is checked too
            while (day.getYear() == 2024) {
                List<String> covering = new ArrayList<>();
                for (Season season : seasons) {
                    if (season.contains(day)) {
                        covering.add(season.name());
                    }
                }
                if (covering.size() != 1) {
                    throw fail(path, "seasons must cover every day of the year exactly once; "
                            + day.toString().substring(5) + " is in " + (covering.isEmpty() ? "none" : String.join(" and ", covering)));
                }
                day = day.plusDays(1);
            }
            return seasons;
        }

        private TouSchedule schedule(String path, Object node, List<Season> seasons) {
            Map<String, Object> schedule = map(path, node);
            checkFields(path, schedule, SCHEDULE_FIELDS);
            String name = name(at(path, "name"), schedule.get("name"));
            String defaultPeriod = name(at(path, "default_period"), schedule.get("default_period"));
            List<Object> periodNodes = list(at(path, "periods"), schedule.get("periods"));
            List<String> periodNames = new ArrayList<>();
            List<TouSchedule.Rule> rules = new ArrayList<>();
            for (int p = 0; p < periodNodes.size(); p++) {
                String at = at(path, "periods") + "[" + p + "]";
                Map<String, Object> period = map(at, periodNodes.get(p));
                checkFields(at, period, PERIOD_FIELDS);
                String periodName = name(at(at, "name"), period.get("name"));
                if (periodNames.contains(periodName)) {
                    throw fail(at(at, "name"), "\'" + InputText.echo(String.valueOf(periodName)) + "\' is already a period of schedule " + name);
                }
                periodNames.add(periodName);
                List<Object> ruleNodes = list(at(at, "rules"), period.get("rules"));
                for (int r = 0; r < ruleNodes.size(); r++) {
                    rules.add(rule(at(at, "rules") + "[" + r + "]", periodName, ruleNodes.get(r), seasons));
                }
            }
            return build(path, () -> TouSchedule.fromRules(name, defaultPeriod, rules));
        }

        private TouSchedule.Rule rule(String path, String period, Object node, List<Season> seasons) {
            Map<String, Object> rule = map(path, node);
            checkFields(path, rule, RULE_FIELDS);
            if (rule.get("months") != null && rule.get("seasons") != null) {
                throw fail(path, "give months or seasons, not both");
            }
            Set<Month> months = EnumSet.noneOf(Month.class);
            if (rule.get("months") != null) {
                List<Object> nodes = list(at(path, "months"), rule.get("months"));
                for (int i = 0; i < nodes.size(); i++) {
                    months.add(month(at(path, "months") + "[" + i + "]", nodes.get(i)));
                }
            }
            if (rule.get("seasons") != null) {
                List<Object> nodes = list(at(path, "seasons"), rule.get("seasons"));
                for (int i = 0; i < nodes.size(); i++) {
                    String at = at(path, "seasons") + "[" + i + "]";
                    Season season = season(at, nodes.get(i), seasons);
                    if (!season.isWholeMonths()) {
                        throw fail(at, "season '" + season.name() + "' (" + text(season.first()) + " to "
                                + text(season.last()) + ") is not whole months, so a TOU rule cannot use it; give months");
                    }
                    for (Month month : Month.values()) {
                        if (season.contains(LocalDate.of(2024, month, 1))) {
                            months.add(month);
                        }
                    }
                }
            }
            Set<DayType> days = EnumSet.noneOf(DayType.class);
            if (rule.get("days") != null) {
                List<Object> nodes = list(at(path, "days"), rule.get("days"));
                for (int i = 0; i < nodes.size(); i++) {
                    days.add(DayType.valueOf(choice(at(path, "days") + "[" + i + "]", nodes.get(i), null,
                            List.of("weekday", "weekend", "holiday")).toUpperCase(Locale.ROOT)));
                }
            }
            int fromHour = 0;
            int toHour = 24;
            if (rule.get("hours") != null) {
                String hours = text(at(path, "hours"), rule.get("hours"));
                Matcher m = HOURS.matcher(hours);
                if (!m.matches() || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))
                        || Integer.parseInt(m.group(2)) > 24) {
                    throw fail(at(path, "hours"), "\'" + InputText.echo(String.valueOf(hours)) + "\' is not a range H-H within 0-24");
                }
                fromHour = Integer.parseInt(m.group(1));
                toHour = Integer.parseInt(m.group(2));
            }
            int from = fromHour;
            int to = toHour;
            return build(path, () -> new TouSchedule.Rule(period, months, days, from, to));
        }

        // --- charges ---

        private Charge charge(String path, Object node, List<Season> seasons, List<TouSchedule> schedules,
                List<RateCriterion> criteria) {
            Map<String, Object> charge = map(path, node);
            String type = choice(at(path, "type"), charge.get("type"), null, CHARGE_TYPES);
            Set<String> known = new LinkedHashSet<>(COMMON_CHARGE_FIELDS);
            known.addAll(CHARGE_FIELDS.get(type));
            checkFields(path, charge, known);
            String name = text(at(path, "name"), charge.get("name"));
            Applicability when = applicability(path, charge, seasons, schedules, criteria);
            switch (type) {
                case "fixed": {
                    BigDecimal amount = decimal(at(path, "amount"), charge.get("amount"));
                    Charge.Basis basis = basis(path, charge);
                    Charge.Proration proration = proration(path, charge, basis);
                    return build(path, () -> new Charge.Fixed(name, amount, basis, proration, when));
                }
                case "energy":
                    return energy(path, charge, name, when);
                case "demand": {
                    BigDecimal rate = decimal(at(path, "rate"), charge.get("rate"));
                    int minutes = 15;
                    if (charge.get("interval_minutes") != null) {
                        minutes = integer(at(path, "interval_minutes"), charge.get("interval_minutes"), 1, 60,
                                "a demand interval in minutes that divides an hour (5, 10, 15, 30 or 60)");
                        if (60 % minutes != 0) {
                            throw fail(at(path, "interval_minutes"), "'" + minutes
                                    + "' is not a demand interval in minutes that divides an hour (5, 10, 15, 30 or 60)");
                        }
                    }
                    Charge.Ratchet ratchet = null;
                    if (charge.get("ratchet") != null) {
                        String at = at(path, "ratchet");
                        Map<String, Object> node2 = map(at, charge.get("ratchet"));
                        checkFields(at, node2, RATCHET_FIELDS);
                        BigDecimal percent = decimal(at(at, "percent"), node2.get("percent"));
                        int months = integer(at(at, "months"), node2.get("months"), 1, 36, "a number of months 1-36");
                        ratchet = build(at, () -> new Charge.Ratchet(percent, months));
                    }
                    int interval = minutes;
                    Charge.Ratchet r = ratchet;
                    return build(path, () -> new Charge.Demand(name, rate, interval, r, when));
                }
                case "minimum": {
                    BigDecimal amount = decimal(at(path, "amount"), charge.get("amount"));
                    Charge.Basis basis = basis(path, charge);
                    Charge.Proration proration = proration(path, charge, basis);
                    return build(path, () -> new Charge.Minimum(name, amount, basis, proration, when));
                }
                default:
                    return percentageOrPerUnit(path, charge, name, type.equals("tax"), when);
            }
        }

        private Charge.Basis basis(String path, Map<String, Object> charge) {
            return Charge.Basis.valueOf(choice(at(path, "per"), charge.get("per"), "month",
                    List.of("bill", "day", "month")).toUpperCase(Locale.ROOT));
        }

        private Charge.Proration proration(String path, Map<String, Object> charge, Charge.Basis basis) {
            if (charge.get("proration") != null && basis != Charge.Basis.MONTH) {
                throw fail(at(path, "proration"), "applies only to per: month");
            }
            return Charge.Proration.valueOf(choice(at(path, "proration"), charge.get("proration"), "billing_period",
                    List.of("billing_period", "daily")).toUpperCase(Locale.ROOT));
        }

        private Charge energy(String path, Map<String, Object> charge, String name, Applicability when) {
            boolean hasRate = charge.get("rate") != null;
            boolean hasTiers = charge.get("tiers") != null;
            if (hasRate && hasTiers) {
                throw fail(path, "give rate or tiers, not both");
            }
            if (!hasTiers) {
                if (charge.get("tier_limits") != null) {
                    throw fail(at(path, "tier_limits"), "applies only to tiers");
                }
                if (!hasRate) {
                    throw fail(at(path, "rate"), "is missing (give rate or tiers)");
                }
                BigDecimal rate = decimal(at(path, "rate"), charge.get("rate"));
                return build(path, () -> Charge.Energy.flat(name, rate, when));
            }
            List<Object> nodes = list(at(path, "tiers"), charge.get("tiers"));
            List<Charge.Tier> tiers = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                String at = at(path, "tiers") + "[" + i + "]";
                Map<String, Object> tier = map(at, nodes.get(i));
                checkFields(at, tier, TIER_FIELDS);
                boolean last = i == nodes.size() - 1;
                BigDecimal upTo = null;
                if (!last) {
                    if (tier.get("up_to") == null) {
                        throw fail(at(at, "up_to"), "is missing; only the last tier has no limit");
                    }
                    upTo = decimal(at(at, "up_to"), tier.get("up_to"));
                    if (upTo.signum() == 0) {
                        throw fail(at(at, "up_to"), "must be more than 0");
                    }
                    if (i > 0 && upTo.compareTo(tiers.get(i - 1).upTo()) <= 0) {
                        throw fail(at(at, "up_to"), upTo.toPlainString() + " is not above the limit of the tier before ("
                                + tiers.get(i - 1).upTo().toPlainString() + ")");
                    }
                } else if (tier.get("up_to") != null) {
                    throw fail(at(at, "up_to"), "the last tier has no limit (it takes everything above the one before)");
                }
                BigDecimal rate = decimal(at(at, "rate"), tier.get("rate"));
                BigDecimal limit = upTo;
                tiers.add(build(at, () -> new Charge.Tier(limit, rate)));
            }
            Charge.Proration tierLimits = Charge.Proration.valueOf(choice(at(path, "tier_limits"), charge.get("tier_limits"),
                    "billing_period", List.of("billing_period", "daily")).toUpperCase(Locale.ROOT));
            return build(path, () -> new Charge.Energy(name, tiers, tierLimits, when));
        }

        private Charge percentageOrPerUnit(String path, Map<String, Object> charge, String name, boolean tax,
                Applicability when) {
            boolean hasPercent = charge.get("percent") != null;
            boolean hasPerUnit = charge.get("rate_per_unit") != null;
            if (hasPercent && hasPerUnit) {
                throw fail(path, "give percent or rate_per_unit, not both");
            }
            if (!hasPercent && !hasPerUnit) {
                throw fail(at(path, "percent"), "is missing (give percent or rate_per_unit)");
            }
            if (hasPerUnit) {
                if (charge.get("of") != null) {
                    throw fail(at(path, "of"), "applies only to percent");
                }
                BigDecimal rate = decimal(at(path, "rate_per_unit"), charge.get("rate_per_unit"));
                return build(path, () -> new Charge.PerUnit(name, rate, tax, when));
            }
            BigDecimal percent = decimal(at(path, "percent"), charge.get("percent"));
            Set<ChargeType> of = EnumSet.noneOf(ChargeType.class);
            if (charge.get("of") != null) {
                List<String> allowed = tax ? List.of("fixed", "energy", "demand", "minimum", "surcharge", "credit")
                        : List.of("fixed", "energy", "demand", "minimum", "credit");
                List<Object> nodes = list(at(path, "of"), charge.get("of"));
                for (int i = 0; i < nodes.size(); i++) {
                    of.add(ChargeType.valueOf(choice(at(path, "of") + "[" + i + "]", nodes.get(i), null, allowed)
                            .toUpperCase(Locale.ROOT)));
                }
            }
            return build(path, () -> new Charge.Percentage(name, percent, of, tax, when));
        }

        private Applicability applicability(String path, Map<String, Object> charge, List<Season> seasons,
                List<TouSchedule> schedules, List<RateCriterion> criteria) {
            Set<String> chargeSeasons = new LinkedHashSet<>();
            if (charge.get("seasons") != null) {
                List<Object> nodes = list(at(path, "seasons"), charge.get("seasons"));
                for (int i = 0; i < nodes.size(); i++) {
                    chargeSeasons.add(season(at(path, "seasons") + "[" + i + "]", nodes.get(i), seasons).name());
                }
            }
            String scheduleName = null;
            TouSchedule schedule = schedules.get(0);
            if (charge.get("schedule") != null) {
                scheduleName = name(at(path, "schedule"), charge.get("schedule"));
                String wanted = scheduleName;
                schedule = schedules.stream().filter(s -> s.name().equals(wanted)).findFirst().orElseThrow(() ->
                        fail(at(path, "schedule"), "\'" + InputText.echo(String.valueOf(wanted)) + "\' is not a schedule of this version ("
                                + String.join(", ", schedules.stream().map(TouSchedule::name).toList()) + ")"));
            }
            Set<String> periods = new LinkedHashSet<>();
            if (charge.get("tou_periods") != null) {
                List<Object> nodes = list(at(path, "tou_periods"), charge.get("tou_periods"));
                for (int i = 0; i < nodes.size(); i++) {
                    String at = at(path, "tou_periods") + "[" + i + "]";
                    String period = name(at, nodes.get(i));
                    if (schedule.periodIndex(period) < 0) {
                        throw fail(at, "\'" + InputText.echo(String.valueOf(period)) + "\' is not a period of schedule " + schedule.name() + " ("
                                + String.join(", ", schedule.periods()) + ")");
                    }
                    periods.add(period);
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            if (charge.get("when") != null) {
                Map<String, Object> when = map(at(path, "when"), charge.get("when"));
                if (when.isEmpty()) {
                    throw fail(at(path, "when"), "expected at least one rate criterion");
                }
                for (Map.Entry<String, Object> entry : when.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    String at = at(at(path, "when"), key);
                    RateCriterion criterion = criteria.stream().filter(c -> c.key().equals(key)).findFirst()
                            .orElseThrow(() -> fail(at, "\'" + InputText.echo(String.valueOf(key)) + "\' is not a rate criterion of this tariff ("
                                    + (criteria.isEmpty() ? "rate_criteria declares none"
                                    : "declared: " + String.join(", ", criteria.stream().map(RateCriterion::key).toList()))
                                    + ")"));
                    String value = text(at, entry.getValue());
                    if (!criterion.values().isEmpty() && !criterion.values().contains(value)) {
                        throw fail(at, "\'" + InputText.echo(String.valueOf(value)) + "\' is not one of " + String.join(", ", criterion.values()));
                    }
                    wanted.put(key, value);
                }
            }
            String named = scheduleName;
            return build(path, () -> new Applicability(chargeSeasons, named, periods, wanted));
        }

        private NetMetering netMetering(String path, Object node, TouSchedule firstSchedule) {
            Map<String, Object> net = map(path, node);
            checkFields(path, net, NET_METERING_FIELDS);
            NetMetering.ExportCredit credit = NetMetering.ExportCredit.valueOf(choice(at(path, "export_credit"),
                    net.get("export_credit"), null, List.of("retail", "fixed", "tou")).toUpperCase(Locale.ROOT));
            BigDecimal rate = null;
            if (credit == NetMetering.ExportCredit.FIXED) {
                if (net.get("rate") == null) {
                    throw fail(at(path, "rate"), "is missing (export_credit fixed)");
                }
                rate = decimal(at(path, "rate"), net.get("rate"));
            } else if (net.get("rate") != null) {
                throw fail(at(path, "rate"), "applies only to export_credit fixed");
            }
            Map<String, BigDecimal> touRates = new LinkedHashMap<>();
            if (credit == NetMetering.ExportCredit.TOU) {
                Map<String, Object> rates = map(at(path, "tou_rates"), net.get("tou_rates"));
                if (rates.isEmpty()) {
                    throw fail(at(path, "tou_rates"), "is missing (export_credit tou)");
                }
                for (Map.Entry<String, Object> entry : rates.entrySet()) {
                    String period = String.valueOf(entry.getKey());
                    String at = at(at(path, "tou_rates"), period);
                    if (firstSchedule.periodIndex(period) < 0) {
                        throw fail(at, "\'" + InputText.echo(String.valueOf(period)) + "\' is not a period of schedule " + firstSchedule.name() + " ("
                                + String.join(", ", firstSchedule.periods()) + ")");
                    }
                    touRates.put(period, decimal(at, entry.getValue()));
                }
            } else if (net.get("tou_rates") != null) {
                throw fail(at(path, "tou_rates"), "applies only to export_credit tou");
            }
            Month trueUpMonth = net.get("true_up_month") == null ? null
                    : month(at(path, "true_up_month"), net.get("true_up_month"));
            NetMetering.TrueUp atTrueUp = NetMetering.TrueUp.valueOf(choice(at(path, "at_true_up"), net.get("at_true_up"),
                    "forfeit", List.of("forfeit", "pay_out")).toUpperCase(Locale.ROOT));
            BigDecimal fixedRate = rate;
            return build(path, () -> new NetMetering(credit, fixedRate, touRates, trueUpMonth, atTrueUp));
        }

        private Season season(String path, Object node, List<Season> seasons) {
            String name = name(path, node);
            return seasons.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> fail(path,
                    "\'" + InputText.echo(String.valueOf(name)) + "\' is not a season of this version ("
                            + String.join(", ", seasons.stream().map(Season::name).toList()) + ")"));
        }

        // --- scalars and structure ---

        private TariffCatalogException fail(String path, String problem) {
            return new TariffCatalogException(source + ": " + path + ": " + problem);
        }

        /** Runs a domain constructor; what it refuses is reported at the path of the object being built. */
        private <T> T build(String path, Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw fail(path, e.getMessage());
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(String path, Object node) {
            if (node instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            if (node == null) {
                throw fail(path, "is missing");
            }
            throw fail(path, "expected a mapping of fields");
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(String path, Object node) {
            if (node instanceof List<?> list && !list.isEmpty()) {
                return (List<Object>) list;
            }
            if (node == null) {
                throw fail(path, "is missing");
            }
            throw fail(path, "expected a non-empty list");
        }

        private String text(String path, Object node) {
            if (node == null || (node instanceof String s && s.isBlank())) {
                throw fail(path, "is missing");
            }
            if (node instanceof Map || node instanceof List) {
                throw fail(path, "expected a single value");
            }
            if (!(node instanceof String)) {
                throw fail(path, "expected plain text (no YAML tags)");
            }
            return ((String) node).strip();
        }

        private String optionalText(String path, Object node) {
            return node == null ? null : text(path, node);
        }

        private String name(String path, Object node) {
            String name = text(path, node);
            if (!NAME.matcher(name).matches()) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(name)) + "\' is not a name (lower-case letters, digits and _, starting with a letter)");
            }
            return name;
        }

        private String choice(String path, Object node, String defaultValue, List<String> options) {
            if (node == null && defaultValue != null) {
                return defaultValue;
            }
            String value = text(path, node);
            if (!options.contains(value)) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(value)) + "\' is not one of " + String.join(", ", options));
            }
            return value;
        }

        private BigDecimal decimal(String path, Object node) {
            String text = text(path, node);
            if (!DECIMAL.matcher(text).matches()) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(text)) + "\' is not a decimal number");
            }
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0) {
                throw fail(path, text + " is negative");
            }
            return value;
        }

        private int integer(String path, Object node, int min, int max, String what) {
            String text = text(path, node);
            if (!INTEGER.matcher(text).matches()) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(text)) + "\' is not " + what);
            }
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw fail(path, "\'" + InputText.echo(String.valueOf(text)) + "\' is not " + what);
            }
            return value;
        }

        private Month month(String path, Object node) {
            return Month.of(integer(path, node, 1, 12, "a month 1-12"));
        }

        private LocalDate date(String path, Object node) {
            String text = text(path, node);
            try {
                if (DATE.matcher(text).matches()) {
                    return LocalDate.parse(text);
                }
            } catch (DateTimeException e) {
                // reported below
            }
            throw fail(path, "\'" + InputText.echo(String.valueOf(text)) + "\' is not a date YYYY-MM-DD");
        }

        private MonthDay monthDay(String path, Object node) {
            String text = text(path, node);
            try {
                if (MONTH_DAY.matcher(text).matches()) {
                    return MonthDay.parse("--" + text);
                }
            } catch (DateTimeException e) {
                // reported below
            }
            throw fail(path, "\'" + InputText.echo(String.valueOf(text)) + "\' is not a day of the year MM-DD");
        }

        private void checkFields(String path, Map<String, Object> node, Set<String> known) {
            for (Object key : node.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    throw fail(at(path, String.valueOf(key)), "unknown field (expected one of "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        private static String at(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        private static String text(MonthDay day) {
            return day.toString().substring(2);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new TextScalarResolver());
    }

    /**
     * Resolves only null; numbers, dates and booleans stay text, so numbers convert exactly and
     * {@code no}, {@code yes} and {@code on} (a holiday rule's field) are not read as booleans. The
     * schema has no boolean fields.
     */
    private static final class TextScalarResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
