package io.meterbill.readers.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

class UrdbTariffConverterTest {

    private static final String ZONE = "America/Chicago";
    private static final String HOLIDAY_NOTE = "holidays: URDB names no holidays; the weekend schedule is applied to"
            + " days [weekend, holiday] but `holidays` is none; set it (e.g. nerc) if the utility bills holidays as"
            + " weekends";

    private final UrdbTariffConverter converter = new UrdbTariffConverter();

    // ---------------------------------------------------------------- residential TOU

    @Test
    void residentialTouCodeFileAndHeader() throws IOException {
        UrdbTariffConverter.Converted c = single("res-tou.json");
        assertThat(c.code()).isEqualTo("URDB-6650A1C3E4B0F2A9D1C70001");
        assertThat(c.fileName()).isEqualTo("urdb-6650a1c3e4b0f2a9d1c70001.yaml");
        assertThat(c.unmapped()).containsExactly(HOLIDAY_NOTE);
        assertThat(c.yaml()).startsWith("""
                # Converted from the OpenEI Utility Rate Database by meterbill
                # source: res-tou.json
                # URDB label: 6650a1c3e4b0f2a9d1c70001
                # URDB name: Residential Time-of-Use (RT-2)
                # utility: Prairie Valley Electric Cooperative
                # sector: Residential
                # uri: https://apps.openei.org/USURDB/rate/view/6650a1c3e4b0f2a9d1c70001
                # Not mapped (review before use):
                #   - %s
                code: "URDB-6650A1C3E4B0F2A9D1C70001"
                """.formatted(HOLIDAY_NOTE));

        Map<String, Object> top = yaml(c);
        assertThat(top).containsEntry("name", "Residential Time-of-Use (RT-2)")
                .containsEntry("utility", "Prairie Valley Electric Cooperative")
                .containsEntry("commodity", "electric").containsEntry("currency", "USD")
                .containsEntry("time_zone", ZONE);
        Map<String, Object> version = version(top);
        assertThat(version).containsEntry("effective_from", "2025-01-01").doesNotContainKey("effective_to")
                .doesNotContainKey("seasons");
    }

    @Test
    void residentialTouScheduleReproducesTheUrdbTablesHourByHour() throws IOException {
        Map<String, Object> urdb = urdb("res-tou.json");
        Map<String, Object> version = version(yaml(single("res-tou.json")));
        assertThat(scheduleNames(version)).containsExactly("energy");
        assertSameTable(schedule(version, "energy"), table(urdb, "energyweekdayschedule"),
                table(urdb, "energyweekendschedule"));

        Map<String, Object> energy = schedule(version, "energy");
        assertThat(energy).containsEntry("default_period", "p1");
        assertThat(rules(energy, "p4")).containsExactly("months=[6, 7, 8, 9] days=[weekday] hours=14-19");
        assertThat(rules(energy, "p2")).containsExactly(
                "months=[1, 2, 3, 4, 5, 10, 11, 12] days=[weekday] hours=6-9",
                "months=[1, 2, 3, 4, 5, 10, 11, 12] days=[weekday] hours=17-20");
        assertThat(rules(energy, "p3")).containsExactly(
                "months=[6, 7, 8, 9] days=[weekday] hours=0-14",
                "months=[6, 7, 8, 9] days=[weekday] hours=19-24",
                "months=[6, 7, 8, 9] days=[weekend, holiday] hours=0-24");
    }

