package io.meterbill.jobs.cycle;

import io.meterbill.domain.read.ReconciledBlock;
import io.meterbill.domain.read.SeriesBlock;
import io.meterbill.readers.interval.IntervalFiles;
import io.meterbill.readers.interval.SeriesBlockReader;
import io.meterbill.writers.store.IntervalStoreBlockWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 2: imports the listed input files into the interval store, one partition per file, files in
 * parallel ({@code meterbill.import.threads}). Each partition reads its file in blocks of series
 * (about {@code meterbill.import.block-values} values, fixed per cycle by its store plan), reconciles them to service points, and writes
 * each block as one store file per bucket plus its rejections and counts, committed together with the
 * reader's position. Bad data never fails the step; I/O and database errors do (and it restarts at the
 * first uncommitted block).
 */
@Configuration(proxyBeanMethods = false)
public class ImportReadsStepConfig {

    static final String FILE_PARTITION = "file_";

    /** The manifest number of the file a worker step named {@code importFile:file_<n>} imports. */
    static int fileNoOf(String workerStepName) {
        return Integer.parseInt(workerStepName.substring(workerStepName.lastIndexOf(FILE_PARTITION)
                + FILE_PARTITION.length()));
    }

    @Bean
    @StepScope
    public Partitioner inputFilePartitioner(CycleStore store, CycleServicePoints servicePoints,
            @Value("#{jobParameters['cycle']}") String cycle) {
        return gridSize -> {
            servicePoints.ensureRecorded(cycle, store.storePlan(cycle).layout());
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (CycleStore.ListedFile file : store.manifest(cycle)) {
                if (file.entry().accepted()) {
                    partitions.put(FILE_PARTITION + file.fileNo(), new ExecutionContext());
                }
            }
            return partitions;
        };
    }

    @Bean
    @StepScope
    public SeriesBlockReader seriesBlockReader(CycleStore store, org.apache.hadoop.conf.Configuration hadoop,
            @Value("#{jobParameters['cycle']}") String cycle,
            @Value("#{stepExecution.stepName}") String stepName) {
        int fileNo = fileNoOf(stepName);
        CycleStore.ListedFile listed = store.manifest(cycle).stream().filter(f -> f.fileNo() == fileNo).findFirst()
                .orElseThrow(() -> new IllegalStateException("cycle " + cycle + " lists no input file " + fileNo));
        var entry = listed.entry();
        CycleStore.StorePlan plan = store.storePlan(cycle);
        var file = new IntervalFiles.InputFile(entry.path(), entry.source(), entry.format(), entry.gzipped(),
                plan.inputZone(), plan.csv());
        return new SeriesBlockReader(file, fileNo, entry.dataRows(), hadoop, plan.blockValues(), 50_000);
    }

    @Bean
    @StepScope
    public ItemProcessor<SeriesBlock, ReconciledBlock> reconcileBlockProcessor(CycleServicePoints servicePoints,
            @Value("#{jobParameters['cycle']}") String cycle) {
        // the registry's part a block needs is read for the block: memory does not grow with the registry
        return block -> ReconciledBlock.of(block, servicePoints.reconcilerFor(cycle, block.meters()));
    }

    @Bean
    @StepScope
    public IntervalStoreBlockWriter intervalStoreBlockWriter(JdbcTemplate jdbc, CycleStore store,
            org.apache.hadoop.conf.Configuration hadoop, @Value("#{jobParameters['cycle']}") String cycle) {
        return new IntervalStoreBlockWriter(jdbc, cycle, store.storePlan(cycle).layout(), hadoop);
    }

    @Bean
    public Step importFileStep(JobRepository jobRepository, PlatformTransactionManager tx, SeriesBlockReader reader,
            @Qualifier("reconcileBlockProcessor") ItemProcessor<SeriesBlock, ReconciledBlock> processor,
            IntervalStoreBlockWriter writer) {
        return new StepBuilder("importFile", jobRepository)
                .<SeriesBlock, ReconciledBlock>chunk(1)
                .transactionManager(tx)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .build();
    }

    @Bean
    public Step importReadsStep(JobRepository jobRepository,
            @Qualifier("inputFilePartitioner") Partitioner partitioner,
            @Qualifier("importFileStep") Step importFile,
            @Value("${meterbill.import.threads:2}") int threads) {
        return new StepBuilder("importReads", jobRepository)
                .partitioner("importFile", partitioner)
                .step(importFile)
                .taskExecutor(threads("import-", threads))
                .build();
    }

    /** Runs partitions on at most {@code threads} threads at once. */
    static SimpleAsyncTaskExecutor threads(String prefix, int threads) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
        executor.setConcurrencyLimit(Math.max(1, threads));
        return executor;
    }
}
