package io.meterbill.jobs.cycle;

import io.meterbill.domain.bill.Money;
import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.ControlTotals;
import io.meterbill.domain.registry.AccountId;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.registry.Installation;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.readers.interval.InputManifest.InputFileEntry;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cycle's queries against the system of record: what a cycle holds (its outline), the registry as the
 * registry audit reads it, the input manifest, the store plan and catalog, and the control totals. The
 * service points of a cycle, a bucket at a time, are in {@link CycleServicePoints}; the output files' rows
 * in {@link CycleOutputs}.
 *
 * <p>A service point is in a cycle when a meter was installed on it at some time inside its billing
 * window (the calendar month in its own time zone).
 */
@Component
public class CycleStore {

    /**
     * The one definition of "in the cycle": SQL predicate on {@code sp} (a service_point) with the
     * given placeholders for the cycle's end day (exclusive) and first day.
     */
    static String inCycle(String endDay, String firstDay) {
        return """
                exists (select 1 from meter_installation mi
                         where mi.service_point_id = sp.service_point_id
                           and mi.installed_at < (cast(%s as date)::timestamp at time zone sp.time_zone)
                           and (mi.removed_at is null
                                or mi.removed_at > (cast(%s as date)::timestamp at time zone sp.time_zone)))"""
                .formatted(endDay, firstDay);
    }

    /** {@link #inCycle} with positional parameters, bound by {@link #inCycleArgs}. */
    private static final String IN_CYCLE = inCycle("?", "?");

    private final JdbcTemplate jdbc;

    public CycleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static Object[] inCycleArgs(BillingCycle cycle) {
        return new Object[] {Date.valueOf(cycle.endDay()), Date.valueOf(cycle.firstDay())};
    }

    /** How many service points a cycle has, and the distinct time zones and tariffs among them. */
    public record CycleOutline(long servicePoints, java.util.Set<ZoneId> timeZones, java.util.Set<TariffCode> tariffs) {
    }

    /** The cycle's outline, aggregated by the database (no list of service points is read). */
    public CycleOutline outline(BillingCycle cycle) {
        java.util.Set<ZoneId> zones = new java.util.TreeSet<>(java.util.Comparator.comparing(ZoneId::getId));
        java.util.Set<TariffCode> tariffs = new java.util.TreeSet<>(java.util.Comparator.comparing(TariffCode::value));
        long[] count = {0};
        jdbc.query("select sp.time_zone, sp.tariff_code, count(*) from service_point sp where " + IN_CYCLE
                + " group by 1, 2", rs -> {
                    zones.add(ZoneId.of(rs.getString(1)));
                    tariffs.add(new TariffCode(rs.getString(2)));
                    count[0] += rs.getLong(3);
                }, inCycleArgs(cycle));
        return new CycleOutline(count[0], zones, tariffs);
    }

    /** Every installation of the registry (for the registry audit, a command of its own, not a cycle step). */
    public List<Installation> installations() {
        return jdbc.query("select meter_serial, service_point_id, installed_at, removed_at from meter_installation",
                (rs, n) -> {
                    Timestamp removed = rs.getTimestamp(4);
                    return new Installation(new MeterSerial(rs.getString(1)), new ServicePointId(rs.getString(2)),
                            rs.getTimestamp(3).toInstant(), removed == null ? null : removed.toInstant());
                });
    }

    public List<io.meterbill.domain.registry.Meter> meters() {
        return jdbc.query("select meter_serial, commodity, model, retired_at from meter", (rs, n) -> {
            Timestamp retired = rs.getTimestamp(4);
            return new io.meterbill.domain.registry.Meter(new MeterSerial(rs.getString(1)),
                    Commodity.valueOf(rs.getString(2)), rs.getString(3), retired == null ? null : retired.toInstant());
        });
    }

    /** Every service point of the registry, in id order. */
    public List<ServicePoint> servicePoints() {
        return jdbc.query("select * from service_point order by service_point_id", (rs, n) -> servicePoint(rs));
    }

    static ServicePoint servicePoint(ResultSet rs) throws SQLException {
        return new ServicePoint(new ServicePointId(rs.getString("service_point_id")),
                new AccountId(rs.getString("account_id")), rs.getString("service_address"),
                ZoneId.of(rs.getString("time_zone")), Commodity.valueOf(rs.getString("commodity")),
                new TariffCode(rs.getString("tariff_code")), criteria(rs));
    }

