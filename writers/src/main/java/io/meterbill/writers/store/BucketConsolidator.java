package io.meterbill.writers.store;

import io.meterbill.domain.read.DayTotals;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesConsolidation;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.readers.store.IntervalStoreLayout;
import io.meterbill.readers.store.IntervalStoreReader;
import io.meterbill.writers.db.PostgresCopy;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Consolidates one bucket of a cycle's interval store after the import: reads every file the catalog
 * lists for the bucket, drops repeated values and refuses conflicting ones ({@link SeriesConsolidation}),
 * and, only if something was dropped or refused, replaces the bucket's files by one consolidated file
 * (catalog switched in the caller's transaction; the replaced files are deleted after it commits, and a
 * file left by a crash is never read because the catalog does not list it). Writes the bucket's daily
 * totals per service point and channel, its conflicts, and its counts. Run inside one transaction per
 * bucket; running it again for a bucket already done changes nothing.
 */
public class BucketConsolidator {

    private static final Logger log = LoggerFactory.getLogger(BucketConsolidator.class);

    /** The name of a bucket's file after consolidation rewrote it. */
    public static final String CONSOLIDATED = "consolidated";

    /** What consolidating a bucket found. */
    public record Summary(int bucket, long valuesIn, long valuesStored, long duplicatesDropped, long conflictingValues,
            boolean rewritten) {
    }

    private final JdbcTemplate jdbc;
    private final String cycle;
    private final IntervalStoreLayout layout;
    private final Configuration conf;
    private final Map<ServicePointId, ZoneId> zones;

    /** @param zones the time zone of every service point of the cycle (its days are local) */
    public BucketConsolidator(JdbcTemplate jdbc, String cycle, IntervalStoreLayout layout, Configuration conf,
            Map<ServicePointId, ZoneId> zones) {
        this.jdbc = jdbc;
        this.cycle = cycle;
        this.layout = layout;
        this.conf = conf;
        this.zones = Map.copyOf(zones);
    }

    public Summary consolidate(int bucket) throws IOException {
        List<Summary> done = jdbc.query("""
                select values_in, values_stored, duplicates_dropped, conflicting_values, rewritten from store_bucket
                 where cycle = ? and bucket = ?""", (rs, n) -> new Summary(bucket, rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getBoolean(5)), cycle, bucket);
        if (!done.isEmpty()) {
            return done.get(0);
        }
        List<String> names = jdbc.queryForList(
                "select file_name from store_file where cycle = ? and bucket = ? order by file_name", String.class,
                cycle, bucket);
        IntervalStoreReader reader = new IntervalStoreReader(layout, conf);
        Summary untouched = consolidateUntouched(reader, bucket, names);
        if (untouched != null) {
            return untouched;
        }
        List<IntervalSeries> series = new ArrayList<>();
        long valuesIn = 0;
        for (String name : names) {
            reader.read(layout.file(cycle, bucket, name), series::add);
        }
        for (IntervalSeries s : series) {
            valuesIn += s.values().size();
        }
        SeriesConsolidation.Result result = SeriesConsolidation.consolidate(series);
        series = null; // the bucket's values are held once, in the result
        long stored = 0;
        for (IntervalSeries s : result.kept()) {
            stored += s.values().size();
        }
        if (result.changed()) {
            replaceFiles(bucket, names, result.kept(), stored);
        }
        writeConflicts(result.conflicts());
        copyDailyUsage(dailyTotals(result.kept()));
        return recorded(new Summary(bucket, valuesIn, stored, result.duplicatesDropped(), result.conflictingValues(),
                result.changed()));
    }

    private Summary recorded(Summary summary) {
        jdbc.update("""
                insert into store_bucket (cycle, bucket, values_in, values_stored, duplicates_dropped, conflicting_values,
                                          rewritten) values (?, ?, ?, ?, ?, ?, ?)""", cycle, summary.bucket(),
                summary.valuesIn(), summary.valuesStored(), summary.duplicatesDropped(), summary.conflictingValues(),
                summary.rewritten());
        return summary;
    }

    /**
     * The common case, done without decoding a value: when no two series of the bucket's files overlap in
     * time (read from the outline columns), nothing can be a repeat or a conflict, the files stand as
     * they are, and the day totals are those the files carry in their footers. Null when some series
     * overlap or a file carries no totals: then every value is read and consolidated.
     */
    private Summary consolidateUntouched(IntervalStoreReader reader, int bucket, List<String> names) throws IOException {
        List<IntervalStoreReader.SeriesOutline> outlines = new ArrayList<>();
        Map<String, DayTotals> totals = new TreeMap<>();
        for (String name : names) {
            IntervalStoreReader.Outline outline = reader.readOutline(layout.file(cycle, bucket, name));
            if (outline.dailyTotals() == null) {
                return null;
            }
            outlines.addAll(outline.series());
            IntervalStoreLayout.addDailyTotals(outline.dailyTotals(), totals);
        }
        outlines.sort(Comparator.comparing((IntervalStoreReader.SeriesOutline o) -> o.servicePoint().value())
                .thenComparing(IntervalStoreReader.SeriesOutline::channel)
                .thenComparingLong(IntervalStoreReader.SeriesOutline::startMillis));
        long values = 0;
        for (int i = 0; i < outlines.size(); i++) {
            IntervalStoreReader.SeriesOutline o = outlines.get(i);
            values += o.valueCount();
            if (i > 0) {
                IntervalStoreReader.SeriesOutline previous = outlines.get(i - 1);
                if (previous.servicePoint().equals(o.servicePoint()) && previous.channel() == o.channel()
                        && previous.endMillis() > o.startMillis()) {
                    return null;
                }
            }
        }
        copyDailyUsage(totals);
        return recorded(new Summary(bucket, values, values, 0, 0, false));
    }

