package io.meterbill.jobs.cycle;

import io.meterbill.domain.bill.CycleRating;
import io.meterbill.domain.bill.RatingOutcome;
import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.bill.MeteredInterval;
import io.meterbill.domain.read.Channel;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.jobs.tariff.TariffCatalog;
import io.meterbill.processors.RateServicePointProcessor;
import io.meterbill.processors.RatingInput;
import io.meterbill.writers.BillJdbcWriter;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 3: rates every service point of the cycle, partitioned by service-point id range and run on
 * one thread per partition. Each partition reads its service points with their interval reads and
 * bill history, rates them through the domain engine, and writes bills or not-billed records.
 */
@Configuration(proxyBeanMethods = false)
public class RateServicePointsStepConfig {

    /**
     * Service points of one partition's range that are in the cycle, each with its stored reads (as
     * parallel arrays) and what the customer's earlier bills at this service point pass on: the peak
     * demand of each of the 36 previous months, most recent first (0 for a month without a bill), and
     * the net-metering credit the last bill carried forward. History is keyed by service point and
     * account, so a new occupant starts with no ratchet and no credit.
     */
    private static final String FROM = """
            service_point sp
            cross join lateral (
                select coalesce(array_agg(r.channel), '{}') as channels,
                       coalesce(array_agg(extract(epoch from r.interval_start)::bigint), '{}') as starts,
                       coalesce(array_agg(r.interval_minutes::int), '{}') as minutes,
                       coalesce(array_agg(r.quantity_milli), '{}') as quantities
                  from interval_read r
                 where r.cycle = :cycle and r.service_point_id = sp.service_point_id) d
            cross join lateral (
                select array(select coalesce(max(b.peak_demand), 0)
                               from generate_series(1, 36) as m(n)
                               left join bill b
                                 on b.service_point_id = sp.service_point_id and b.account_id = sp.account_id
                                and b.cycle = to_char(cast(:cycleStart as date) - make_interval(months => m.n), 'YYYY-MM')
                              group by m.n order by m.n) as peaks,
                       coalesce((select b.credit_carried_forward from bill b
                                  where b.service_point_id = sp.service_point_id and b.account_id = sp.account_id
                                    and b.cycle < :cycle
                                  order by b.cycle desc limit 1), 0) as credit) h""";

    private static final String WHERE = "sp.service_point_id between :first and :last and "
            + CycleStore.inCycle(":cycleEnd", ":cycleStart");

    @Bean
    @StepScope
    public ServicePointRangePartitioner servicePointRangePartitioner(CycleStore store, JdbcTemplate jdbc,
            @Value("#{jobParameters['cycle']}") String cycle,
            @Value("#{jobParameters['partitions']}") Long partitions) {
        return new ServicePointRangePartitioner(jdbc, cycle, store.servicePointIdsInCycle(BillingCycle.parse(cycle)),
                partitions.intValue());
    }

    @Bean
    @StepScope
    public JdbcPagingItemReader<RatingInput> ratingInputReader(DataSource dataSource, JdbcTemplate jdbc,
            @Value("#{jobParameters['cycle']}") String cycle,
            @Value("#{stepExecution.stepName}") String stepName,
            @Value("${meterbill.rating.chunk-size:100}") int pageSize) throws Exception {
        BillingCycle billingCycle = BillingCycle.parse(cycle);
        // the range comes from the stored plan, not the step context, which a crash can leave empty
        ServicePointRangePartitioner.Range range = ServicePointRangePartitioner.rangeOf(jdbc, cycle, stepName);
        String first = range.first();
        String last = range.last();
        return new JdbcPagingItemReaderBuilder<RatingInput>()
                .name("ratingInputReader")
                .dataSource(dataSource)
                .selectClause("sp.service_point_id, sp.account_id, sp.service_address, sp.time_zone, sp.commodity,"
                        + " sp.tariff_code, sp.rate_criteria, d.channels, d.starts, d.minutes, d.quantities, h.peaks, h.credit")
                .fromClause(FROM)
                .whereClause(WHERE)
                .sortKeys(Map.of("service_point_id", Order.ASCENDING))
                .parameterValues(Map.of("cycle", cycle, "first", first, "last", last,
                        "cycleStart", Date.valueOf(billingCycle.firstDay()),
                        "cycleEnd", Date.valueOf(billingCycle.endDay())))
                .pageSize(pageSize)
                .rowMapper((rs, n) -> {
                    ServicePoint sp = CycleStore.servicePoint(rs);
                    return new RatingInput(sp, billingCycle.windowIn(sp.timeZone()), reads(rs),
                            new RatingContext(sp.rateCriteria(), List.of((BigDecimal[]) rs.getArray("peaks").getArray()),
                                    rs.getBigDecimal("credit"), List.of()));
                })
                .build();
    }

