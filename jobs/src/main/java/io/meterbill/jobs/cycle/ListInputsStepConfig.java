package io.meterbill.jobs.cycle;

import io.meterbill.readers.interval.InputManifest;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 1: records the cycle's input files (path, format, size, SHA-256, data rows, or why a file is
 * refused) and plans its interval store (where, and how many service-point buckets: enough that a
 * bucket holds about {@code meterbill.store.values-per-bucket} values, so consolidating and rating a
 * bucket fit in memory whatever the input's size), and how many values an import block holds (so a
 * restart cuts the same blocks whatever it is configured with) before anything is imported. Completed once per
 * cycle; a restart reuses the recorded list and plan.
 */
@Configuration(proxyBeanMethods = false)
public class ListInputsStepConfig {

    @Bean
    public Step listInputsStep(JobRepository jobRepository, PlatformTransactionManager tx, CycleStore store,
            org.apache.hadoop.conf.Configuration hadoop,
            @Value("${meterbill.store.uri:}") String storeUri,
            @Value("${meterbill.home}") Path home,
            @Value("${meterbill.store.min-buckets:8}") int minBuckets,
            @Value("${meterbill.store.values-per-bucket:4000000}") long valuesPerBucket,
            @Value("${meterbill.input.time-zone:}") String inputZone,
            @Value("${meterbill.import.block-values:4000000}") long blockValues, CsvLayoutSettings csvLayouts) {
        return new StepBuilder("listInputs", jobRepository).tasklet((contribution, chunkContext) -> {
            var params = chunkContext.getStepContext().getStepExecution().getJobParameters();
            String cycle = params.getString(CycleJobParameters.CYCLE);
            if (!store.hasManifest(cycle)) {
                var layout = csvLayouts.layouts();
                var entries = InputManifest.scan(Path.of(params.getString(CycleJobParameters.INPUT)), hadoop, layout);
                store.saveManifest(cycle, entries);
                long values = entries.stream().filter(e -> e.accepted()).mapToLong(e -> e.valueCount()).sum();
                int buckets = (int) Math.min(9999, Math.max(Math.max(1, minBuckets),
                        (values + valuesPerBucket - 1) / Math.max(1, valuesPerBucket)));
                URI uri = storeUri.isBlank() ? home.resolve("store").toAbsolutePath().toUri() : URI.create(storeUri);
                ZoneId zone = inputZone.isBlank() ? store.sharedTimeZone().orElse(null) : ZoneId.of(inputZone);
                store.saveStorePlan(cycle, new CycleStore.StorePlan(uri, buckets, zone, Math.max(1, blockValues),
                        layout));
                entries.forEach(entry -> contribution.incrementReadCount());
                contribution.incrementWriteCount(entries.stream().filter(e -> e.accepted()).count());
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
    }
}