    private static java.util.Map<String, String> criteria(ResultSet rs) throws SQLException {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            if (rs.getMetaData().getColumnLabel(i).equalsIgnoreCase("rate_criteria")) {
                return ServicePoint.parseRateCriteria(rs.getString(i));
            }
        }
        return java.util.Map.of();
    }

    // ---- input manifest

    public boolean hasManifest(String cycle) {
        Integer n = jdbc.queryForObject("select count(*) from cycle_input_file where cycle = ?", Integer.class, cycle);
        return n != null && n > 0;
    }

    public void saveManifest(String cycle, List<InputFileEntry> entries) {
        int fileNo = 0;
        for (InputFileEntry e : entries) {
            fileNo++;
            jdbc.update("""
                    insert into cycle_input_file (cycle, source_file, path, size_bytes, sha256, data_rows, refusal,
                                                  file_no, format, compressed, value_count)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", cycle, e.source(), e.path().toAbsolutePath().toString(),
                    e.sizeBytes(), e.sha256(), e.dataRows(), e.refusal(), fileNo,
                    e.format() == null ? null : e.format().name(), e.gzipped(), e.valueCount());
        }
    }

    /** A listed input file with the number its store files are named by. */
    public record ListedFile(int fileNo, InputFileEntry entry) {
    }

    public List<ListedFile> manifest(String cycle) {
        return jdbc.query("""
                select path, source_file, size_bytes, sha256, data_rows, refusal, format, compressed, value_count,
                       file_no
                  from cycle_input_file where cycle = ? order by file_no, source_file""",
                (rs, n) -> new ListedFile(rs.getInt(10), new InputFileEntry(java.nio.file.Path.of(rs.getString(1)),
                        rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getString(7) == null ? null : io.meterbill.readers.interval.InputFormat.valueOf(rs.getString(7)),
                        rs.getBoolean(8), rs.getLong(9))), cycle);
    }

    /**
     * An input file of a cycle and how far its import has got: rows as the manifest listed them, and the
     * rows and values of the import's committed blocks (zero before its first block commits).
     */
    public record FileProgress(int fileNo, String source, String format, long rowsListed, String refusal,
            long blocks, long rowsRead, long rowsRejected, long valuesRead, long valuesStored, long valuesRejected) {
    }

    public List<FileProgress> fileProgress(String cycle) {
        return jdbc.query("""
                select f.file_no, f.source_file, f.format, f.data_rows, f.refusal, count(b.block_no),
                       coalesce(sum(b.rows_read), 0), coalesce(sum(b.rows_rejected), 0), coalesce(sum(b.values_read), 0),
                       coalesce(sum(b.values_stored), 0), coalesce(sum(b.values_rejected), 0)
                  from cycle_input_file f
                  left join import_block b on b.cycle = f.cycle and b.source_file = f.source_file
                 where f.cycle = ?
                 group by f.file_no, f.source_file, f.format, f.data_rows, f.refusal
                 order by f.file_no nulls last, f.source_file""",
                (rs, n) -> new FileProgress(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)),
                cycle);
    }

    // ---- the cycle's interval store

    /**
     * Where a cycle's intervals are stored and how its service points are bucketed; the zone of wide
     * inputs' local dates and times, and the CSV layouts its inputs are read with.
     */
    public record StorePlan(java.net.URI uri, int buckets, ZoneId inputZone, long blockValues,
            io.meterbill.readers.interval.CsvLayouts csv) {
        public io.meterbill.readers.store.IntervalStoreLayout layout() {
            return new io.meterbill.readers.store.IntervalStoreLayout(uri, buckets);
        }
    }

    public void saveStorePlan(String cycle, StorePlan plan) {
        jdbc.update("""
                insert into cycle_store (cycle, store_uri, buckets, time_zone, block_values, csv_wide_layout,
                                         csv_long_layout)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (cycle) do nothing""", cycle, plan.uri().toString(), plan.buckets(),
                plan.inputZone() == null ? null : plan.inputZone().getId(), plan.blockValues(),
                plan.csv().wideCsv() == null ? null : settingsText(plan.csv().wideCsv().settings()),
                plan.csv().longCsv() == null ? null : settingsText(plan.csv().longCsv().settings()));
    }

    private static String settingsText(java.util.Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static java.util.Map<String, String> settingsOf(String text) {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return settings;
    }

    public StorePlan storePlan(String cycle) {
        List<StorePlan> plans = jdbc.query(
                """
                select store_uri, buckets, time_zone, block_values, csv_wide_layout, csv_long_layout
                  from cycle_store where cycle = ?""",
                (rs, n) -> {
                    ZoneId zone = rs.getString(3) == null ? null : ZoneId.of(rs.getString(3));
                    ZoneId placeholder = ZoneId.of("UTC"); // each file is read in the plan's zone
                    var wide = rs.getString(5) == null ? null : io.meterbill.readers.interval.IntervalCsvWideFormat.Layout
                            .fromSettings(settingsOf(rs.getString(5)), placeholder);
                    var lng = rs.getString(6) == null ? null : io.meterbill.readers.interval.IntervalCsvLongFormat.Layout
                            .fromSettings(settingsOf(rs.getString(6)), placeholder);
                    return new StorePlan(java.net.URI.create(rs.getString(1)), rs.getInt(2), zone, rs.getLong(4),
                            new io.meterbill.readers.interval.CsvLayouts(lng, wide));
                }, cycle);
        if (plans.isEmpty()) {
            throw new IllegalStateException("cycle " + cycle + " has no interval store planned (its inputs were never listed)");
        }
        return plans.get(0);
    }

    /** The complete files the store's catalog lists for a bucket, in name order. */
    public List<String> storeFiles(String cycle, int bucket) {
        return jdbc.queryForList("select file_name from store_file where cycle = ? and bucket = ? order by file_name",
                String.class, cycle, bucket);
    }

    /** The single time zone of all service points, if they share one (the default for wide inputs' local dates). */
    public java.util.Optional<ZoneId> sharedTimeZone() {
        List<String> zones = jdbc.queryForList("select distinct time_zone from service_point", String.class);
        return zones.size() == 1 ? java.util.Optional.of(ZoneId.of(zones.get(0))) : java.util.Optional.empty();
    }

    public ControlTotals controlTotals(BillingCycle cycle, Currency currency) {
        String id = cycle.id();
        long inputRows = jdbc.queryForObject(
                "select coalesce(sum(data_rows), 0) from cycle_input_file where cycle = ? and refusal is null",
                Long.class, id);
        long[] blocks = jdbc.queryForObject("""
                select coalesce(sum(rows_read), 0), coalesce(sum(rows_rejected), 0), coalesce(sum(values_read), 0),
                       coalesce(sum(values_stored), 0), coalesce(sum(values_rejected), 0), coalesce(sum(blank_intervals), 0),
                       coalesce(sum(values_estimated), 0), coalesce(sum(values_edited), 0)
                  from import_block where cycle = ?""", (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)}, id);
        long[] buckets = jdbc.queryForObject("""
                select coalesce(sum(values_in), 0), coalesce(sum(values_stored), 0), coalesce(sum(duplicates_dropped), 0),
                       coalesce(sum(conflicting_values), 0)
                  from store_bucket where cycle = ?""", (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4)}, id);
        long catalogued = jdbc.queryForObject("select coalesce(sum(value_count), 0) from store_file where cycle = ?",
                Long.class, id);
        Map<String, Long> rowsRejected = new LinkedHashMap<>();
        Map<String, Long> valuesRejected = new LinkedHashMap<>();
        jdbc.query("""
                select reason, value_count is null, sum(coalesce(value_count, rows_covered)) from read_exception
                 where cycle = ? group by 1, 2 order by 1""", rs -> {
                    (rs.getBoolean(2) ? rowsRejected : valuesRejected).put(rs.getString(1), rs.getLong(3));
                }, id);
        long inCycle = jdbc.queryForObject("select count(*) from service_point sp where " + IN_CYCLE, Long.class,
                inCycleArgs(cycle));
        long billed = jdbc.queryForObject("select count(*) from bill where cycle = ?", Long.class, id);
        Map<String, Long> notBilled = new LinkedHashMap<>();
        jdbc.query("""
                select reason, count(*) from unbilled_service_point where cycle = ? group by reason order by reason""",
                rs -> {
                    notBilled.put(rs.getString(1), rs.getLong(2));
                }, id);
        BigDecimal billTotal = jdbc.queryForObject("select coalesce(sum(total), 0) from bill where cycle = ?",
                BigDecimal.class, id);
        BigDecimal lineTotal = jdbc.queryForObject("""
                select coalesce(sum(l.amount), 0) from bill_line l join bill b on b.bill_id = l.bill_id
                where b.cycle = ?""", BigDecimal.class, id);
        ControlTotals.Reads reads = new ControlTotals.Reads(inputRows, blocks[0], blocks[1], rowsRejected, blocks[2],
                buckets[1], catalogued, blocks[3], buckets[0], blocks[4] + buckets[3], valuesRejected, buckets[2],
                blocks[5], notActual(blocks[6], blocks[7]));
        return new ControlTotals(reads, inCycle, billed, notBilled, new Money(billTotal, currency),
                new Money(lineTotal, currency));
    }

    private static Map<String, Long> notActual(long estimated, long edited) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (estimated > 0) {
            counts.put("ESTIMATED", estimated);
        }
        if (edited > 0) {
            counts.put("EDITED", edited);
        }
        return counts;
    }

    /** Refused input files, with their reasons, for the summary. */
    public Map<String, String> refusedFiles(String cycle) {
        Map<String, String> refused = new LinkedHashMap<>();
        jdbc.query("select source_file, refusal, data_rows from cycle_input_file where cycle = ? and refusal is not null"
                + " order by source_file", rs -> {
                    refused.put(rs.getString(1), rs.getString(2) + " (" + rs.getLong(3) + " rows not read)");
                }, cycle);
        return refused;
    }
}
