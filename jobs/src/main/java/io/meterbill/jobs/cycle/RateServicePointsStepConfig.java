package io.meterbill.jobs.cycle;

import io.meterbill.domain.bill.CycleRating;
import io.meterbill.domain.bill.RatingOutcome;
import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.jobs.tariff.TariffCatalog;
import io.meterbill.processors.RatingInput;
import io.meterbill.readers.store.IntervalStoreLayout;
import io.meterbill.readers.store.IntervalStoreReader;
import io.meterbill.processors.RateServicePointProcessor;
import io.meterbill.writers.BillJdbcWriter;
import java.util.Map;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 4: rates every service point of the cycle, partitioned by interval-store bucket and run on one
 * thread per partition. Each partition reads its buckets' service points with their interval series
 * and bill history, rates them through the domain engine, and writes bills or not-billed records.
 */
@Configuration(proxyBeanMethods = false)
public class RateServicePointsStepConfig {

    @Bean
    @StepScope
    public RatingPartitioner ratingPartitioner(CycleStore store, JdbcTemplate jdbc, CycleServicePoints servicePoints,
            @Value("#{jobParameters['cycle']}") String cycle,
            @Value("#{jobParameters['partitions']}") Long partitions) {
        return new RatingPartitioner(jdbc, servicePoints, cycle, store.storePlan(cycle).layout(), partitions.intValue());
    }

    @Bean
    @StepScope
    public StoreRatingReader ratingInputReader(CycleStore store, JdbcTemplate jdbc, CycleServicePoints servicePoints,
            org.apache.hadoop.conf.Configuration hadoop,
            @Value("#{jobParameters['cycle']}") String cycle,
            @Value("#{stepExecution.stepName}") String stepName) {
        BillingCycle billingCycle = BillingCycle.parse(cycle);
        // the buckets come from the stored plan, not the step context, which a crash can leave empty
        RatingPartitioner.Plan plan = RatingPartitioner.planOf(jdbc, cycle, stepName);
        IntervalStoreLayout layout = store.storePlan(cycle).layout();
        return new StoreRatingReader(jdbc, store, servicePoints, layout, new IntervalStoreReader(layout, hadoop),
                billingCycle, plan.buckets());
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
            @Value("${meterbill.fault-injection.fail-rating-at:}") String failAt,
            @Value("${meterbill.fault-injection.rating-delay:0ms}") java.time.Duration delay) {
        RateServicePointProcessor rate =
                new RateServicePointProcessor(new CycleRating(new TariffEngine(), tariffs.tariffs()));
        if (failAt.isBlank() && delay.isZero()) {
            return rate;
        }
        return input -> {
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis()); // a slow rating for stop/restart drills
            }
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
            StoreRatingReader reader, ItemProcessor<RatingInput, RatingOutcome> processor,
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
    public Step rateServicePointsStep(JobRepository jobRepository, RatingPartitioner partitioner,
            @Qualifier("rateServicePointsPartitionStep") Step partitionStep) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("rating-");
        return new StepBuilder("rateServicePoints", jobRepository)
                .partitioner("rateServicePointsPartition", partitioner)
                .step(partitionStep)
                .taskExecutor(threads)
                .build();
    }
}