    @Test
    void residentialTouChargesAddAdjustmentsExactlyAndKeepTiers() throws IOException {
        List<Map<String, Object>> charges = charges(version(yaml(single("res-tou.json"))));
        assertThat(charges).extracting(ch -> ch.get("name")).containsExactly("Fixed charge", "Energy p1",
                "Energy p2", "Energy p3", "Energy p4", "Minimum charge");
        assertThat(charges.get(0)).isEqualTo(Map.of("type", "fixed", "name", "Fixed charge", "amount", "14.5",
                "per", "month"));
        // off-peak winter: 0.0874 + 0.0121 up to 800 kWh, then 0.1032 + 0.0121
        assertThat(charges.get(1)).containsEntry("type", "energy").containsEntry("schedule", "energy")
                .containsEntry("tou_periods", List.of("p1")).doesNotContainKey("tier_limits")
                .containsEntry("tiers", List.of(Map.of("up_to", "800", "rate", "0.0995"), Map.of("rate", "0.1153")));
        assertThat(charges.get(2)).containsEntry("tou_periods", List.of("p2")).containsEntry("rate", "0.1589");
        assertThat(charges.get(3)).containsEntry("tiers",
                List.of(Map.of("up_to", "800", "rate", "0.1052"), Map.of("rate", "0.1336")));
        assertThat(charges.get(4)).containsEntry("tou_periods", List.of("p4")).containsEntry("rate", "0.2684");
        assertThat(charges.get(5)).isEqualTo(Map.of("type", "minimum", "name", "Minimum charge", "amount", "20",
                "per", "month"));
    }

    // ---------------------------------------------------------------- commercial with demand

    @Test
    void commercialDemandSchedulesAndCharges() throws IOException {
        UrdbTariffConverter.Converted c = single("com-tou-demand.json");
        Map<String, Object> urdb = urdb("com-tou-demand.json");
        Map<String, Object> version = version(yaml(c));
        assertThat(version).containsEntry("effective_from", "2024-06-01").containsEntry("effective_to", "2025-06-01");
        assertThat(scheduleNames(version)).containsExactly("energy", "demand", "flat_demand");
        assertSameTable(schedule(version, "energy"), table(urdb, "energyweekdayschedule"),
                table(urdb, "energyweekendschedule"));
        assertSameTable(schedule(version, "demand"), table(urdb, "demandweekdayschedule"),
                table(urdb, "demandweekendschedule"));
        int[][] flat = new int[12][24];
        List<?> flatMonths = (List<?>) urdb.get("flatdemandmonths");
        for (int m = 0; m < 12; m++) {
            java.util.Arrays.fill(flat[m], Integer.parseInt(flatMonths.get(m).toString()));
        }
        assertSameTable(schedule(version, "flat_demand"), flat, flat);
        assertThat(rules(schedule(version, "flat_demand"), "p2"))
                .containsExactly("months=[6, 7, 8, 9] days=[weekday, weekend, holiday] hours=0-24");

        List<Map<String, Object>> charges = charges(version);
        assertThat(charges).extracting(ch -> ch.get("name")).containsExactly("Fixed charge", "Energy p1",
                "Energy p2", "Energy p3", "Energy p4", "Demand p2", "Demand p3", "Flat demand p1", "Flat demand p2");
        assertThat(charges.get(1)).containsEntry("rate", "0.0697");
        assertThat(charges.get(3)).containsEntry("rate", "0.1522");
        // demand period p1 has rate 0: no charge; p2 is 14.85 + 0.35
        assertThat(charges.get(5)).isEqualTo(Map.of("type", "demand", "name", "Demand p2", "schedule", "demand",
                "tou_periods", List.of("p2"), "rate", "15.20", "interval_minutes", "15"));
        assertThat(charges.get(6)).containsEntry("rate", "6.2").containsEntry("tou_periods", List.of("p3"));
        assertThat(charges.get(7)).isEqualTo(Map.of("type", "demand", "name", "Flat demand p1", "schedule",
                "flat_demand", "tou_periods", List.of("p1"), "rate", "4.25", "interval_minutes", "15"));
        assertThat(charges.get(8)).containsEntry("rate", "5.75").containsEntry("tou_periods", List.of("p2"));

        // all-zero demandratchetpercentage and descriptive fields are not reported
        assertThat(c.unmapped()).containsExactly(
                "energyratestructure[0][0].sell: sell rate 0.0421 is not mapped (export credit: configure"
                        + " `net_metering` by hand)",
                "fixedchargeeaaddl: fixed charge for each additional meter is not mapped",
                HOLIDAY_NOTE);
        assertThat(c.yaml()).contains("#   - fixedchargeeaaddl: fixed charge for each additional meter is not mapped\n");
    }

