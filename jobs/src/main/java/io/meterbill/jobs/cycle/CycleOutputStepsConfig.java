package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.ControlTotals;
import io.meterbill.reports.CycleSummaryReport;
import io.meterbill.writers.AtomicFileWriter;
import io.meterbill.writers.BillRegisterCsvWriter;
import io.meterbill.writers.CsvOutput;
import io.meterbill.writers.ReadExceptionCsvWriter;
import java.nio.file.Path;
import java.util.Currency;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Steps 4 and 5: the bill register, read exceptions and not-billed service points (CSV, written whole and
 * atomically) and the control totals check,
 * which writes the cycle summary and fails the job if the totals do not balance.
 */
@Configuration(proxyBeanMethods = false)
public class CycleOutputStepsConfig {

    public static final String REGISTER_FILE = "bill-register.csv";
    public static final String SUMMARY_FILE = "cycle-summary.txt";
    public static final String EXCEPTIONS_FILE = "read-exceptions.csv";
    public static final String NOT_BILLED_FILE = "not-billed.csv";
    public static final String LINES_FILE = "bill-lines.csv";
    public static final String ASSUMPTIONS_FILE = "bill-assumptions.csv";

    @Bean
    public Step writeBillRegisterStep(JobRepository jobRepository, PlatformTransactionManager tx, CycleOutputs outputs) {
        return new StepBuilder("writeOutputs", jobRepository).tasklet((contribution, chunkContext) -> {
            var params = chunkContext.getStepContext().getStepExecution().getJobParameters();
            String cycle = params.getString(CycleJobParameters.CYCLE);
            Path output = Path.of(params.getString(CycleJobParameters.OUTPUT));
            // each file streamed from a cursor in this step's transaction: memory does not grow with the cycle
            long bills = BillRegisterCsvWriter.write(output.resolve(REGISTER_FILE), outputs.register(cycle));
            ReadExceptionCsvWriter.write(output.resolve(EXCEPTIONS_FILE), outputs.readExceptions(cycle));
            CsvOutput.write(output.resolve(LINES_FILE), CycleOutputs.BILL_LINE_COLUMNS, outputs.billLines(cycle));
            CsvOutput.write(output.resolve(ASSUMPTIONS_FILE), CycleOutputs.BILL_ASSUMPTION_COLUMNS,
                    outputs.billAssumptions(cycle));
            CsvOutput.write(output.resolve(NOT_BILLED_FILE), CycleOutputs.NOT_BILLED_COLUMNS, outputs.notBilled(cycle));
            contribution.incrementWriteCount(bills);
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    public Step checkControlTotalsStep(JobRepository jobRepository, PlatformTransactionManager tx, CycleStore store,
            @Value("${meterbill.currency:USD}") String currency) {
        return new StepBuilder("checkControlTotals", jobRepository).tasklet((contribution, chunkContext) -> {
            var params = chunkContext.getStepContext().getStepExecution().getJobParameters();
            BillingCycle cycle = BillingCycle.parse(params.getString(CycleJobParameters.CYCLE));
            ControlTotals totals = store.controlTotals(cycle, Currency.getInstance(currency));
            String summary = CycleSummaryReport.render(cycle.id(), totals, store.refusedFiles(cycle.id()));
            AtomicFileWriter.write(Path.of(params.getString(CycleJobParameters.OUTPUT)).resolve(SUMMARY_FILE),
                    out -> out.write(summary));
            if (!totals.balanced()) {
                throw new IllegalStateException("control totals of cycle " + cycle + " do not balance: "
                        + String.join("; ", totals.imbalances()));
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
    }
}
