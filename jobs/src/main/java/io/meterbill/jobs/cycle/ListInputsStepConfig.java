package io.meterbill.jobs.cycle;

import io.meterbill.readers.interval.InputManifest;
import java.nio.file.Path;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Step 1: records the cycle's input files (path, size, SHA-256, data rows, or why a file is refused)
 * before anything is imported. Completed once per cycle; a restart reuses the recorded list.
 */
@Configuration(proxyBeanMethods = false)
public class ListInputsStepConfig {

    @Bean
    public Step listInputsStep(JobRepository jobRepository, PlatformTransactionManager tx, CycleStore store) {
        return new StepBuilder("listInputs", jobRepository).tasklet((contribution, chunkContext) -> {
            var params = chunkContext.getStepContext().getStepExecution().getJobParameters();
            String cycle = params.getString(CycleJobParameters.CYCLE);
            if (!store.hasManifest(cycle)) {
                var entries = InputManifest.scan(Path.of(params.getString(CycleJobParameters.INPUT)));
                store.saveManifest(cycle, entries);
                entries.forEach(entry -> contribution.incrementReadCount());
                contribution.incrementWriteCount(entries.stream().filter(e -> e.accepted()).count());
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
    }
}
