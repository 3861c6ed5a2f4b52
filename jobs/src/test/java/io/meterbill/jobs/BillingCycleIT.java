package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full cycle on the bundled sample data through the real CLI, Spring Batch job and embedded
 * PostgreSQL. The expected figures come from the sample's README and expected-kwh.csv (written by
 * the generator from the rows it made valid) and from hand-worked bills.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingCycleIT {

    @TempDir
    static Path tmp;

    static MeterbillHome home;

    @BeforeAll
    static void runTheSampleCycle() {
        home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
    }

    @Test
    @Order(1)
    void billsEveryReconcilableServicePointAndBalances() throws Exception {
        MeterbillHome.Result run = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads",
                "--partitions", "3");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.COMPLETED);
        assertThat(run.out()).contains("Control totals balance", "Cycle 2025-11 COMPLETED");
        // 3 files of 15-minute reads, 141,427 rows: 6 malformed rows rejected whole; of the 141,421 values
        // read, 49 service points x 2884 quarter hours stored (November 2025 in New York has a 25-hour day),
        // 96 of an unknown meter and 8 from before a meter's installation rejected, 1 repeat dropped.
        assertThat(run.out()).containsPattern("Input rows \\(listed files\\)\\s+141427")
                .containsPattern("rows read\\s+141421")
                .containsPattern("rows rejected whole\\s+6")
                .containsPattern("Interval values read\\s+141421")
                .containsPattern("values stored\\s+141316")
                .containsPattern("duplicates dropped \\(same value\\)\\s+1")
                .containsPattern("values rejected\\s+104")
                .containsPattern("UNKNOWN_METER\\s+96")
                .containsPattern("NO_INSTALLATION_AT_READ_TIME\\s+8")
                .containsPattern("Service points in cycle\\s+50")
                .containsPattern("billed\\s+49")
                .containsPattern("NO_READS\\s+1");

        // what the Parquet store holds, per service point (each interval once), and the daily totals
        Map<String, Long> storedPerServicePoint = home.storedSeries("2025-11").stream().collect(Collectors.groupingBy(
                s -> s.servicePoint().value(), Collectors.summingLong(s -> (long) s.values().size())));
        Map<String, Long> dailyIntervals = home.query(jdbc -> jdbc.query(
                "select service_point_id, sum(intervals) from daily_usage where cycle = '2025-11' group by 1",
                rs -> {
                    Map<String, Long> m = new java.util.HashMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getLong(2));
                    }
                    return m;
                }));
        assertThat(dailyIntervals).isEqualTo(storedPerServicePoint);
        assertThat(home.storeFingerprint("2025-11")).hasSize(49);
        Map<String, BigDecimal> kwhBilled = home.query(jdbc -> jdbc.query("""
                select b.service_point_id, sum(l.determinant) from bill b join bill_line l on l.bill_id = b.bill_id
                where b.cycle = '2025-11' and l.charge_type = 'ENERGY' group by 1
                having sum(l.determinant) = min(b.consumption_delivered)""", rs -> {
                    Map<String, BigDecimal> m = new java.util.HashMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                    return m;
                }));
        // every kWh is in exactly one energy line (one line on the flat tariffs, one per TOU period on RES-TOU
        // and COM-DEMAND), and the lines add up to the bill's consumption
        List<String> expected = Files.readAllLines(Path.of("sample-data/expected-kwh.csv"));
        for (String line : expected.subList(1, expected.size())) {
            String[] f = line.split(",");
            long reads = Long.parseLong(f[2]);
            if (reads == 0) {
                assertThat(kwhBilled).as(f[0]).doesNotContainKey(f[0]);
            } else {
                assertThat(storedPerServicePoint.get(f[0])).as(f[0]).isEqualTo(reads);
                assertThat(kwhBilled.get(f[0])).as(f[0]).isEqualByComparingTo(f[1]);
            }
        }
    }

    /**
     * SP-0001 on RES-FLAT (version effective 2025-07-01): 636.246 kWh x $0.1432 = $91.1104272 ->
     * $91.11; + $12.50 customer charge = $103.61; 4 % sales tax = $4.1444 -> $4.14; total $107.75.
     * SP-0017 had its meter exchanged on 14 November: both meters' reads make one bill.
     */
    @Test
    @Order(2)
    void billsAreRightToTheCentAndExplainThemselves() {
        List<Map<String, Object>> lines = home.query(jdbc -> jdbc.queryForList("""
                select l.line_no, l.charge_type, l.determinant, l.rate, l.amount, l.tariff_version, b.total
                from bill b join bill_line l on l.bill_id = b.bill_id
                where b.cycle = '2025-11' and b.service_point_id = 'SP-0001' order by l.line_no"""));
        assertThat(lines).extracting(l -> l.get("charge_type")).containsExactly("FIXED", "ENERGY", "TAX");
        assertThat(lines).extracting(l -> ((BigDecimal) l.get("amount")).toPlainString())
                .containsExactly("12.50", "91.11", "4.14");
        assertThat((BigDecimal) lines.get(0).get("total")).isEqualByComparingTo("107.75");
        assertThat(lines).extracting(l -> l.get("tariff_version")).containsOnly("RES-FLAT@2025-07-01");

        assertThat(home.storedSeries("2025-11").stream().filter(s -> s.servicePoint().value().equals("SP-0017"))
                .map(s -> s.meter().value()).distinct()).hasSize(2);
        // SP-0001's daily totals add up to what it was billed for (636.246 kWh)
        Long sp1 = home.query(jdbc -> jdbc.queryForObject("""
                select sum(quantity_milli) from daily_usage where cycle = '2025-11' and service_point_id = 'SP-0001'
                   and channel = 'kwh_del'""", Long.class));
        assertThat(sp1).isEqualTo(636_246L);
    }

    @Test
    @Order(3)
    void everyRejectedRowIsRecordedWithFileLineAndReason() throws Exception {
        // values (a run of an unknown meter's values is one exception) or rows rejected whole, by reason
        Map<String, Long> byReason = home.query(jdbc -> jdbc.query("""
                select reason, sum(coalesce(value_count, rows_covered)) from read_exception where cycle = '2025-11'
                group by 1""", rs -> {
                    Map<String, Long> m = new java.util.TreeMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getLong(2));
                    }
                    return m;
                }));
        assertThat(byReason).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("BAD_TIMESTAMP", 2L,
                "BAD_VALUE", 2L, "MALFORMED_ROW", 1L, "NO_INSTALLATION_AT_READ_TIME", 8L, "UNKNOWN_METER", 96L,
                "UNKNOWN_UNIT", 1L)));
        List<String> lines = Files.readAllLines(
                home.path().resolve("output/2025-11/read-exceptions.csv"));
        assertThat(lines.get(0)).isEqualTo("source_file,source_line,reason,detail,interval_start,value_count,rows,raw_row,"
                + "raw_length,raw_sha256,raw_whole");
        assertThat(lines).hasSize(1 + 8);
        String unknownMeter = "M-99999999 kwh_del 96 x 15 min from 2025-11-05T05:00:00Z";
        assertThat(lines).contains("reads-2025-11-01_10.csv,47240,UNKNOWN_METER,meter M-99999999 is not in the registry"
                + " (96 of the 96 values),2025-11-05T05:00:00Z,96,0," + unknownMeter + ",,,true");
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .startsWith("reads-2025-11-21_30.csv,35522,BAD_TIMESTAMP,")
                .contains("2025-11-31T10:00:00-05:00"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(",UNKNOWN_UNIT,").contains("BTU"));
    }

    @Test
    @Order(4)
    void theRegisterListsEveryBillOnce() throws Exception {
        List<String> register = Files.readAllLines(home.path().resolve("output/2025-11/bill-register.csv"));
        assertThat(register.get(0)).startsWith("bill_id,cycle,account_id,service_point_id");
        assertThat(register).hasSize(1 + 49);
        assertThat(register).anySatisfy(l -> assertThat(l)
                .endsWith(",ACC-0001,SP-0001,RES-FLAT,2025-11-01,2025-11-30,636.246,USD,103.61,4.14,107.75"));
        // kWh always with three decimals (8034.920, not 8034.92)
        assertThat(register).anySatisfy(l -> assertThat(l).contains(",SP-0023,COM-FLAT,").contains(",8034.920,USD,"));
        List<String> notBilled = Files.readAllLines(home.path().resolve("output/2025-11/not-billed.csv"));
        assertThat(notBilled).containsExactly("service_point_id,account_id,reason,detail",
                notBilled.get(1)).hasSize(2);
        assertThat(notBilled.get(1)).startsWith("SP-0042,ACC-0042,NO_READS,no reads between ");
        BigDecimal registerTotal = register.stream().skip(1).map(l -> new BigDecimal(l.substring(l.lastIndexOf(',') + 1)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal dbTotal = home.query(jdbc -> jdbc.queryForObject(
                "select sum(total) from bill where cycle = '2025-11'", BigDecimal.class));
        assertThat(registerTotal).isEqualByComparingTo(dbTotal);
    }

    @Test
    @Order(5)
    void runningACompletedCycleAgainExits4AndChangesNothing() {
        String before = billFingerprint();
        MeterbillHome.Result again = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads");
        assertThat(again.exitCode()).isEqualTo(ExitCode.NOTHING_TO_DO);
        assertThat(again.err().strip()).isEqualTo("meterbill: cycle 2025-11 already completed (execution 1); nothing to do");
        MeterbillHome.Result restart = home.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(restart.exitCode()).isEqualTo(ExitCode.NOTHING_TO_DO);
        assertThat(billFingerprint()).isEqualTo(before);
        Long executions = home.query(jdbc -> jdbc.queryForObject("select count(*) from batch_job_execution", Long.class));
        assertThat(executions).isEqualTo(1);
    }

    @Test
    @Order(6)
    void statusShowsPerStepCounts() {
        MeterbillHome.Result status = home.run("cycle", "status", "--cycle", "2025-11");
        assertThat(status.exitCode()).isZero();
        // import: one block per file (each file is well under a block's million values); consolidation writes
        // what is stored; rating hands out the 50 service points of the cycle
        assertThat(status.out()).containsPattern("importReads\\s+COMPLETED\\s+3\\s+3\\s+0")
                .containsPattern("importFile:file_3\\s+COMPLETED")
                .containsPattern("consolidateStore\\s+COMPLETED\\s+0\\s+141316")
                .containsPattern("rateServicePoints\\s+COMPLETED\\s+50\\s+50")
                .contains("rateServicePointsPartition:partition_2");
    }

    private String billFingerprint() {
        return home.query(jdbc -> jdbc.queryForObject("""
                select count(*) || '/' || sum(total) || '/' || max(bill_id) || '/' || (select count(*) from bill_line)
                       || '/' || (select count(*) from read_exception) || '/' || (select count(*) from store_file)
                       || '/' || (select sum(value_count) from store_file)
                from bill""", String.class));
    }
}