    // ---------------------------------------------------------------- API response with items

    @Test
    void apiResponseConvertsEveryItem() throws IOException {
        List<UrdbTariffConverter.Converted> all = converter.convert("api-response.json", resource("api-response.json"),
                ZONE);
        assertThat(all).extracting(UrdbTariffConverter.Converted::code)
                .containsExactly("URDB-6650A1C3E4B0F2A9D1C70003", "URDB-6650A1C3E4B0F2A9D1C70004");
        assertThat(all.get(1).yaml()).contains("# source: api-response.json items[1]\n");

        // flat rate, older fixedmonthlycharge, negative adjustment, tiered flat demand, 30-minute window
        UrdbTariffConverter.Converted flat = all.get(0);
        Map<String, Object> version = version(yaml(flat));
        assertThat(version).containsEntry("effective_from", "2023-01-01").doesNotContainKey("tou");
        assertThat(charges(version)).containsExactly(
                Map.of("type", "fixed", "name", "Fixed charge", "amount", "22.00", "per", "month"),
                Map.of("type", "energy", "name", "Energy", "rate", "0.1092"),
                Map.of("type", "demand", "name", "Flat demand", "rate", "7.5", "interval_minutes", "30"));
        assertThat(flat.unmapped()).containsExactly(
                "flatdemandstructure[0]: demand tiers are not mapped; the first tier's rate 7.5 is charged on all"
                        + " demand (tiers: 7.5 up to 50; 9.25)",
                "fueladjustmentsmonthly: monthly fuel adjustments are not mapped");
    }

    @Test
    void dailyTierLimitsBecomeMonthLengthChargesOnDailyRule() throws IOException {
        UrdbTariffConverter.Converted daily = converter.convert("api-response.json",
                resource("api-response.json"), ZONE).get(1);
        Map<String, Object> version = version(yaml(daily));
        List<Map<String, Object>> seasons = list(version.get("seasons"));
        assertThat(seasons).hasSize(12);
        assertThat(seasons.get(1)).isEqualTo(Map.of("name", "feb", "from", "02-01", "to", "02-29"));
        assertThat(seasons.get(8)).isEqualTo(Map.of("name", "sep", "from", "09-01", "to", "09-30"));

        List<Map<String, Object>> charges = charges(version);
        assertThat(charges).extracting(ch -> ch.get("name")).containsExactly("Fixed charge",
                "Energy p1 (31-day months)", "Energy p1 (30-day months)", "Energy p1 (February)",
                "Energy p2 (31-day months)", "Energy p2 (30-day months)");
        assertThat(charges.get(0)).containsEntry("amount", "0.3285").containsEntry("per", "day");
        // winter allowance 12.5 then 25 kWh a day: x31, x30, x28
        assertThat(charges.get(1)).containsEntry("seasons", List.of("jan", "mar", "dec"))
                .containsEntry("tou_periods", List.of("p1")).containsEntry("tier_limits", "daily")
                .containsEntry("tiers", List.of(Map.of("up_to", "387.5", "rate", "0.2115"),
                        Map.of("up_to", "775", "rate", "0.2552"), Map.of("rate", "0.3209")));
        assertThat(charges.get(2)).containsEntry("seasons", List.of("apr", "nov"))
                .containsEntry("tiers", List.of(Map.of("up_to", "375.0", "rate", "0.2115"),
                        Map.of("up_to", "750", "rate", "0.2552"), Map.of("rate", "0.3209")));
        assertThat(charges.get(3)).containsEntry("seasons", List.of("feb"))
                .containsEntry("tiers", List.of(Map.of("up_to", "350.0", "rate", "0.2115"),
                        Map.of("up_to", "700", "rate", "0.2552"), Map.of("rate", "0.3209")));
        // summer allowance 15.2 kWh a day; the last tier's max 999999 is dropped
        assertThat(charges.get(4)).containsEntry("seasons", List.of("may", "jul", "aug", "oct"))
                .containsEntry("tiers", List.of(Map.of("up_to", "471.2", "rate", "0.2298"), Map.of("rate", "0.2885")));
        assertThat(charges.get(5)).containsEntry("seasons", List.of("jun", "sep"))
                .containsEntry("tiers", List.of(Map.of("up_to", "456.0", "rate", "0.2298"), Map.of("rate", "0.2885")));

        assertThat(daily.unmapped()).containsExactly(
                "energyratestructure[1][1].max: 999999 on the last tier is dropped; usage above it is charged at the"
                        + " last tier's rate",
                "energyratestructure: tier unit 'kWh daily' (p1, p2) is mapped as max x days of the month with"
                        + " tier_limits daily, one charge per month length; approximate in February of a leap year"
                        + " (28 days' allowance over 29 days) and for a bill spanning months of different length"
                        + " (each part is tiered on its own)",
                "minchargeunits: minimum charge 120 $/year is not mapped (only $/month and $/day)",
                "usenetmetering: net metering is not configured (add `net_metering` by hand)",
                "coincidentratestructure: coincident demand charges are not mapped");
        assertThat(charges).noneMatch(ch -> "minimum".equals(ch.get("type")));
    }