    private void replaceFiles(int bucket, List<String> names, List<IntervalSeries> kept, long stored) throws IOException {
        Path target = layout.file(cycle, bucket, CONSOLIDATED);
        long series;
        try (IntervalStoreFileWriter out = new IntervalStoreFileWriter(target, conf, zones::get)) {
            for (IntervalSeries s : kept) {
                out.write(s);
            }
            out.commit();
            series = out.seriesWritten();
        }
        jdbc.update("delete from store_file where cycle = ? and bucket = ?", cycle, bucket);
        jdbc.update("""
                insert into store_file (cycle, bucket, file_name, series, value_count, origin, source_file)
                values (?, ?, ?, ?, ?, 'consolidated', null)""", cycle, bucket, CONSOLIDATED, series, stored);
        List<Path> replaced = new ArrayList<>();
        for (String name : names) {
            if (!name.equals(CONSOLIDATED)) {
                replaced.add(layout.file(cycle, bucket, name));
            }
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    delete(replaced);
                }
            });
        }
    }

    private void delete(List<Path> files) {
        for (Path file : files) {
            try {
                FileSystem fs = file.getFileSystem(conf);
                fs.delete(file, false);
            } catch (IOException e) {
                log.warn("could not delete replaced store file {} (it is no longer catalogued and never read): {}",
                        file, e.getMessage());
            }
        }
    }

    private void writeConflicts(List<SeriesConsolidation.Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(conflicts.size());
        for (SeriesConsolidation.Conflict c : conflicts) {
            IntervalSeries s = c.series();
            rows.add(new Object[] {cycle, s.values().sourceFile(), c.sourcePosition(), s.meter() + " " + s.channel().code()
                    + " " + c.count() + " x " + s.values().intervalMinutes() + " min from " + c.intervalStart(),
                    ReadRejectionReason.CONFLICTING_READ.name(), c.detail(), Timestamp.from(c.intervalStart()),
                    (long) c.count(), 0L});
        }
        jdbc.batchUpdate(IntervalStoreBlockWriter.INSERT_EXCEPTION, rows);
    }

    /** Daily totals of consolidated series (grouped by service point and channel), keyed as in store footers. */
    private Map<String, DayTotals> dailyTotals(List<IntervalSeries> kept) {
        Map<String, DayTotals> totals = new TreeMap<>();
        for (IntervalSeries s : kept) {
            totals.computeIfAbsent(s.servicePoint().value() + '\t' + s.channel().code(), k -> new DayTotals())
                    .add(zoneOf(s.servicePoint()), s.values());
        }
        return totals;
    }

    private ZoneId zoneOf(ServicePointId servicePoint) {
        ZoneId zone = zones.get(servicePoint);
        if (zone == null) {
            throw new IllegalStateException("service point " + servicePoint + " has series in the store but is not in"
                    + " cycle " + cycle);
        }
        return zone;
    }

    /**
     * The bucket's daily totals, one row per service point and channel ({@code daily_usage_series}: the
     * days as arrays from the first; the view {@code daily_usage} shows a row per day), copied in bulk: the
     * bucket is consolidated in one transaction that also records it as done, so its days are never
     * written twice.
     */
    private void copyDailyUsage(Map<String, DayTotals> totals) {
        StringBuilder array = new StringBuilder(512);
        PostgresCopy.into(jdbc, "daily_usage_series",
                "cycle, service_point_id, channel, first_day, quantity_milli, intervals", copy -> {
                    for (Map.Entry<String, DayTotals> stream : totals.entrySet()) {
                        String key = stream.getKey();
                        int tab = key.indexOf('\t');
                        String servicePoint = key.substring(0, tab);
                        zoneOf(new ServicePointId(servicePoint)); // a service point outside the cycle is an error
                        DayTotals days = stream.getValue();
                        copy.column(cycle).column(servicePoint).column(key.substring(tab + 1))
                                .column(days.firstDay().toString());
                        array.setLength(0);
                        for (int i = 0; i < days.days(); i++) {
                            array.append(i == 0 ? '{' : ',').append(days.milliAt(i));
                        }
                        copy.column(array.append('}').toString());
                        array.setLength(0);
                        for (int i = 0; i < days.days(); i++) {
                            array.append(i == 0 ? '{' : ',').append(days.intervalsAt(i));
                        }
                        copy.column(array.append('}').toString()).endRow();
                    }
                });
    }
}
