package io.meterbill.readers.tariff;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
 * Converts OpenEI Utility Rate Database (URDB) tariffs into catalog YAML (docs/tariff-authoring.md,
 * "Schema" and "URDB import"). The input is the text of an API response ({@code {"items": [...]}},
 * every item is converted), a bare JSON array of tariffs, or a single tariff object. Each tariff
 * becomes one file with one version; what cannot be mapped is returned as notes and repeated in a
 * comment block at the top of the YAML.
 *
 * <p>JSON is read with SnakeYAML (JSON is YAML) with a resolver that keeps numbers as text, so every
 * rate is converted by {@code new BigDecimal(text)} and {@code rate + adj} is exact.
 *
 * <p>Mapping decisions:
 * <ul>
 * <li><b>Code and file.</b> {@code URDB-<LABEL>} (label upper-cased, characters other than letters,
 *     digits, {@code -} and {@code _} replaced by {@code -}); file {@code urdb-<label>.yaml}.</li>
 * <li><b>Dates.</b> {@code startdate} / {@code enddate} (epoch seconds) are the local dates of those
 *     instants in the given zone; {@code enddate} is taken as the first day no longer in force
 *     ({@code effective_to}). A missing {@code startdate} is an error: guessing when rates start
 *     would bill on the wrong rates.</li>
 * <li><b>Schedules.</b> URDB 12 x 24 tables (period indices from 0) become schedules {@code energy},
 *     {@code demand} and {@code flat_demand} with periods {@code p1}, {@code p2}, ... (index + 1).
 *     Each month's runs of equal hours become rules {@code {months, days, hours}}; a run the weekday
 *     and the weekend table share is one rule for all day types. The weekend table applies to
 *     {@code days: [weekend, holiday]}; URDB names no holidays, so {@code holidays} stays
 *     {@code none} and a note says so. The period with the most rules is the {@code default_period}.
 *     A schedule is emitted only if a charge refers to it, and a schedule whose hours are all one
 *     period is not emitted: its charge applies to the whole bill.</li>
 * <li><b>Energy.</b> One charge per period that occurs in the schedule; tiers keep their cumulative
 *     {@code max} as {@code up_to} (a {@code max} on the last tier is dropped, with a note). Tier
 *     unit {@code kWh daily} (a per-day allowance) becomes {@code tier_limits: daily} with
 *     {@code up_to = max x days of the month}; since that differs by month the version gets one
 *     season per calendar month and the period one charge per month length (31-day months, 30-day
 *     months, February at 28 days), noted as approximate for February of leap years and for bills
 *     spanning months of different length. Other tier units ({@code kWh/kW} ...) are not mapped: the
 *     first tier's rate is charged flat, with a note.</li>
 * <li><b>Demand.</b> One charge per TOU demand period with a non-zero rate (first tier only, further
 *     tiers noted), and one per flat-demand period; {@code demandwindow} 15/30/60 becomes
 *     {@code interval_minutes}. Demand in units other than kW (kVA, hp ...) is not mapped.</li>
 * <li><b>Fixed and minimum.</b> {@code fixedchargefirstmeter} (or the older {@code fixedmonthlycharge})
 *     and {@code mincharge} in {@code $/month} or {@code $/day}; {@code $/year} is not mapped.</li>
 * <li>Not mapped (noted): {@code sell} rates, coincident demand, ratchets and look-back, reactive
 *     power, fuel adjustments, additional-meter charges, attribute lists, {@code usenetmetering},
 *     and any field this converter does not know.</li>
 * </ul>
 */
public final class UrdbTariffConverter {

    /** One converted tariff: its catalog code, suggested file name, YAML text and what was not mapped. */
    public record Converted(String code, String fileName, String yaml, List<String> unmapped) {
        public Converted {
            unmapped = List.copyOf(unmapped);
        }
    }

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /** Fields read as rates, schedules or charges. */
    private static final Set<String> MAPPED = Set.of("label", "name", "utility", "uri", "sector", "startdate",
            "enddate", "country", "energyratestructure", "energyweekdayschedule", "energyweekendschedule",
            "demandratestructure", "demandweekdayschedule", "demandweekendschedule", "flatdemandstructure",
            "flatdemandmonths", "demandunits", "demandrateunit", "flatdemandunit", "demandwindow",
            "fixedchargefirstmeter", "fixedchargeunits", "fixedmonthlycharge", "mincharge", "minchargeunits");

    /** Descriptive and eligibility fields that do not change a bill. */
    private static final Set<String> DESCRIPTIVE = Set.of("description", "source", "sourceparent", "eiaid",
            "utility_id", "approved", "is_default", "revisions", "latest_update", "supersedes", "servicetype",
            "voltagecategory", "phasewiring", "peakkwcapacitymin", "peakkwcapacitymax", "peakkwcapacityhistory",
            "peakkwhusagemin", "peakkwhusagemax", "peakkwhusagehistory", "voltageminimum", "voltagemaximum",
            "energycomments", "demandcomments", "basicinformationcomments", "dgrules", "demandmin", "demandmax",
            "ratesforutility", "lastupdated", "dateadded", "isbasic", "basic", "unapproved");