    // ---------------------------------------------------------------- details

    /** 0.1 + 0.2 is 0.30000000000000004 in binary floating point. */
    @Test
    void rateAndAdjustmentAddAsExactDecimals() {
        Map<String, Object> version = version(yaml(convertOne(flatTariff(
                "[[{\"rate\": 0.1, \"adj\": 0.2}], [{\"rate\": 0.123456789012345678901, \"adj\": 1E-21}]]",
                "[" + "[0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0],".repeat(11)
                        + "[0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0]]", ""))));
        List<Map<String, Object>> charges = charges(version);
        assertThat(charges.get(0)).containsEntry("rate", "0.3");
        assertThat(charges.get(1)).containsEntry("rate", "0.123456789012345678902");
        // weekday and weekend tables are the same here: one rule for all day types, no holiday note
        assertThat(rules(schedule(version, "energy"), "p2"))
                .containsExactly("months=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] days=[weekday, weekend, holiday]"
                        + " hours=8-18");
    }

    @Test
    void effectiveDatesAreLocalDatesInTheGivenZone() {
        String json = flatTariff("[[{\"rate\": 0.1}]]", zeros(), "\"enddate\": 1748754000,");
        Map<String, Object> chicago = version(yaml(converter.convert("t.json", json, "America/Chicago").get(0)));
        assertThat(chicago).containsEntry("effective_from", "2025-01-01").containsEntry("effective_to", "2025-06-01");
        Map<String, Object> honolulu = version(yaml(converter.convert("t.json", json, "Pacific/Honolulu").get(0)));
        assertThat(honolulu).containsEntry("effective_from", "2024-12-31").containsEntry("effective_to", "2025-05-31");
    }

    @Test
    void demandInKvaAndYearlyChargesAreReportedNotConverted() {
        String json = flatTariff("[[{\"rate\": 0.1, \"sell\": 0}]]", zeros(), """
                "demandrateunit": "kVA",
                "demandratestructure": [[{"rate": 12}]],
                "demandweekdayschedule": %s,
                "demandweekendschedule": %s,
                "flatdemandstructure": [[{"rate": 3}]],
                "flatdemandmonths": [0,0,0,0,0,0,0,0,0,0,0,0],
                "demandwindow": 5,
                "fixedchargefirstmeter": 120,
                "fixedchargeunits": "$/year",
                "mincharge": 5,
                "reactivepowerfactor": 0.9,
                """.formatted(zeros(), zeros()));
        UrdbTariffConverter.Converted c = convertOne(json);
        assertThat(charges(version(yaml(c)))).containsExactly(
                Map.of("type", "energy", "name", "Energy", "rate", "0.1"),
                Map.of("type", "demand", "name", "Flat demand", "rate", "3"),
                Map.of("type", "minimum", "name", "Minimum charge", "amount", "5", "per", "month"));
        assertThat(c.unmapped()).containsExactly(
                "fixedchargeunits: fixed charge 120 $/year is not mapped (only $/month and $/day)",
                "demandrateunit: TOU demand charges in kVA are not mapped (meterbill measures kW)",
                "demandwindow: 5 minutes is not mapped (15, 30 or 60); demand is measured over the default 15 minutes",
                "minchargeunits: missing; the minimum charge is taken as $/month",
                "reactivepowerfactor: field is not known to the converter; not mapped");
    }

