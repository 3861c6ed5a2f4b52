package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.read.SeriesReconciler;
import io.meterbill.domain.registry.Installation;
import io.meterbill.domain.registry.InstallationHistory;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneId;
import io.meterbill.writers.db.PostgresCopy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service points of a cycle with the interval-store bucket of each ({@code cycle_service_point}),
 * recorded once per cycle, and the registry facts the cycle's steps need, read a bucket or an import
 * block at a time: the service points of a bucket (rating), their time zones (consolidation), and the
 * installations of a block's meters (import). No step holds the cycle's whole list, so memory does not
 * grow with the number of service points.
 */
@Component
public class CycleServicePoints {

    private static final Logger log = LoggerFactory.getLogger(CycleServicePoints.class);

    /** Service points read and recorded per round trip when the cycle's list is recorded. */
    static final int PAGE = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public CycleServicePoints(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Records the cycle's service points with their buckets unless that is done: once per cycle, in one
     * transaction (all or none), a page of ids at a time in keyset order. A service point is in the cycle
     * when a meter was installed on it during its billing window ({@link CycleStore#inCycle}).
     */
    public void ensureRecorded(String cycle, IntervalStoreLayout layout) {
        if (recorded(cycle)) {
            return;
        }
        BillingCycle billing = BillingCycle.parse(cycle);
        long[] count = {0};
        tx.executeWithoutResult(status -> {
            if (recorded(cycle)) {
                return; // another partitioner of the same run got here first
            }
            String after = "";
            while (true) {
                List<String> page = jdbc.queryForList("select sp.service_point_id from service_point sp where "
                        + CycleStore.inCycle("?", "?") + " and sp.service_point_id collate \"C\" > ?"
                        + " order by sp.service_point_id collate \"C\" limit " + PAGE, String.class,
                        Date.valueOf(billing.endDay()), Date.valueOf(billing.firstDay()), after);
                if (page.isEmpty()) {
                    break;
                }
                // COPY on the transaction's connection: the cycle has no row yet (checked in this transaction, and
                // only the process holding the cycle's run lock records it)
                PostgresCopy.into(jdbc, "cycle_service_point", "cycle, service_point_id, bucket", copy -> {
                    for (String id : page) {
                        copy.column(cycle).column(id).column(layout.bucketOf(new ServicePointId(id))).endRow();
                    }
                });
                count[0] += page.size();
                after = page.get(page.size() - 1);
            }
        });
        log.info("cycle {}: {} service point(s) recorded in {} bucket(s)", cycle, count[0], layout.buckets());
    }

    private boolean recorded(String cycle) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from cycle_service_point where cycle = ?)", Boolean.class, cycle));
    }

    /** The service points of a bucket with their registry data, in id order. */
    public List<ServicePoint> inBucket(String cycle, int bucket) {
        return jdbc.query("select sp.* from cycle_service_point c join service_point sp using (service_point_id)"
                + " where c.cycle = ? and c.bucket = ? order by sp.service_point_id collate \"C\"",
                (rs, n) -> CycleStore.servicePoint(rs), cycle, bucket);
    }

    /** The time zone of each service point of a bucket: the zone its days (daily totals) are local to. */
    public Map<ServicePointId, ZoneId> zonesInBucket(String cycle, int bucket) {
        Map<ServicePointId, ZoneId> zones = new HashMap<>();
        Map<String, ZoneId> distinct = new HashMap<>();
        jdbc.query("select c.service_point_id, sp.time_zone from cycle_service_point c"
                + " join service_point sp using (service_point_id) where c.cycle = ? and c.bucket = ?", rs -> {
                    zones.put(new ServicePointId(rs.getString(1)), distinct.computeIfAbsent(rs.getString(2), ZoneId::of));
                }, cycle, bucket);
        return zones;
    }

    /** How many service points each of {@code buckets} holds, in bucket order (a bucket without any is left out). */
    public SortedMap<Integer, Integer> bucketSizes(String cycle, int[] buckets) {
        SortedMap<Integer, Integer> sizes = new TreeMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select bucket, count(*) from cycle_service_point"
                    + " where cycle = ? and bucket = any(?) group by bucket");
            ps.setString(1, cycle);
            ps.setArray(2, con.createArrayOf("integer", Arrays.stream(buckets).boxed().toArray()));
            return ps;
        }, rs -> {
            sizes.put(rs.getInt(1), rs.getInt(2));
        });
        return sizes;
    }

    /**
     * Attributes the series of an import block's meters: the registry's part that concerns them (whether
     * each is known, its installations, and the billing window of every service point of the cycle they
     * were installed on), read for this block only. A meter's attribution depends on its own installations
     * alone, so this reconciles exactly as a reconciler over the whole registry would.
     */
    public SeriesReconciler reconcilerFor(String cycle, Collection<MeterSerial> meters) {
        String[] serials = meters.stream().map(MeterSerial::value).toArray(String[]::new);
        Set<MeterSerial> known = new HashSet<>();
        List<Installation> installations = new ArrayList<>();
        // one round trip: each known meter, with its installations (none: a row of nulls)
        jdbc.query(con -> {
            var ps = con.prepareStatement("select m.meter_serial, i.service_point_id, i.installed_at, i.removed_at"
                    + " from meter m left join meter_installation i on i.meter_serial = m.meter_serial"
                    + " where m.meter_serial = any(?)");
            ps.setArray(1, con.createArrayOf("text", serials));
            return ps;
        }, rs -> {
            MeterSerial meter = new MeterSerial(rs.getString(1));
            known.add(meter);
            if (rs.getString(2) != null) {
                Timestamp removed = rs.getTimestamp(4);
                installations.add(new Installation(meter, new ServicePointId(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), removed == null ? null : removed.toInstant()));
            }
        });
        String[] servicePoints = installations.stream().map(i -> i.servicePoint().value()).distinct()
                .toArray(String[]::new);
        BillingCycle billing = BillingCycle.parse(cycle);
        Map<ServicePointId, BillingWindow> windows = new HashMap<>();
        Map<String, BillingWindow> byZone = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("select c.service_point_id, sp.time_zone from cycle_service_point c"
                    + " join service_point sp using (service_point_id)"
                    + " where c.cycle = ? and c.service_point_id = any(?)");
            ps.setString(1, cycle);
            ps.setArray(2, con.createArrayOf("text", servicePoints));
            return ps;
        }, rs -> {
            windows.put(new ServicePointId(rs.getString(1)),
                    byZone.computeIfAbsent(rs.getString(2), zone -> billing.windowIn(ZoneId.of(zone))));
        });
        return new SeriesReconciler(new InstallationHistory(known, installations), windows);
    }
}
