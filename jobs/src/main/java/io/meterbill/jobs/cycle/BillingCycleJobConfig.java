package io.meterbill.jobs.cycle;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The monthly billing cycle: list the input files, import and reconcile reads into the interval store,
 * consolidate the store (repeats, conflicts, daily totals), rate every service point in partitions, write the bill register, and check the control totals. One job instance per
 * cycle; a failed run restarts at the first unfinished step, partition or chunk.
 */
@Configuration(proxyBeanMethods = false)
public class BillingCycleJobConfig {

    @Bean
    public Job billingCycleJob(JobRepository jobRepository,
            @Qualifier("listInputsStep") Step listInputs,
            @Qualifier("importReadsStep") Step importReads,
            @Qualifier("consolidateStoreStep") Step consolidateStore,
            @Qualifier("rateServicePointsStep") Step rateServicePoints,
            @Qualifier("writeBillRegisterStep") Step writeBillRegister,
            @Qualifier("checkControlTotalsStep") Step checkControlTotals,
            CycleRunOwnerListener owner) {
        return new JobBuilder(CycleJobParameters.JOB_NAME, jobRepository)
                .listener(owner)
                .start(listInputs)
                .next(importReads)
                .next(consolidateStore)
                .next(rateServicePoints)
                .next(writeBillRegister)
                .next(checkControlTotals)
                .build();
    }
}
