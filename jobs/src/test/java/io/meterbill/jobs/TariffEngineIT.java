package io.meterbill.jobs;

import io.meterbill.domain.tariff.Decimals;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tariff engine through the product: the bill-match command, URDB import, and cycles that rate
 * time-of-use, net-metered and demand service points from their interval reads, with the demand ratchet
 * carried from one cycle's bill to the next.
 */
class TariffEngineIT {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path tmp;

    private MeterbillHome home;

    @BeforeEach
    void home() {
        home = new MeterbillHome(tmp.resolve("home"));
    }

    /** The general-demand bill of the tariff-calculation guide, reproduced to the cent with zero variance. */
    @Test
    void tariffsCalculateMatchesTheGeneralDemandBill() {
        assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();
        MeterbillHome.Result result = home.run("tariffs", "calculate", "--tariff", "GSD-1", "--from", "2015-11-15",
                "--to", "2015-12-17", "--kwh", "154324", "--kw", "354", "--tax", "Utility tax=4",
                "--expected-total", "19731.30", "--expected-kwh", "154324", "--expected-kw", "354", "--detail", "rate");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("32 billing days")
                .containsPattern("ENERGY +Energy .* 154324 kWh +0\\.10 +1 +15432\\.40")
                .containsPattern("DEMAND +Demand .* 354 kW +10\\.00 +1 +3540\\.00")
                .containsPattern("TAX +Utility tax 4 % .* 18972\\.40 USD +0\\.04 +1 +758\\.90")
                .containsPattern("Subtotal +18972\\.40")
                .containsPattern("TOTAL +19731\\.30 USD")
                .containsPattern("total \\(USD\\) +19731\\.30 +19731\\.30 +0\\.00 +0\\.00 +match")
                .containsPattern("demand \\(kW\\) +354 +354 +0 +0\\.00 +match");

        MeterbillHome.Result off = home.run("tariffs", "calculate", "--file", "config/tariffs/gsd-1.yaml", "--from",
                "2015-11-15", "--to", "2015-12-17", "--kwh", "154324", "--kw", "350", "--tax", "Utility tax=4",
                "--expected-total", "19731.30", "--detail", "charge-type");
        assertThat(off.out()).containsPattern("DEMAND +350 kW +3500\\.00")
                .containsPattern("total \\(USD\\) +19731\\.30 +19689\\.70 +-41\\.60 +-0\\.21 +DIFFERS");

        MeterbillHome.Result touWithoutPeriods = home.run("tariffs", "calculate", "--tariff", "RES-TOU", "--from",
                "2025-11-01", "--to", "2025-12-01", "--kwh", "700", "--detail", "total");
        assertThat(touWithoutPeriods.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(touWithoutPeriods.err()).contains("needs consumption per period of schedule tou")
                .contains("give --kwh PERIOD=QTY for each period");
        MeterbillHome.Result misspelt = home.run("tariffs", "calculate", "--tariff", "RES-TOU", "--from", "2025-11-01",
                "--to", "2025-12-01", "--kwh", "onpeak=100", "--kwh", "mid_peak=100", "--kwh", "off_peak=500");
        assertThat(misspelt.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(misspelt.err()).contains("consumption given for unknown period 'onpeak'");
        MeterbillHome.Result tooPrecise = home.run("tariffs", "calculate", "--tariff", "GSD-1", "--from", "2015-11-15",
                "--to", "2015-12-17", "--kwh", "154324", "--kw", "354", "--expected-total", "19731.305");
        assertThat(tooPrecise.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(tooPrecise.err()).contains("--expected-total 19731.305 has more decimals than USD's 2");
        MeterbillHome.Result negative = home.run("tariffs", "calculate", "--tariff", "GSD-1", "--from", "2015-11-15",
                "--to", "2015-12-17", "--kwh", "-5", "--kw", "354");
        assertThat(negative.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(negative.err()).contains("--kwh -5: a quantity cannot be negative");
        MeterbillHome.Result notANumber = home.run("tariffs", "calculate", "--tariff", "COM-DEMAND", "--from",
                "2025-11-01", "--to", "2025-12-01", "--kwh", "on_peak=100", "--kwh", "off_peak=100", "--kw", "25",
                "--previous-peak", "abc");
        assertThat(notANumber.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(notANumber.err()).contains("'abc' is not a number").doesNotContain("java.lang");
        MeterbillHome.Result misspeltProperty = home.run("tariffs", "calculate", "--tariff", "RES-TOU", "--from",
                "2025-11-01", "--to", "2025-12-01", "--kwh", "on_peak=57", "--kwh", "mid_peak=57", "--kwh",
                "off_peak=607", "--property", "low_incme=yes");
        assertThat(misspeltProperty.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(misspeltProperty.err()).contains("tariff RES-TOU has no rate criterion 'low_incme' (it has [low_income])");
        MeterbillHome.Result severalMeters = home.run("tariffs", "calculate", "--tariff", "RES-TOU", "--from",
                "2025-11-01", "--to", "2025-12-01", "--intervals", "sample-data/reads");
        assertThat(severalMeters.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(severalMeters.err()).contains("choose one with --meter SERIAL");
    }

    /** A URDB tariff becomes a catalog file and a stored tariff; what could not be mapped is listed. */
    @Test
    void urdbImportWritesTheCatalogFileAndStoresTheTariff() throws IOException {
        Path catalog = Files.createDirectories(tmp.resolve("catalog"));
        Path json = tmp.resolve("res-tou.json");
        Files.copy(Path.of("readers/src/test/resources/urdb/res-tou.json"), json);
        MeterbillHome.Result missingZone = home.run("tariffs", "import", catalog.toString(), "--urdb", json.toString());
        assertThat(missingZone.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missingZone.err()).contains("--urdb needs --zone");

        MeterbillHome.Result imported = home.run("tariffs", "import", catalog.toString(), "--urdb", json.toString(),
                "--zone", "America/Los_Angeles");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        try (var files = Files.list(catalog)) {
            List<Path> written = files.toList();
            assertThat(written).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith("urdb-"));
            assertThat(Files.readString(written.get(0))).contains("time_zone: America/Los_Angeles", "schedule: energy");
        }
        assertThat(imported.out()).contains("urdb: URDB-");
        Long stored = home.query(jdbc -> jdbc.queryForObject(
                "select count(*) from tariff where tariff_code like 'URDB-%'", Long.class));
        assertThat(stored).isEqualTo(1);
    }

    /**
     * Two cycles on RES-TOU (with solar) and COM-DEMAND, rated from 15-minute reads. Hand-worked, November
     * 2025 (721 hours with the DST change; 20 weekdays of which Thanksgiving 27 Nov is a NERC holiday):
     *
     * <p>SP-1 (RES-TOU, winter): 1 kW steady = 721 kWh; winter on-peak 17-20 and mid-peak 7-10 on 19
     * weekdays = 57 kWh each; off-peak 607 kWh, of which 480 kWh is netted against the solar export (1 kWh
     * every quarter hour 10:00-14:00, off-peak, 16 x 30). On-peak 57 x 0.2450 = 13.965 -> 13.97; mid 57 x
     * 0.1780 = 10.146 -> 10.15; off-peak 127 x 0.1090 = 13.843 -> 13.84; customer charge 7.00 (the registry
     * gives rate_criteria low_income=yes); public benefits 241 kWh x 0.0045 = 1.0845 -> 1.08; subtotal
     * 46.04; 4 % tax 1.8416 -> 1.84; total 47.88.
     *
     * <p>SP-2 (COM-DEMAND): 10 kW steady (2.5 kWh per quarter hour) with 7.5 kWh in 12 Nov 14:00-14:15
     * (30 kW, on-peak) and 10 kWh in 15 Nov 03:00-03:15 (40 kW, Saturday). On-peak 12-20 on 19 weekdays =
     * 152 h = 1520 + 5 = 1525 kWh x 0.1180 = 179.95; off-peak 569 h = 5690 + 7.5 = 5697.5 kWh x 0.0790 =
     * 450.1025 -> 450.10; maximum demand 40 kW x 8.50 = 340.00; on-peak demand 30 kW x 6.25 = 187.50;
     * customer charge 45.00; subtotal 1202.55; tax 48.102 -> 48.10; total 1250.65.
     *
     * <p>December 2025, SP-2 at 10 kW steady (744 h; 23 weekdays less Christmas = 22): on-peak 176 h = 1760
     * kWh x 0.1180 = 207.68; off-peak 5680 kWh x 0.0790 = 448.72; measured demand 10 kW, raised by the 80 %
     * ratchet on November's 40 kW to 32 kW x 8.50 = 272.00; on-peak demand 10 x 6.25 = 62.50; customer
     * charge 45.00; subtotal 1035.90; tax 41.436 -> 41.44; total 1077.34.
     */
    @Test
    void cyclesRateTimeOfUseNetMeteringAndDemandFromIntervalReadsWithTheRatchetCarriedForward() throws IOException {
        Path registry = Files.createDirectories(tmp.resolve("registry"));
        Files.writeString(registry.resolve("accounts.csv"), """
                account_id,customer_name,mailing_address,email
                ACC-1,Ada Lovelace,"1 Main St, Riverton NY",ada@example.com
                ACC-2,Riverton Bakery,"2 Mill St, Riverton NY",accounts@bakery.example.com
                """);
        Files.writeString(registry.resolve("service_points.csv"), """
                service_point_id,account_id,service_address,time_zone,commodity,tariff_code,rate_criteria
                SP-1,ACC-1,1 Main St,America/New_York,ELECTRIC,RES-TOU,low_income=yes
                SP-2,ACC-2,2 Mill St,America/New_York,ELECTRIC,COM-DEMAND,
                """);
        Files.writeString(registry.resolve("meters.csv"), """
                meter_serial,commodity,model
                M-1,ELECTRIC,Itron Riva
                M-2,ELECTRIC,Landis+Gyr E650
                """);
        Files.writeString(registry.resolve("installations.csv"), """
                meter_serial,service_point_id,installed_at,removed_at
                M-1,SP-1,2020-01-01T00:00:00-05:00,
                M-2,SP-2,2020-01-01T00:00:00-05:00,
                """);
        assertThat(home.run("registry", "import", registry.toString()).exitCode()).isZero();
        assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();

        Path november = Files.createDirectories(tmp.resolve("reads-2025-11"));
        Map<String, Long> bursts = Map.of("2025-11-12T14:00", 7_500L, "2025-11-15T03:00", 10_000L);
        writeReads(november.resolve("reads.csv"), LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), true, bursts);
        MeterbillHome.Result first = home.run("cycle", "run", "--cycle", "2025-11", "--input", november.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();

        assertThat(lines("2025-11", "SP-1")).containsExactly(
                "FIXED|Customer charge (low-income discount)|-|-|1|7.00",
                "ENERGY|Energy on-peak (winter)|winter|on_peak|57|13.97",
                "ENERGY|Energy mid-peak|-|mid_peak|57|10.15",
                "ENERGY|Energy off-peak|-|off_peak|127|13.84",
                "SURCHARGE|Public benefits charge|-|-|241|1.08",
                "TAX|Sales tax 4 %|-|-|46.04|1.84");
        assertThat(bill("2025-11", "SP-1")).isEqualTo("46.04|1.84|47.88|721.000|480.000|null");
        assertThat(assumptions("2025-11", "SP-1")).doesNotContain("low_income not given");

        assertThat(lines("2025-11", "SP-2")).containsExactly(
                "FIXED|Customer charge|-|-|1|45.00",
                "ENERGY|Energy on-peak|-|on_peak|1525|179.95",
                "ENERGY|Energy off-peak|-|off_peak|5697.5|450.10",
                "DEMAND|Maximum demand|-|-|40|340.00",
                "DEMAND|On-peak demand|-|on_peak|30|187.50",
                "TAX|Sales tax 4 %|-|-|1202.55|48.10");
        assertThat(bill("2025-11", "SP-2")).isEqualTo("1202.55|48.10|1250.65|7222.500|0.000|40.000");
        assertThat(Files.readAllLines(tmp.resolve("home/output/2025-11/bill-lines.csv"))).contains(
                "bill_id,account_id,service_point_id,line_no,charge_type,description,season,tou_period,tier,determinant,"
                        + "determinant_unit,rate,factor,amount,currency,tariff_version")
                .anyMatch(l -> l.endsWith(",ACC-2,SP-2,4,DEMAND,Maximum demand,,,,40,kW,8.5,1,340.00,USD,"
                        + "COM-DEMAND@2025-01-01"));

        Long ratedOnStoredText = home.query(jdbc -> jdbc.queryForObject("""
                select count(*) from bill b join tariff t using (tariff_code)
                 where b.cycle = '2025-11' and b.tariff_sha256 = t.sha256""", Long.class));
        assertThat(ratedOnStoredText).isEqualTo(2);

        // COM-DEMAND is re-imported (a comment added) before December: each bill names the text it was rated on
        Path catalog = Files.createDirectories(tmp.resolve("catalog"));
        try (var files = Files.list(Path.of("config/tariffs"))) {
            for (Path file : files.toList()) {
                Files.copy(file, catalog.resolve(file.getFileName()));
            }
        }
        Files.writeString(catalog.resolve("com-demand.yaml"), "\n# re-imported for the December cycle\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(home.run("tariffs", "import", catalog.toString()).exitCode()).isZero();

        Path december = Files.createDirectories(tmp.resolve("reads-2025-12"));
        writeReads(december.resolve("reads.csv"), LocalDate.of(2025, 12, 1), LocalDate.of(2026, 1, 1), false, Map.of());
        MeterbillHome.Result second = home.run("cycle", "run", "--cycle", "2025-12", "--input", december.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(lines("2025-12", "SP-2")).containsExactly(
                "FIXED|Customer charge|-|-|1|45.00",
                "ENERGY|Energy on-peak|-|on_peak|1760|207.68",
                "ENERGY|Energy off-peak|-|off_peak|5680|448.72",
                "DEMAND|Maximum demand|-|-|32|272.00",
                "DEMAND|On-peak demand|-|on_peak|10|62.50",
                "TAX|Sales tax 4 %|-|-|1035.9|41.44");
        assertThat(bill("2025-12", "SP-2")).isEqualTo("1035.90|41.44|1077.34|7440.000|0.000|10.000");
        assertThat(assumptions("2025-12", "SP-2")).contains("measured demand 10 kW raised by the ratchet to 80 % of 40");
        List<String> revisions = home.query(jdbc -> jdbc.queryForList("""
                select b.cycle || ':' || (r.source_yaml like '%re-imported for the December cycle%')
                  from bill b join tariff_revision r on r.sha256 = b.tariff_sha256
                 where b.service_point_id = 'SP-2' order by b.cycle""", String.class));
        assertThat(revisions).containsExactly("2025-11:false", "2025-12:true");
        assertThat(Files.readAllLines(tmp.resolve("home/output/2025-12/bill-assumptions.csv")))
                .first().isEqualTo("bill_id,account_id,service_point_id,assumption_no,assumption,tariff_sha256");
        assertThat(Files.readString(tmp.resolve("home/output/2025-12/bill-assumptions.csv")))
                .contains(",ACC-2,SP-2,2,'Maximum demand': measured demand 10 kW raised by the ratchet to 80 % of 40");
    }

    private static void writeReads(Path file, LocalDate from, LocalDate to, boolean withSp1, Map<String, Long> bursts)
            throws IOException {
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("meter_serial,interval_start,interval_minutes,channel,value,unit\n");
            ZonedDateTime end = to.atStartOfDay(NEW_YORK);
            for (ZonedDateTime t = from.atStartOfDay(NEW_YORK); t.isBefore(end); t = t.plusMinutes(15)) {
                String at = iso.format(t.toOffsetDateTime());
                if (withSp1) {
                    out.write("M-1," + at + ",15,kwh_del,0.250,kWh\n");
                    // the export channel reports every interval, zero outside the sunny hours
                    out.write("M-1," + at + ",15,kwh_rec," + (t.getHour() >= 10 && t.getHour() < 14 ? "1.000" : "0.000")
                            + ",kWh\n");
                }
                long milli = bursts.getOrDefault(t.toLocalDateTime().toString(), 2_500L);
                out.write("M-2," + at + ",15,kwh_del," + milli / 1000 + "." + String.format("%03d", milli % 1000)
                        + ",kWh\n");
            }
        }
    }

    private List<String> lines(String cycle, String servicePoint) {
        return home.query(jdbc -> jdbc.query("""
                select l.charge_type, l.description, coalesce(l.season, '-'), coalesce(l.tou_period, '-'),
                       l.determinant, l.amount
                  from bill_line l join bill b using (bill_id)
                 where b.cycle = ? and b.service_point_id = ? order by l.line_no""",
                (rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + Decimals.plain(rs.getBigDecimal(5)) + "|" + rs.getBigDecimal(6).toPlainString(), cycle, servicePoint));
    }


    private String bill(String cycle, String servicePoint) {
        return home.query(jdbc -> jdbc.queryForObject("""
                select subtotal, tax, total, consumption_delivered, consumption_received, peak_demand from bill
                 where cycle = ? and service_point_id = ?""",
                (rs, n) -> rs.getBigDecimal(1) + "|" + rs.getBigDecimal(2) + "|" + rs.getBigDecimal(3) + "|"
                        + rs.getBigDecimal(4) + "|" + rs.getBigDecimal(5) + "|" + rs.getBigDecimal(6), cycle, servicePoint));
    }

    private String assumptions(String cycle, String servicePoint) {
        return home.query(jdbc -> jdbc.queryForObject("select assumptions from bill where cycle = ? and service_point_id = ?",
                String.class, cycle, servicePoint));
    }
}
