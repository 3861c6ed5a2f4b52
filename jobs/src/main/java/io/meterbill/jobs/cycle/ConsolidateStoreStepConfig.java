package io.meterbill.jobs.cycle;

import io.meterbill.writers.store.BucketConsolidator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 3: consolidates the interval store, one partition per bucket, buckets in parallel: repeated
 * values dropped and counted, conflicting ones refused, daily totals per service point and channel
 * written for usage history. Each bucket commits in one transaction and is done once.
 */
@Configuration(proxyBeanMethods = false)
public class ConsolidateStoreStepConfig {

    static final String BUCKET_PARTITION = "bucket_";

    @Bean
    public Step consolidateBucketStep(JobRepository jobRepository, PlatformTransactionManager tx, CycleStore store,
            JdbcTemplate jdbc, org.apache.hadoop.conf.Configuration hadoop, CycleServicePoints servicePoints) {
        return new StepBuilder("consolidateBucket", jobRepository).tasklet((contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution();
            String cycle = execution.getJobParameters().getString(CycleJobParameters.CYCLE);
            String name = execution.getStepName();
            int bucket = Integer.parseInt(name.substring(name.lastIndexOf(BUCKET_PARTITION) + BUCKET_PARTITION.length()));
            var summary = new BucketConsolidator(jdbc, cycle, store.storePlan(cycle).layout(), hadoop,
                    servicePoints.zonesInBucket(cycle, bucket))
                    .consolidate(bucket);
            contribution.incrementWriteCount(summary.valuesStored());
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    @StepScope
    public Partitioner bucketPartitioner(CycleStore store, CycleServicePoints servicePoints,
            @Value("#{jobParameters['cycle']}") String cycle) {
        return gridSize -> {
            servicePoints.ensureRecorded(cycle, store.storePlan(cycle).layout()); // a cycle begun by an older version
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (int b = 0, n = store.storePlan(cycle).buckets(); b < n; b++) {
                partitions.put(BUCKET_PARTITION + b, new ExecutionContext());
            }
            return partitions;
        };
    }

    @Bean
    public Step consolidateStoreStep(JobRepository jobRepository,
            @Qualifier("bucketPartitioner") Partitioner buckets,
            @Qualifier("consolidateBucketStep") Step bucketStep,
            @Value("${meterbill.import.threads:2}") int threads) {
        return new StepBuilder("consolidateStore", jobRepository)
                .partitioner("consolidateBucket", buckets)
                .step(bucketStep)
                .taskExecutor(ImportReadsStepConfig.threads("consolidate-", threads))
                .build();
    }
}
