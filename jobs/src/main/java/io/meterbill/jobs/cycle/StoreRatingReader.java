package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.SeriesConsolidation;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.processors.RatingInput;
import io.meterbill.readers.store.IntervalStoreLayout;
import io.meterbill.readers.store.IntervalStoreReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a rating partition's service points with their intervals, a store bucket at a time: the
 * bucket's service points (from {@link CycleServicePoints}) and its catalogued files
 * are read once, the series grouped by service point, and each service point of the bucket handed out in
 * id order with its series (none: it is not billed for lack of reads) and what earlier bills pass on.
 * Memory holds one bucket, whatever the size of the cycle. Restartable: the number handed out is saved
 * at each commit and a restart skips that many (whole buckets without reading them).
 */
class StoreRatingReader implements ItemStreamReader<RatingInput> {

    private static final String RATED = "store-rating.handed-out";

    /**
     * The history earlier bills of the same service point and account pass on: the peak demand of each
     * of the 36 previous months, most recent first (0 for a month without a bill), and the net-metering
     * credit the last bill carried forward. A new occupant starts with no ratchet and no credit.
     */
    private static final String HISTORY = """
            select sp.service_point_id,
                   array(select coalesce(max(b.peak_demand), 0)
                           from generate_series(1, 36) as m(n)
                           left join bill b
                             on b.service_point_id = sp.service_point_id and b.account_id = sp.account_id
                            and b.cycle = to_char(cast(? as date) - make_interval(months => m.n), 'YYYY-MM')
                          group by m.n order by m.n) as peaks,
                   coalesce((select b.credit_carried_forward from bill b
                              where b.service_point_id = sp.service_point_id and b.account_id = sp.account_id
                                and b.cycle < ?
                              order by b.cycle desc limit 1), 0) as credit
              from service_point sp
             where sp.service_point_id = any(?)""";

    private record History(List<BigDecimal> peaks, BigDecimal credit) {
    }

    private final JdbcTemplate jdbc;
    private final String cycle;
    private final BillingCycle billingCycle;
    private final IntervalStoreLayout layout;
    private final IntervalStoreReader store;
    private final CycleStore catalog;
    private final CycleServicePoints servicePoints;
    private final int[] buckets;
    /** Service points per bucket of this partition, in bucket order: what a restart skips by. */
    private java.util.SortedMap<Integer, Integer> sizes;
    private final Deque<RatingInput> ready = new ArrayDeque<>();
    private Integer nextBucket;
    private long handedOut;

    /** @param buckets the partition's store buckets */
    StoreRatingReader(JdbcTemplate jdbc, CycleStore catalog, CycleServicePoints servicePoints, IntervalStoreLayout layout,
            IntervalStoreReader store, BillingCycle billingCycle, int[] buckets) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.servicePoints = servicePoints;
        this.cycle = billingCycle.id();
        this.billingCycle = billingCycle;
        this.layout = layout;
        this.store = store;
        this.buckets = buckets.clone();
    }

    @Override
    public void open(ExecutionContext context) {
        handedOut = context.containsKey(RATED) ? context.getLong(RATED) : 0;
        ready.clear();
        sizes = servicePoints.bucketSizes(cycle, buckets);
        nextBucket = sizes.isEmpty() ? null : sizes.firstKey();
        long skip = handedOut;
        while (nextBucket != null && skip >= sizes.get(nextBucket)) {
            skip -= sizes.get(nextBucket);
            nextBucket = following(nextBucket);
        }
        if (nextBucket != null && skip > 0) {
            load();
            for (long i = 0; i < skip; i++) {
                ready.poll();
            }
        }
    }

    @Override
    public RatingInput read() {
        while (ready.isEmpty() && nextBucket != null) {
            load();
        }
        RatingInput input = ready.poll();
        if (input != null) {
            handedOut++;
        }
        return input;
    }

    private void load() {
        int bucket = nextBucket;
        nextBucket = following(bucket);
        Map<ServicePointId, List<IntervalSeries>> series = new HashMap<>();
        try {
            for (String name : catalog.storeFiles(cycle, bucket)) {
                store.read(layout.file(cycle, bucket, name),
                        s -> series.computeIfAbsent(s.servicePoint(), k -> new ArrayList<>()).add(s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bucket " + bucket + " of cycle " + cycle + "'s interval store: "
                    + e.getMessage(), e);
        }
        List<ServicePoint> inBucket = servicePoints.inBucket(cycle, bucket);
        Map<String, History> history = history(inBucket);
        for (ServicePoint sp : inBucket) {
            List<IntervalSeries> own = series.getOrDefault(sp.id(), List.of());
            if (own.size() > 1) {
                own.sort(SeriesConsolidation.STORE_ORDER);
            }
            History h = history.get(sp.id().value());
            ready.add(new RatingInput(sp, billingCycle.windowIn(sp.timeZone()), own,
                    new RatingContext(sp.rateCriteria(), h.peaks(), h.credit(), List.of())));
        }
    }

    private Integer following(int bucket) {
        var later = sizes.tailMap(bucket + 1);
        return later.isEmpty() ? null : later.firstKey();
    }

    private Map<String, History> history(List<ServicePoint> servicePoints) {
        String[] ids = servicePoints.stream().map(sp -> sp.id().value()).toArray(String[]::new);
        Map<String, History> history = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement(HISTORY);
            ps.setDate(1, Date.valueOf(billingCycle.firstDay()));
            ps.setString(2, cycle);
            ps.setArray(3, con.createArrayOf("text", ids));
            return ps;
        }, rs -> {
            history.put(rs.getString(1), new History(List.of((BigDecimal[]) rs.getArray(2).getArray()),
                    rs.getBigDecimal(3)));
        });
        return history;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(RATED, handedOut);
    }

    @Override
    public void close() {
        ready.clear();
    }
}