    /** Pricing fields known not to be mapped, with what the note says about them. */
    private static final Map<String, String> NOT_MAPPED = notMapped();

    private static Map<String, String> notMapped() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("coincidentratestructure", "coincident demand charges are not mapped");
        m.put("coincidentrateschedule", "coincident demand schedule is not mapped");
        m.put("coincidentrateunit", "coincident demand unit is not mapped");
        m.put("demandratchetpercentage", "demand ratchet percentages are not mapped (add `ratchet` by hand)");
        m.put("lookbackpercent", "look-back demand is not mapped");
        m.put("lookbackrange", "look-back demand is not mapped");
        m.put("lookbackmonths", "look-back demand is not mapped");
        m.put("demandreactivepowercharge", "reactive power charge is not mapped");
        m.put("fueladjustmentsmonthly", "monthly fuel adjustments are not mapped");
        m.put("fixedchargeeaaddl", "fixed charge for each additional meter is not mapped");
        m.put("annualmincharge", "annual minimum charge is not mapped");
        m.put("usenetmetering", "net metering is not configured (add `net_metering` by hand)");
        m.put("energyattrs", "energy attributes are not mapped");
        m.put("demandattrs", "demand attributes are not mapped");
        m.put("fixedattrs", "fixed charge attributes are not mapped");
        return m;
    }

    /**
     * @param source   the file name, used in messages and the YAML header
     * @param jsonText the URDB JSON
     * @param zone     the tariff's time zone (IANA id): dates and TOU hours are local to it
     */
    public List<Converted> convert(String source, String jsonText, String zone) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null ? "" : zone.strip());
        } catch (DateTimeException e) {
            throw new TariffCatalogException(source + ": time zone '" + zone + "' is not an IANA zone id");
        }
        Object document = parse(source, jsonText);
        List<Converted> converted = new ArrayList<>();
        if (document instanceof Map<?, ?> top && top.containsKey("items")) {
            Object items = top.get("items");
            if (!(items instanceof List<?> list)) {
                throw new TariffCatalogException(source + ": items: expected a list of tariffs");
            }
            if (list.isEmpty()) {
                throw new TariffCatalogException(source + ": items: is empty, no tariff to convert");
            }
            for (int i = 0; i < list.size(); i++) {
                converted.add(new Item(source, "items[" + i + "]", tariffObject(source, "items[" + i + "]",
                        list.get(i)), zoneId).convert());
            }
        } else if (document instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new TariffCatalogException(source + ": the list is empty, no tariff to convert");
            }
            for (int i = 0; i < list.size(); i++) {
                converted.add(new Item(source, "[" + i + "]", tariffObject(source, "[" + i + "]", list.get(i)), zoneId)
                        .convert());
            }
        } else {
            converted.add(new Item(source, "", tariffObject(source, "", document), zoneId).convert());
        }
        return converted;
    }

    // ---------------------------------------------------------------- parsing

    private static Object parse(String source, String text) {
        if (text == null) {
            throw new TariffCatalogException(source + ": not JSON: the file is empty");
        }
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String start = json.strip();
        if (start.isEmpty() || (start.charAt(0) != '{' && start.charAt(0) != '[')) {
            throw new TariffCatalogException(source + ": not JSON: a URDB file starts with '{' or '['");
        }
        try {
            return yaml().load(jsonEscapesForYaml(json));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new TariffCatalogException(source + ": not valid JSON: " + e.getProblem()
                    + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)));
        } catch (YAMLException e) {
            throw new TariffCatalogException(source + ": not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /**
     * JSON allows the escape {@code \/} (PHP, and so OpenEI, writes URLs that way); YAML 1.1 does not.
     * A raw tab or newline cannot occur inside a valid JSON string, so only that escape needs care.
     */
    private static String jsonEscapesForYaml(String json) {
        if (!json.contains("\\/")) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString && c == '\\' && i + 1 < json.length()) {
                char next = json.charAt(i + 1);
                if (next == '/') {
                    out.append('/');
                } else {
                    out.append(c).append(next);
                }
                i++;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(256 * 1024 * 1024); // a full API page of 500 tariffs is tens of MB
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new TextScalarResolver());
    }

    /** Resolves only null and booleans; numbers stay text so that they convert exactly. */
    private static final class TextScalarResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tariffObject(String source, String path, Object node) {
        String where = source + ": " + (path.isEmpty() ? "" : path + ": ");
        if (!(node instanceof Map<?, ?> map)) {
            throw new TariffCatalogException(where + "not a URDB tariff: expected a JSON object");
        }
        boolean tariff = map.containsKey("label") || map.containsKey("energyratestructure")
                || map.containsKey("demandratestructure") || map.containsKey("flatdemandstructure");
        if (!tariff) {
            throw new TariffCatalogException(where + "not a URDB tariff: expected an 'items' list or a tariff object"
                    + " with 'label' and rate structures");
        }
        return (Map<String, Object>) map;
    }

    // ---------------------------------------------------------------- one tariff

    private record Tier(BigDecimal max, String unit, BigDecimal rate, BigDecimal sell) {
    }

    private enum Days {
        ALL("[weekday, weekend, holiday]"), WEEKDAY("[weekday]"), WEEKEND("[weekend, holiday]");

        final String yaml;

        Days(String yaml) {
            this.yaml = yaml;
        }
    }

    private record Rule(int period, Days days, int from, int to) {
    }

    /** A URDB month x hour table pair and the rules it compiles to. */
    private static final class Schedule {
        final String name;
        final int[][] weekday;
        final int[][] weekend;
        final Map<Integer, List<Map.Entry<Rule, TreeSet<Integer>>>> rulesByPeriod = new TreeMap<>();
        final int defaultPeriod;

        Schedule(String name, int[][] weekday, int[][] weekend) {
            this.name = name;
            this.weekday = weekday;
            this.weekend = weekend;
            Map<Rule, TreeSet<Integer>> months = new LinkedHashMap<>();
            for (int m = 0; m < 12; m++) {
                List<Rule> wd = runs(weekday[m], Days.WEEKDAY);
                List<Rule> we = runs(weekend[m], Days.WEEKEND);
                for (Rule r : wd) {
                    boolean shared = we.contains(new Rule(r.period, Days.WEEKEND, r.from, r.to));
                    months.computeIfAbsent(shared ? new Rule(r.period, Days.ALL, r.from, r.to) : r,
                            k -> new TreeSet<>()).add(m + 1);
                }
                for (Rule r : we) {
                    if (!wd.contains(new Rule(r.period, Days.WEEKDAY, r.from, r.to))) {
                        months.computeIfAbsent(r, k -> new TreeSet<>()).add(m + 1);
                    }
                }
            }
            for (Map.Entry<Rule, TreeSet<Integer>> e : months.entrySet()) {
                rulesByPeriod.computeIfAbsent(e.getKey().period, k -> new ArrayList<>()).add(e);
            }
            Comparator<Map.Entry<Rule, TreeSet<Integer>>> order = Comparator
                    .comparing((Map.Entry<Rule, TreeSet<Integer>> e) -> e.getValue().first())
                    .thenComparing(e -> e.getKey().days)
                    .thenComparingInt(e -> e.getKey().from);
            rulesByPeriod.values().forEach(list -> list.sort(order));
            int best = -1;
            for (Map.Entry<Integer, List<Map.Entry<Rule, TreeSet<Integer>>>> e : rulesByPeriod.entrySet()) {
                if (best < 0 || e.getValue().size() > rulesByPeriod.get(best).size()) {
                    best = e.getKey();
                }
            }
            this.defaultPeriod = best;
        }

        private static List<Rule> runs(int[] hours, Days days) {
            List<Rule> runs = new ArrayList<>();
            int from = 0;
            for (int h = 1; h <= 24; h++) {
                if (h == 24 || hours[h] != hours[from]) {
                    runs.add(new Rule(hours[from], days, from, h));
                    from = h;
                }
            }
            return runs;
        }

        Set<Integer> periods() {
            return rulesByPeriod.keySet();
        }

        boolean single() {
            return rulesByPeriod.size() == 1;
        }

        boolean weekendDiffers() {
            for (int m = 0; m < 12; m++) {
                if (!java.util.Arrays.equals(weekday[m], weekend[m])) {
                    return true;
                }
            }
            return false;
        }

        /** Months (1-12) in which a period occurs. */
        TreeSet<Integer> monthsOf(int period) {
            TreeSet<Integer> months = new TreeSet<>();
            for (Map.Entry<Rule, TreeSet<Integer>> e : rulesByPeriod.getOrDefault(period, List.of())) {
                months.addAll(e.getValue());
            }
            return months;
        }
    }

    /** Converts one tariff object; {@code path} locates it in the file for messages. */
    private static final class Item {
        private final String source;
        private final String path;
        private final Map<String, Object> t;
        private final ZoneId zone;
        private final List<String> notes = new ArrayList<>();
        private final List<Schedule> schedules = new ArrayList<>();
        private final List<String> fixed = new ArrayList<>();
        private final List<String> energy = new ArrayList<>();
        private final List<String> demand = new ArrayList<>();
        private final List<String> minimum = new ArrayList<>();
        private boolean monthSeasons;

        Item(String source, String path, Map<String, Object> tariff, ZoneId zone) {
            this.source = source;
            this.path = path;
            this.t = tariff;
            this.zone = zone;
        }

        Converted convert() {
            String label = text("label", true);
            String name = text("name", true);
            String utility = text("utility", false);
            String uri = text("uri", false);
            String sector = text("sector", false);
            LocalDate from = date("startdate", true);
            LocalDate to = date("enddate", false);
            if (to != null && !to.isAfter(from)) {
                throw error("enddate", to + " is not after startdate " + from);
            }
            String country = text("country", false);
            if (country != null && !country.equalsIgnoreCase("USA")) {
                notes.add("country: " + country + "; rates are written in USD, check the currency");
            }

            fixedCharge();
            energyCharges();
            demandCharges();
            flatDemandCharges();
            minimumCharge();
            otherFields();
            if (schedules.stream().anyMatch(Schedule::weekendDiffers)) {
                notes.add("holidays: URDB names no holidays; the weekend schedule is applied to days [weekend, holiday]"
                        + " but `holidays` is none; set it (e.g. nerc) if the utility bills holidays as weekends");
            }
            if (fixed.isEmpty() && energy.isEmpty() && demand.isEmpty() && minimum.isEmpty()) {
                throw error("", "no charge could be mapped (" + String.join("; ", notes) + ")");
            }

            String safe = label.replaceAll("[^A-Za-z0-9_-]", "-");
            String code = "URDB-" + safe.toUpperCase(Locale.ROOT);
            String fileName = "urdb-" + safe.toLowerCase(Locale.ROOT) + ".yaml";
            return new Converted(code, fileName, yaml(code, label, name, utility, uri, sector, from, to), notes);
        }

        // ---- YAML

        private String yaml(String code, String label, String name, String utility, String uri, String sector,
                LocalDate from, LocalDate to) {
            StringBuilder y = new StringBuilder();
            y.append("# Converted from the OpenEI Utility Rate Database by meterbill\n");
            y.append("# source: ").append(comment(source)).append(path.isEmpty() ? "" : " " + path).append('\n');
            y.append("# URDB label: ").append(comment(label)).append('\n');
            y.append("# URDB name: ").append(comment(name)).append('\n');
            if (utility != null) {
                y.append("# utility: ").append(comment(utility)).append('\n');
            }
            if (sector != null) {
                y.append("# sector: ").append(comment(sector)).append('\n');
            }
            if (uri != null) {
                y.append("# uri: ").append(comment(uri)).append('\n');
            }
            if (notes.isEmpty()) {
                y.append("# Everything in the URDB record was mapped.\n");
            } else {
                y.append("# Not mapped (review before use):\n");
                for (String note : notes) {
                    y.append("#   - ").append(comment(note)).append('\n');
                }
            }
            y.append("code: ").append(quote(code)).append('\n');
            y.append("name: ").append(quote(name)).append('\n');
            if (utility != null) {
                y.append("utility: ").append(quote(utility)).append('\n');
            }
            y.append("commodity: electric\n");
            y.append("currency: USD\n");
            y.append("time_zone: ").append(zone.getId()).append('\n');
            y.append("versions:\n");
            y.append("  - effective_from: ").append(from).append('\n');
            if (to != null) {
                y.append("    effective_to: ").append(to).append('\n');
            }
            if (monthSeasons) {
                y.append("    seasons:\n");
                for (int m = 0; m < 12; m++) {
                    int last = m == 1 ? 29 : DAYS_IN_MONTH[m];
                    y.append(String.format(Locale.ROOT, "      - {name: %s, from: %02d-01, to: %02d-%02d}\n", MONTHS[m],
                            m + 1, m + 1, last));
                }
            }
            List<Schedule> used = schedules.stream().filter(s -> !s.single()).toList();
            if (!used.isEmpty()) {
                y.append("    tou:\n");
                for (Schedule s : used) {
                    y.append("      - name: ").append(s.name).append('\n');
                    y.append("        default_period: ").append(period(s.defaultPeriod)).append('\n');
                    y.append("        periods:\n");
                    for (Map.Entry<Integer, List<Map.Entry<Rule, TreeSet<Integer>>>> p : s.rulesByPeriod.entrySet()) {
                        if (p.getKey() == s.defaultPeriod) {
                            continue;
                        }
                        y.append("          - name: ").append(period(p.getKey())).append('\n');
                        y.append("            rules:\n");
                        for (Map.Entry<Rule, TreeSet<Integer>> r : p.getValue()) {
                            y.append("              - {months: ").append(list(r.getValue())).append(", days: ")
                                    .append(r.getKey().days.yaml).append(", hours: ").append(r.getKey().from)
                                    .append('-').append(r.getKey().to).append("}\n");
                        }
                    }
                }
            }
            y.append("    charges:\n");
            for (List<String> kind : List.of(fixed, energy, demand, minimum)) {
                kind.forEach(y::append);
            }
            return y.toString();
        }

        // ---- charges

        private void fixedCharge() {
            BigDecimal first = decimal("fixedchargefirstmeter", false);
            BigDecimal monthly = decimal("fixedmonthlycharge", false);
            if (first != null && first.signum() != 0) {
                String units = unitsOf("fixedchargeunits", "fixed charge");
                String per = per(units);
                if (per == null) {
                    notes.add("fixedchargeunits: fixed charge " + first.toPlainString() + " " + units
                            + " is not mapped (only $/month and $/day)");
                } else {
                    fixed.add(amountCharge("fixed", "Fixed charge", first, per));
                }
                if (monthly != null && monthly.signum() != 0 && monthly.compareTo(first) != 0) {
                    notes.add("fixedmonthlycharge: " + monthly.toPlainString()
                            + " is ignored in favour of fixedchargefirstmeter " + first.toPlainString());
                }
            } else if (monthly != null && monthly.signum() != 0) {
                fixed.add(amountCharge("fixed", "Fixed charge", monthly, "month"));
            }
        }

        private void minimumCharge() {
            BigDecimal min = decimal("mincharge", false);
            if (min == null || min.signum() == 0) {
                return;
            }
            String units = unitsOf("minchargeunits", "minimum charge");
            String per = per(units);
            if (per == null) {
                notes.add("minchargeunits: minimum charge " + min.toPlainString() + " " + units
                        + " is not mapped (only $/month and $/day)");
            } else {
                minimum.add(amountCharge("minimum", "Minimum charge", min, per));
            }
        }

        private String unitsOf(String field, String what) {
            String units = text(field, false);
            if (units == null) {
                notes.add(field + ": missing; the " + what + " is taken as $/month");
                return "$/month";
            }
            return units;
        }

        private static String per(String units) {
            return switch (units.replace(" ", "").toLowerCase(Locale.ROOT)) {
                case "$/month" -> "month";
                case "$/day" -> "day";
                default -> null;
            };
        }

        private static String amountCharge(String type, String name, BigDecimal amount, String per) {
            return "      - type: " + type + "\n"
                    + "        name: " + quote(name) + "\n"
                    + "        amount: " + quote(amount.toPlainString()) + "\n"
                    + "        per: " + per + "\n";
        }

        private void energyCharges() {
            List<List<Tier>> structure = structure("energyratestructure");
            if (structure == null) {
                return;
            }
            Schedule schedule = schedule("energy", "energyratestructure", "energyweekdayschedule",
                    "energyweekendschedule", structure.size());
            List<String> dailyPeriods = new ArrayList<>();
            for (int p = 0; p < structure.size(); p++) {
                String at = "energyratestructure[" + p + "]";
                if (!schedule.periods().contains(p)) {
                    notes.add(at + ": period " + period(p) + " does not occur in energyweekdayschedule or"
                            + " energyweekendschedule; not mapped");
                    continue;
                }
                List<Tier> tiers = structure.get(p);
                sellNote(at, tiers);
                String name = schedule.single() ? "Energy" : "Energy " + period(p);
                String head = "      - type: energy\n        name: %s\n" + where(schedule, p);
                if (tiers.size() == 1) {
                    energy.add(head.formatted(quote(name)) + "        rate: " + quote(plain(tiers.get(0).rate)) + "\n");
                    continue;
                }
                List<BigDecimal> limits = limits(at, tiers);
                Set<String> units = new TreeSet<>();
                Set<String> shown = new TreeSet<>();
                for (int i = 0; i < tiers.size() - 1; i++) {
                    String unit = tiers.get(i).unit == null ? "kWh" : tiers.get(i).unit;
                    units.add(unit.toLowerCase(Locale.ROOT));
                    shown.add(unit);
                }
                if (units.equals(Set.of("kwh"))) {
                    energy.add(head.formatted(quote(name)) + tiers(tiers, limits, 1));
                } else if (units.equals(Set.of("kwh daily"))) {
                    dailyPeriods.add(period(p));
                    monthSeasons = true;
                    TreeSet<Integer> months = schedule.monthsOf(p);
                    dailyCharge(head, name, " (31-day months)", months, List.of(1, 3, 5, 7, 8, 10, 12), 31, tiers,
                            limits);
                    dailyCharge(head, name, " (30-day months)", months, List.of(4, 6, 9, 11), 30, tiers, limits);
                    dailyCharge(head, name, " (February)", months, List.of(2), 28, tiers, limits);
                } else {
                    energy.add(head.formatted(quote(name)) + "        rate: " + quote(plain(tiers.get(0).rate)) + "\n");
                    notes.add(at + ": tier limits in " + String.join(", ", shown) + " are not mapped; the first tier's"
                            + " rate " + plain(tiers.get(0).rate) + " is charged on all usage of " + period(p)
                            + " (tiers: " + describe(tiers) + ")");
                }
            }
            if (!dailyPeriods.isEmpty()) {
                notes.add("energyratestructure: tier unit 'kWh daily' (" + String.join(", ", dailyPeriods) + ") is"
                        + " mapped as max x days of the month with tier_limits daily, one charge per month length;"
                        + " approximate in February of a leap year (28 days' allowance over 29 days) and for a bill"
                        + " spanning months of different length (each part is tiered on its own)");
            }
            if (!energy.isEmpty() && !schedule.single()) {
                schedules.add(0, schedule);
            }
        }

        private void dailyCharge(String head, String name, String suffix, TreeSet<Integer> periodMonths,
                List<Integer> group, int days, List<Tier> tiers, List<BigDecimal> limits) {
            List<String> seasons = group.stream().filter(periodMonths::contains).map(m -> MONTHS[m - 1]).toList();
            if (seasons.isEmpty()) {
                return;
            }
            String seasonLine = "        seasons: [" + String.join(", ", seasons) + "]\n";
            energy.add(head.formatted(quote(name + suffix)) + seasonLine + tiers(tiers, limits, days)
                    + "        tier_limits: daily\n");
        }

        private String tiers(List<Tier> tiers, List<BigDecimal> limits, int multiplier) {
            StringBuilder s = new StringBuilder("        tiers:\n");
            for (int i = 0; i < tiers.size(); i++) {
                s.append("          - {");
                if (i < tiers.size() - 1) {
                    s.append("up_to: ").append(plain(limits.get(i).multiply(BigDecimal.valueOf(multiplier))))
                            .append(", ");
                }
                s.append("rate: ").append(quote(plain(tiers.get(i).rate))).append("}\n");
            }
            return s.toString();
        }

        /** Cumulative tier limits: present and increasing on all but the last tier, whose max is dropped. */
        private List<BigDecimal> limits(String at, List<Tier> tiers) {
            List<BigDecimal> limits = new ArrayList<>();
            for (int i = 0; i < tiers.size() - 1; i++) {
                BigDecimal max = tiers.get(i).max;
                if (max == null) {
                    throw error(at + "[" + i + "].max", "is missing (only the last tier may have no max)");
                }
                if (!limits.isEmpty() && max.compareTo(limits.get(limits.size() - 1)) <= 0) {
                    throw error(at + "[" + i + "].max", plain(max) + " is not above the previous tier's "
                            + plain(limits.get(limits.size() - 1)));
                }
                limits.add(max);
            }
            Tier last = tiers.get(tiers.size() - 1);
            if (last.max != null) {
                notes.add(at + "[" + (tiers.size() - 1) + "].max: " + plain(last.max) + " on the last tier is dropped;"
                        + " usage above it is charged at the last tier's rate");
            }
            return limits;
        }

        private void sellNote(String at, List<Tier> tiers) {
            for (int i = 0; i < tiers.size(); i++) {
                BigDecimal sell = tiers.get(i).sell;
                if (sell != null && sell.signum() != 0) {
                    notes.add(at + "[" + i + "].sell: sell rate " + plain(sell) + " is not mapped (export credit:"
                            + " configure `net_metering` by hand)");
                }
            }
        }

        private void demandCharges() {
            List<List<Tier>> structure = structure("demandratestructure");
            if (structure == null) {
                return;
            }
            Schedule schedule = schedule("demand", "demandratestructure", "demandweekdayschedule",
                    "demandweekendschedule", structure.size());
            String unit = demandUnit("demandrateunit");
            if (!unit.equalsIgnoreCase("kW")) {
                notes.add("demandrateunit: TOU demand charges in " + unit + " are not mapped (meterbill measures kW)");
                return;
            }
            String interval = null;
            boolean any = false;
            for (int p = 0; p < structure.size(); p++) {
                String at = "demandratestructure[" + p + "]";
                if (!schedule.periods().contains(p)) {
                    if (structure.get(p).get(0).rate.signum() != 0) {
                        notes.add(at + ": period " + period(p) + " does not occur in demandweekdayschedule or"
                                + " demandweekendschedule; not mapped");
                    }
                    continue;
                }
                Tier first = firstTierOnly(at, structure.get(p));
                if (first.rate.signum() == 0) {
                    continue;
                }
                any = true;
                interval = interval == null ? interval() : interval;
                String name = schedule.single() ? "Demand" : "Demand " + period(p);
                demand.add("      - type: demand\n        name: " + quote(name) + "\n" + where(schedule, p)
                        + "        rate: " + quote(plain(first.rate)) + "\n" + interval);
            }
            if (any && !schedule.single()) {
                schedules.add(schedule);
            }
        }

        private void flatDemandCharges() {
            List<List<Tier>> structure = structure("flatdemandstructure");
            if (structure == null) {
                return;
            }
            int[] months = flatMonths(structure.size());
            int[][] table = new int[12][24];
            for (int m = 0; m < 12; m++) {
                java.util.Arrays.fill(table[m], months[m]);
            }
            Schedule schedule = new Schedule("flat_demand", table, table);
            String unit = demandUnit("flatdemandunit");
            if (!unit.equalsIgnoreCase("kW")) {
                notes.add("flatdemandunit: flat demand charges in " + unit + " are not mapped (meterbill measures kW)");
                return;
            }
            String interval = null;
            boolean any = false;
            for (int p = 0; p < structure.size(); p++) {
                String at = "flatdemandstructure[" + p + "]";
                if (!schedule.periods().contains(p)) {
                    if (structure.get(p).get(0).rate.signum() != 0) {
                        notes.add(at + ": period " + period(p) + " is in no month of flatdemandmonths; not mapped");
                    }
                    continue;
                }
                Tier first = firstTierOnly(at, structure.get(p));
                if (first.rate.signum() == 0) {
                    continue;
                }
                any = true;
                interval = interval == null ? interval() : interval;
                String name = schedule.single() ? "Flat demand" : "Flat demand " + period(p);
                demand.add("      - type: demand\n        name: " + quote(name) + "\n" + where(schedule, p)
                        + "        rate: " + quote(plain(first.rate)) + "\n" + interval);
            }
            if (any && !schedule.single()) {
                schedules.add(schedule);
            }
        }

        private int[] flatMonths(int periods) {
            Object node = t.get("flatdemandmonths");
            if (node == null) {
                throw error("flatdemandmonths", "is missing (flatdemandstructure has " + periods + " period"
                        + (periods == 1 ? "" : "s") + ")");
            }
            if (node instanceof List<?> outer && outer.size() == 1 && outer.get(0) instanceof List<?> inner) {
                node = inner; // some files wrap the 12 months in one more list
            }
            if (!(node instanceof List<?> list) || list.size() != 12) {
                throw error("flatdemandmonths", "expected a list of 12 period indices, one per month");
            }
            int[] months = new int[12];
            for (int m = 0; m < 12; m++) {
                months[m] = index("flatdemandmonths[" + m + "]", list.get(m), periods, "flatdemandstructure");
            }
            return months;
        }

        private Tier firstTierOnly(String at, List<Tier> tiers) {
            sellNote(at, tiers);
            if (tiers.size() > 1) {
                notes.add(at + ": demand tiers are not mapped; the first tier's rate " + plain(tiers.get(0).rate)
                        + " is charged on all demand (tiers: " + describe(tiers) + ")");
            }
            return tiers.get(0);
        }

        private String demandUnit(String field) {
            String unit = text(field, false);
            if (unit == null) {
                unit = text("demandunits", false);
            }
            return unit == null ? "kW" : unit;
        }

        private String interval() {
            BigDecimal window = decimal("demandwindow", false);
            if (window == null) {
                return "";
            }
            if (window.compareTo(BigDecimal.valueOf(15)) == 0 || window.compareTo(BigDecimal.valueOf(30)) == 0
                    || window.compareTo(BigDecimal.valueOf(60)) == 0) {
                return "        interval_minutes: " + window.intValue() + "\n";
            }
            String note = "demandwindow: " + plain(window) + " minutes is not mapped (15, 30 or 60); demand is"
                    + " measured over the default 15 minutes";
            if (!notes.contains(note)) {
                notes.add(note);
            }
            return "";
        }

        private static String where(Schedule schedule, int period) {
            if (schedule.single()) {
                return "";
            }
            return "        schedule: " + schedule.name + "\n        tou_periods: [" + period(period) + "]\n";
        }

        private void otherFields() {
            Set<String> seen = new TreeSet<>();
            for (Map.Entry<String, Object> e : t.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (MAPPED.contains(key) || DESCRIPTIVE.contains(key) || empty(e.getValue())) {
                    continue;
                }
                String note = NOT_MAPPED.get(key);
                if (note == null) {
                    notes.add(key + ": field is not known to the converter; not mapped");
                } else if (seen.add(note)) {
                    notes.add(key + ": " + note);
                }
            }
        }

        /** Null, blank, zero, false, or collections of only such values: nothing a bill would miss. */
        private static boolean empty(Object node) {
            if (node == null || Boolean.FALSE.equals(node)) {
                return true;
            }
            if (node instanceof Collection<?> c) {
                return c.stream().allMatch(Item::empty);
            }
            if (node instanceof Map<?, ?> m) {
                return m.values().stream().allMatch(Item::empty);
            }
            String text = node.toString().strip();
            if (text.isEmpty()) {
                return true;
            }
            try {
                return new BigDecimal(text).signum() == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        // ---- structures and schedules

        /** A rate structure: periods of tiers; null when absent or empty. */
        private List<List<Tier>> structure(String field) {
            Object node = t.get(field);
            if (node == null || (node instanceof List<?> l && l.isEmpty())) {
                return null;
            }
            if (!(node instanceof List<?> periods)) {
                throw error(field, "expected a list of periods, each a list of tiers");
            }
            List<List<Tier>> structure = new ArrayList<>();
            for (int p = 0; p < periods.size(); p++) {
                String at = field + "[" + p + "]";
                if (!(periods.get(p) instanceof List<?> tierNodes) || tierNodes.isEmpty()) {
                    throw error(at, "expected a non-empty list of tiers");
                }
                List<Tier> tiers = new ArrayList<>();
                for (int i = 0; i < tierNodes.size(); i++) {
                    String tierAt = at + "[" + i + "]";
                    if (!(tierNodes.get(i) instanceof Map<?, ?> tier)) {
                        throw error(tierAt, "expected a tier object {max, unit, rate, adj, sell}");
                    }
                    BigDecimal rate = decimal(tierAt + ".rate", tier.get("rate"));
                    BigDecimal adj = decimal(tierAt + ".adj", tier.get("adj"));
                    if (rate == null && adj == null) {
                        throw error(tierAt + ".rate", "is missing");
                    }
                    BigDecimal effective = (rate == null ? BigDecimal.ZERO : rate).add(adj == null ? BigDecimal.ZERO : adj);
                    if (effective.signum() < 0) {
                        notes.add(tierAt + ": rate + adj is negative (" + plain(effective) + "); the catalog may"
                                + " refuse it");
                    }
                    BigDecimal max = decimal(tierAt + ".max", tier.get("max"));
                    if (max != null && max.signum() <= 0) {
                        throw error(tierAt + ".max", plain(max) + " is not a positive limit");
                    }
                    Object unit = tier.get("unit");
                    tiers.add(new Tier(max, unit == null || unit.toString().isBlank() ? null : unit.toString().strip(),
                            effective, decimal(tierAt + ".sell", tier.get("sell"))));
                }
                structure.add(tiers);
            }
            return structure;
        }

        private Schedule schedule(String name, String structureField, String weekdayField, String weekendField,
                int periods) {
            return new Schedule(name, table(weekdayField, structureField, periods),
                    table(weekendField, structureField, periods));
        }

        private int[][] table(String field, String structureField, int periods) {
            Object node = t.get(field);
            if (node == null) {
                throw error(field, "is missing (" + structureField + " has " + periods + " period"
                        + (periods == 1 ? "" : "s") + ")");
            }
            if (!(node instanceof List<?> rows) || rows.size() != 12) {
                throw error(field, "expected 12 months of 24 hourly period indices");
            }
            int[][] table = new int[12][24];
            for (int m = 0; m < 12; m++) {
                if (!(rows.get(m) instanceof List<?> hours) || hours.size() != 24) {
                    throw error(field + "[" + m + "]", "expected 24 hourly period indices");
                }
                for (int h = 0; h < 24; h++) {
                    table[m][h] = index(field + "[" + m + "][" + h + "]", hours.get(h), periods, structureField);
                }
            }
            return table;
        }

        private int index(String field, Object node, int periods, String structureField) {
            String text = node == null ? "" : node.toString().strip();
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw error(field, "'" + text + "' is not a period index");
            }
            if (value < 0 || value >= periods) {
                throw error(field, "period index " + value + " is not one of 0-" + (periods - 1) + " ("
                        + structureField + " has " + periods + " period" + (periods == 1 ? "" : "s") + ")");
            }
            return value;
        }

        // ---- scalars

        private TariffCatalogException error(String field, String message) {
            String at = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
            return new TariffCatalogException(source + ": " + (at.isEmpty() ? "" : at + ": ") + message);
        }

        private String text(String field, boolean required) {
            Object node = t.get(field);
            if (node == null || node.toString().isBlank()) {
                if (required) {
                    throw error(field, "is missing");
                }
                return null;
            }
            if (node instanceof Map || node instanceof List) {
                throw error(field, "expected a single value");
            }
            return node.toString().strip();
        }

        private BigDecimal decimal(String field, boolean required) {
            Object node = t.get(field);
            if (node == null && required) {
                throw error(field, "is missing");
            }
            return decimal(field, node);
        }

        private BigDecimal decimal(String field, Object node) {
            if (node == null || node.toString().isBlank()) {
                return null;
            }
            if (node instanceof Map || node instanceof List || node instanceof Boolean) {
                throw error(field, "expected a number");
            }
            String text = node.toString().strip();
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw error(field, "'" + text + "' is not a decimal number");
            }
        }

        private LocalDate date(String field, boolean required) {
            BigDecimal seconds = decimal(field, required);
            if (seconds == null) {
                if (required) {
                    throw error(field, "is missing");
                }
                return null;
            }
            try {
                return Instant.ofEpochSecond(seconds.longValueExact()).atZone(zone).toLocalDate();
            } catch (ArithmeticException | DateTimeException e) {
                throw error(field, "'" + plain(seconds) + "' is not a time in epoch seconds");
            }
        }
    }

    // ---------------------------------------------------------------- text helpers

    private static String period(int index) {
        return "p" + (index + 1);
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static String list(Collection<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(List<Tier> tiers) {
        List<String> parts = new ArrayList<>();
        for (Tier tier : tiers) {
            parts.add(plain(tier.rate) + (tier.max == null ? "" : " up to " + plain(tier.max)
                    + (tier.unit == null ? "" : " " + tier.unit)));
        }
        return String.join("; ", parts);
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    /** Text for a comment line: no line breaks or other control characters. */
    private static String comment(String text) {
        return text.replaceAll("[\\p{Cntrl}\u2028\u2029]+", " ").strip();
    }
}
