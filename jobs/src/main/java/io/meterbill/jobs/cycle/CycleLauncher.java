package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.tariff.TariffCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts, restarts and inspects billing cycle runs. Refuses what would bill twice or run on bad
 * configuration before anything is started, with one line that says what to do instead.
 */
@Component
public class CycleLauncher {

    /** The result of asking for a run: either it ran (execution), or why nothing was started. */
    public record Launch(JobExecution execution, String refusal, boolean alreadyCompleted) {
        static Launch ran(JobExecution execution) {
            return new Launch(execution, null, false);
        }
    }

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job billingCycleJob;
    private final CycleStore store;
    private final TariffCatalog tariffs;

    public CycleLauncher(JobOperator jobOperator, JobRepository jobRepository, Job billingCycleJob, CycleStore store,
            TariffCatalog tariffs) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.billingCycleJob = billingCycleJob;
        this.store = store;
        this.tariffs = tariffs;
    }

    public static JobParameters identifying(BillingCycle cycle) {
        return new JobParametersBuilder().addString(CycleJobParameters.CYCLE, cycle.id()).toJobParameters();
    }

    public JobInstance instance(BillingCycle cycle) {
        return jobRepository.getJobInstance(CycleJobParameters.JOB_NAME, identifying(cycle));
    }

    public Launch run(BillingCycle cycle, Path input, Path output, int partitions) throws Exception {
        JobInstance instance = instance(cycle);
        if (instance != null) {
            JobExecution last = jobRepository.getLastJobExecution(instance);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                return new Launch(last, "cycle " + cycle + " already completed (execution " + last.getId()
                        + "); nothing to do", true);
            }
            if (last != null) {
                throw new ConfigurationProblem("cycle " + cycle + " has an unfinished run (execution " + last.getId()
                        + ", " + last.getStatus() + "); resume it with: meterbill cycle restart --cycle " + cycle);
            }
        }
        if (!Files.exists(input)) {
            throw new ConfigurationProblem("input " + input + " does not exist");
        }
        checkRegistryAndTariffs(cycle);
        JobParameters parameters = new JobParametersBuilder()
                .addString(CycleJobParameters.CYCLE, cycle.id())
                .addString(CycleJobParameters.INPUT, input.toAbsolutePath().normalize().toString(), false)
                .addString(CycleJobParameters.OUTPUT, output.toAbsolutePath().normalize().toString(), false)
                .addLong(CycleJobParameters.PARTITIONS, (long) partitions, false)
                .toJobParameters();
        return Launch.ran(jobOperator.start(billingCycleJob, parameters));
    }

    public Launch restart(BillingCycle cycle) throws Exception {
        JobInstance instance = instance(cycle);
        if (instance == null) {
            throw new ConfigurationProblem("cycle " + cycle + " has never been run; start it with: meterbill cycle run"
                    + " --cycle " + cycle + " --input DIR");
        }
        JobExecution last = jobRepository.getLastJobExecution(instance);
        if (last.getStatus() == BatchStatus.COMPLETED) {
            return new Launch(last, "cycle " + cycle + " already completed (execution " + last.getId()
                    + "); nothing to restart", true);
        }
        if (last.getStatus().isRunning()) {
            throw new ConfigurationProblem("cycle " + cycle + " has a run marked " + last.getStatus() + " (execution "
                    + last.getId() + "); if no meterbill process is running it, it was killed: see the runbook");
        }
        checkRegistryAndTariffs(cycle);
        return Launch.ran(jobOperator.restart(last));
    }

    public List<JobExecution> executions(BillingCycle cycle) {
        JobInstance instance = instance(cycle);
        return instance == null ? List.of() : jobRepository.getJobExecutions(instance);
    }

    public List<JobExecution> executionsOf(JobInstance instance) {
        return jobRepository.getJobExecutions(instance);
    }

    public List<JobInstance> instances() {
        return jobRepository.findJobInstances(CycleJobParameters.JOB_NAME);
    }

    private void checkRegistryAndTariffs(BillingCycle cycle) {
        List<ServicePoint> servicePoints = store.servicePointsInCycle(cycle);
        if (servicePoints.isEmpty()) {
            throw new ConfigurationProblem("no service point has a meter installed during cycle " + cycle
                    + "; import the registry first: meterbill registry import DIR");
        }
        Set<TariffCode> known = tariffs.load().keySet();
        Set<String> missing = new TreeSet<>();
        for (ServicePoint sp : servicePoints) {
            if (!known.contains(sp.tariff())) {
                missing.add(sp.tariff().value());
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationProblem("service points of cycle " + cycle + " use tariff(s) " + missing
                    + " that are not in the catalog; import them with: meterbill tariffs import DIR");
        }
    }
}