    @Test
    void namesWithQuotesAndLineBreaksSurviveTheYaml() {
        String json = """
                {"label": "abc/1 2", "name": "Rate \\"A\\"\\nsecond line: #1", "utility": "Ünïcode \\\\ Co",
                 "startdate": 1735711200, "energyratestructure": [[{"rate": 0.1}]],
                 "energyweekdayschedule": %s, "energyweekendschedule": %s}
                """.formatted(zeros(), zeros());
        UrdbTariffConverter.Converted c = convertOne(json);
        assertThat(c.code()).isEqualTo("URDB-ABC-1-2");
        assertThat(c.fileName()).isEqualTo("urdb-abc-1-2.yaml");
        Map<String, Object> top = yaml(c);
        assertThat(top).containsEntry("name", "Rate \"A\"\nsecond line: #1").containsEntry("utility", "Ünïcode \\ Co");
        assertThat(c.yaml()).contains("# URDB name: Rate \"A\" second line: #1\n");
    }

    @Test
    void periodsThatNeverOccurAreReported() {
        String json = flatTariff("[[{\"rate\": 0.1}], [{\"rate\": 0.2}]]", zeros(), "");
        UrdbTariffConverter.Converted c = convertOne(json);
        assertThat(charges(version(yaml(c)))).containsExactly(Map.of("type", "energy", "name", "Energy", "rate", "0.1"));
        assertThat(c.unmapped()).containsExactly("energyratestructure[1]: period p2 does not occur in"
                + " energyweekdayschedule or energyweekendschedule; not mapped");
    }

