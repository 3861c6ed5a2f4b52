package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.read.ReadReconciler;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReconciledRead;
import io.meterbill.domain.read.RejectedReadException;
import io.meterbill.processors.ReconcileReadProcessor;
import io.meterbill.readers.interval.IntervalCsvReader;
import io.meterbill.writers.IntervalReadJdbcWriter;
import io.meterbill.writers.ReadExceptionRecorder;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 2: imports interval reads from the listed files and reconciles each to its service point.
 * A row that cannot be stored is skipped and recorded in {@code read_exception} by the skip listener,
 * inside the chunk's transaction; data errors are skipped up to {@code meterbill.import.skip-limit}
 * (unlimited by default), anything else (database, I/O) fails the step at once.
 */
@Configuration(proxyBeanMethods = false)
public class ImportReadsStepConfig {

    @Bean
    @StepScope
    public IntervalCsvReader intervalCsvReader(CycleStore store,
            @Value("#{jobParameters['cycle']}") String cycle) {
        return new IntervalCsvReader(store.manifest(cycle).stream()
                .filter(entry -> entry.accepted())
                .map(entry -> new IntervalCsvReader.InputFile(entry.path(), entry.source()))
                .toList());
    }

    @Bean
    @StepScope
    public ReconcileReadProcessor reconcileReadProcessor(CycleStore store,
            @Value("#{jobParameters['cycle']}") String cycle) {
        BillingCycle billingCycle = BillingCycle.parse(cycle);
        return new ReconcileReadProcessor(new ReadReconciler(store.installationHistory(), store.windows(billingCycle)));
    }

    @Bean
    @StepScope
    public ReadExceptionRecorder readExceptionRecorder(JdbcTemplate jdbc,
            @Value("#{jobParameters['cycle']}") String cycle) {
        return new ReadExceptionRecorder(jdbc, cycle);
    }

    @Bean
    @StepScope
    public IntervalReadJdbcWriter intervalReadWriter(JdbcTemplate jdbc, ReadExceptionRecorder exceptions,
            @Value("#{jobParameters['cycle']}") String cycle) {
        return new IntervalReadJdbcWriter(jdbc, cycle, exceptions);
    }

    @Bean
    public Step importReadsStep(JobRepository jobRepository, PlatformTransactionManager tx,
            IntervalCsvReader reader, ReconcileReadProcessor processor, IntervalReadJdbcWriter writer,
            ReadExceptionRecorder exceptions,
            @Value("${meterbill.import.chunk-size:2000}") int chunkSize,
            @Value("${meterbill.import.skip-limit:" + Long.MAX_VALUE + "}") long skipLimit) {
        SkipPolicy dataErrorsOnly = (failure, skipCount) -> failure instanceof RejectedReadException
                && skipCount < skipLimit;
        SkipListener<ReadRecord, ReconciledRead> recordRejection = new SkipListener<>() {
            @Override
            public void onSkipInProcess(ReadRecord item, Throwable failure) {
                RejectedReadException rejection = (RejectedReadException) failure;
                exceptions.record(item.row(), rejection.reason(), rejection.detail());
            }
        };
        return new StepBuilder("importReads", jobRepository)
                .<ReadRecord, ReconciledRead>chunk(chunkSize)
                .transactionManager(tx)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .faultTolerant()
                .skipPolicy(dataErrorsOnly)
                .skipListener(recordRejection)
                .build();
    }
}