    private static List<MeteredInterval> reads(ResultSet rs) throws SQLException {
        String[] channels = (String[]) rs.getArray("channels").getArray();
        Long[] starts = (Long[]) rs.getArray("starts").getArray();
        Integer[] minutes = (Integer[]) rs.getArray("minutes").getArray();
        Long[] quantities = (Long[]) rs.getArray("quantities").getArray();
        List<MeteredInterval> reads = new ArrayList<>(channels.length);
        String lastCode = null;
        Channel channel = null;
        for (int i = 0; i < channels.length; i++) {
            if (!channels[i].equals(lastCode)) {
                String code = channels[i];
                channel = Channel.fromCode(code).orElseThrow(() -> new IllegalStateException(
                        "interval_read has a read on channel '" + code + "', which this version cannot rate"));
                lastCode = code;
            }
            reads.add(new MeteredInterval(channel, Instant.ofEpochSecond(starts[i]), minutes[i], quantities[i]));
        }
        return reads;
    }

    /**
     * The catalog as this partition rates it; its checksums go on the bills. Step scope without a proxy
     * (a record cannot be proxied): it is only injected into the step-scoped processor and writer.
     */
    @Bean
    @org.springframework.context.annotation.Scope(value = "step",
            proxyMode = org.springframework.context.annotation.ScopedProxyMode.NO)
    public TariffCatalog.Snapshot ratingTariffs(TariffCatalog tariffs) {
        return tariffs.snapshot();
    }

    /** One engine and one catalog snapshot per partition: the engine keeps its calendars per tariff object. */
    @Bean
    @StepScope
    public ItemProcessor<RatingInput, RatingOutcome> rateServicePointProcessor(
            @Qualifier("ratingTariffs") TariffCatalog.Snapshot tariffs,
            @Value("${meterbill.fault-injection.fail-rating-at:}") String failAt) {
        RateServicePointProcessor rate =
                new RateServicePointProcessor(new CycleRating(new TariffEngine(), tariffs.tariffs()));
        if (failAt.isBlank()) {
            return rate;
        }
        return input -> {
            if (input.servicePoint().id().value().equals(failAt)) {
                throw new InjectedFailure("fault injected while rating " + failAt
                        + " (meterbill.fault-injection.fail-rating-at)");
            }
            return rate.process(input);
        };
    }

    /** A deliberate failure for restart drills and tests; never set in production configuration. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }

    @Bean
    @StepScope
    public BillJdbcWriter billWriter(JdbcTemplate jdbc, @Value("#{jobParameters['cycle']}") String cycle,
            @Value("#{stepExecution.jobExecutionId}") Long jobExecutionId,
            @Qualifier("ratingTariffs") TariffCatalog.Snapshot tariffs) {
        Map<String, String> digests = new java.util.HashMap<>();
        tariffs.sha256().forEach((code, sha) -> digests.put(code.value(), sha));
        return new BillJdbcWriter(jdbc, cycle, jobExecutionId, digests);
    }

    @Bean
    public Step rateServicePointsPartitionStep(JobRepository jobRepository, PlatformTransactionManager tx,
            JdbcPagingItemReader<RatingInput> reader, ItemProcessor<RatingInput, RatingOutcome> processor,
            BillJdbcWriter writer, @Value("${meterbill.rating.chunk-size:100}") int chunkSize) {
        return new StepBuilder("rateServicePointsPartition", jobRepository)
                .<RatingInput, RatingOutcome>chunk(chunkSize)
                .transactionManager(tx)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .build();
    }

    @Bean
    public Step rateServicePointsStep(JobRepository jobRepository, ServicePointRangePartitioner partitioner,
            @Qualifier("rateServicePointsPartitionStep") Step partitionStep) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("rating-");
        return new StepBuilder("rateServicePoints", jobRepository)
                .partitioner("rateServicePointsPartition", partitioner)
                .step(partitionStep)
                .taskExecutor(threads)
                .build();
    }
}