    @Test
    void tierUnitsOtherThanKwhChargeTheFirstTierAndSaySo() {
        String json = flatTariff("[[{\"max\": 200, \"unit\": \"kWh/kW\", \"rate\": 0.12},"
                + " {\"unit\": \"kWh/kW\", \"rate\": 0.08}]]", zeros(), "");
        UrdbTariffConverter.Converted c = convertOne(json);
        assertThat(charges(version(yaml(c)))).containsExactly(Map.of("type", "energy", "name", "Energy", "rate",
                "0.12"));
        assertThat(c.unmapped()).containsExactly("energyratestructure[0]: tier limits in kWh/kW are not mapped; the"
                + " first tier's rate 0.12 is charged on all usage of p1 (tiers: 0.12 up to 200 kWh/kW; 0.08)");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void errorsNameTheSourceAndTheField() {
        assertThatThrownBy(() -> converter.convert("t.json", "code: X\nname: y\n", ZONE))
                .isInstanceOf(TariffCatalogException.class)
                .hasMessage("t.json: not JSON: a URDB file starts with '{' or '['");
        assertThatThrownBy(() -> converter.convert("t.json", "{\"label\": \"x\", \"name\": [1, 2", ZONE))
                .hasMessageStartingWith("t.json: not valid JSON: ");
        assertThatThrownBy(() -> converter.convert("t.json", "{\"label\": \"x\", \"label\": \"y\"}", ZONE))
                .hasMessageStartingWith("t.json: not valid JSON: found duplicate key label");
        assertThatThrownBy(() -> converter.convert("t.json", "{\"errors\": [\"bad api key\"]}", ZONE))
                .hasMessage("t.json: not a URDB tariff: expected an 'items' list or a tariff object with 'label' and"
                        + " rate structures");
        assertThatThrownBy(() -> converter.convert("t.json", "{\"items\": []}", ZONE))
                .hasMessage("t.json: items: is empty, no tariff to convert");
        assertThatThrownBy(() -> converter.convert("t.json", "{\"items\": [{\"label\": \"a\"}, 3]}", ZONE))
                .hasMessage("t.json: items[0].name: is missing");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}]]", zeros(), ""), "Mars/Olympus"))
                .hasMessage("t.json: time zone 'Mars/Olympus' is not an IANA zone id");
    }

    @Test
    void missingOrBrokenSchedulesAreErrors() {
        assertThatThrownBy(() -> convertOne("""
                {"label": "x", "name": "X", "startdate": 1735711200, "energyratestructure": [[{"rate": 0.1}]],
                 "energyweekendschedule": %s}""".formatted(zeros())))
                .hasMessage("t.json: energyweekdayschedule: is missing (energyratestructure has 1 period)");
        String oneBad = zeros().replaceFirst("0\\]\\]$", "2]]");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}], [{\"rate\": 0.2}]]", oneBad, "")))
                .hasMessage("t.json: energyweekdayschedule[11][23]: period index 2 is not one of 0-1"
                        + " (energyratestructure has 2 periods)");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}]]", "[[0, 0]]", "")))
                .hasMessage("t.json: energyweekdayschedule: expected 12 months of 24 hourly period indices");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}]]", zeros(),
                "\"flatdemandstructure\": [[{\"rate\": 3}], [{\"rate\": 4}]],")))
                .hasMessage("t.json: flatdemandmonths: is missing (flatdemandstructure has 2 periods)");
    }

    @Test
    void badRatesTiersAndDatesAreErrors() {
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": \"0,14\"}]]", zeros(), "")))
                .hasMessage("t.json: energyratestructure[0][0].rate: '0,14' is not a decimal number");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"unit\": \"kWh\"}]]", zeros(), "")))
                .hasMessage("t.json: energyratestructure[0][0].rate: is missing");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}, {\"max\": 10, \"rate\": 0.2}]]", zeros(),
                ""))).hasMessage("t.json: energyratestructure[0][0].max: is missing (only the last tier may have no max)");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"max\": 500, \"rate\": 0.1}, {\"max\": 400, \"rate\": 0.2},"
                + " {\"rate\": 0.3}]]", zeros(), "")))
                .hasMessage("t.json: energyratestructure[0][1].max: 400 is not above the previous tier's 500");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}]]", zeros(), "\"enddate\": 1735711200,")))
                .hasMessage("t.json: enddate: 2025-01-01 is not after startdate 2025-01-01");
        assertThatThrownBy(() -> convertOne(flatTariff("[[{\"rate\": 0.1}]]", zeros(), "")
                .replace("\"startdate\": 1735711200,", "")))
                .hasMessage("t.json: startdate: is missing");
        assertThatThrownBy(() -> convertOne("""
                {"label": "x", "name": "X", "startdate": 1735711200, "fixedchargefirstmeter": 100,
                 "fixedchargeunits": "$/year"}"""))
                .hasMessage("t.json: no charge could be mapped (fixedchargeunits: fixed charge 100 $/year is not mapped"
                        + " (only $/month and $/day))");
    }

    // ---------------------------------------------------------------- helpers

    private UrdbTariffConverter.Converted single(String resource) throws IOException {
        List<UrdbTariffConverter.Converted> all = converter.convert(resource, resource(resource), ZONE);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private UrdbTariffConverter.Converted convertOne(String json) {
        return convertOne(json, ZONE);
    }

    private UrdbTariffConverter.Converted convertOne(String json, String zone) {
        List<UrdbTariffConverter.Converted> all = converter.convert("t.json", json, zone);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** A minimal tariff starting 2025-01-01 in Chicago with the same weekday and weekend table. */
    private static String flatTariff(String energyStructure, String table, String extra) {
        return """
                {"label": "t1", "name": "Test", "startdate": 1735711200, %s
                 "energyratestructure": %s, "energyweekdayschedule": %s, "energyweekendschedule": %s}
                """.formatted(extra, energyStructure, table, table);
    }

    private static String zeros() {
        return "[" + "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],".repeat(11)
                + "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]]";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UrdbTariffConverterTest.class.getResourceAsStream("/urdb/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parses text keeping every scalar as a string, as the catalog reader does. */
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

    private static Map<String, Object> yaml(UrdbTariffConverter.Converted c) {
        return map(parse(c.yaml()));
    }

    private static Map<String, Object> urdb(String resource) throws IOException {
        return map(parse(resource(resource).replace("\\/", "/")));
    }

    private static Map<String, Object> version(Map<String, Object> top) {
        List<Map<String, Object>> versions = list(top.get("versions"));
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }

    private static List<Map<String, Object>> charges(Map<String, Object> version) {
        return list(version.get("charges"));
    }

    private static List<String> scheduleNames(Map<String, Object> version) {
        return maps(version.get("tou")).stream().map(s -> (String) s.get("name")).toList();
    }

    private static Map<String, Object> schedule(Map<String, Object> version, String name) {
        return maps(version.get("tou")).stream().filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow();
    }

    /** The rules of a period as "months=[..] days=[..] hours=a-b". */
    private static List<String> rules(Map<String, Object> schedule, String period) {
        for (Map<String, Object> p : maps(schedule.get("periods"))) {
            if (period.equals(p.get("name"))) {
                return maps(p.get("rules")).stream()
                        .map(r -> "months=" + r.get("months") + " days=" + r.get("days") + " hours=" + r.get("hours"))
                        .toList();
            }
        }
        throw new AssertionError("no period " + period);
    }

    private static int[][] table(Map<String, Object> urdb, String field) {
        List<?> rows = (List<?>) urdb.get(field);
        int[][] table = new int[12][24];
        for (int m = 0; m < 12; m++) {
            List<?> hours = (List<?>) rows.get(m);
            for (int h = 0; h < 24; h++) {
                table[m][h] = Integer.parseInt(hours.get(h).toString());
            }
        }
        return table;
    }

    /**
     * Evaluates the schedule's rules as the schema defines them (first matching rule over all periods in
     * order wins; otherwise the default period) for every month, day type and hour, and compares with
     * the URDB tables: weekday table for weekdays, weekend table for weekends and holidays, period
     * index i named p(i+1).
     */
    private static void assertSameTable(Map<String, Object> schedule, int[][] weekday, int[][] weekend) {
        record Rule(String period, List<String> months, List<String> days, int from, int to) {
        }
        List<Rule> rules = new ArrayList<>();
        for (Map<String, Object> p : maps(schedule.get("periods"))) {
            for (Map<String, Object> r : maps(p.get("rules"))) {
                String[] hours = r.get("hours").toString().split("-");
                rules.add(new Rule((String) p.get("name"), strings(r.get("months")), strings(r.get("days")),
                        Integer.parseInt(hours[0]), Integer.parseInt(hours[1])));
            }
        }
        String defaultPeriod = (String) schedule.get("default_period");
        for (int m = 1; m <= 12; m++) {
            for (String day : List.of("weekday", "weekend", "holiday")) {
                for (int h = 0; h < 24; h++) {
                    String period = defaultPeriod;
                    for (Rule rule : rules) {
                        if (rule.months().contains(String.valueOf(m)) && rule.days().contains(day) && h >= rule.from()
                                && h < rule.to()) {
                            period = rule.period();
                            break;
                        }
                    }
                    int expected = (day.equals("weekday") ? weekday : weekend)[m - 1][h];
                    assertThat(period).as("%s month %d %s hour %d", schedule.get("name"), m, day, h)
                            .isEqualTo("p" + (expected + 1));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static List<Map<String, Object>> maps(Object node) {
        return list(node);
    }

    private static List<String> strings(Object node) {
        return list(node);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<T>) node;
    }
}
