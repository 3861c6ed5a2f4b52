package io.meterbill.jobs.cli;

import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.writers.sample.SampleDataGenerator;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterbill sample generate}: synthetic data sets for load and crash tests. Needs no database. */
@Command(name = "sample", description = "Generate synthetic registries and reads.", mixinStandardHelpOptions = true,
        subcommands = SampleCommand.Generate.class)
public class SampleCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true, description = {
        "Write OUT/registry/*.csv and OUT/reads/ (OUT new or empty): N accounts",
        "with one month of reads, deterministic for a seed: 15-minute electricity",
        "(RES-FLAT, COM-FLAT; RES-TOU with rooftop solar), hourly gas (GAS-TIERED)",
        "and water (WATER-LADDER) on chosen shares,",
        "and injected faults listed in OUT/faults.csv (one per account at most: the",
        "rates other than unknown-meters add up to at most 1; all=R at most 0.14).",
        "Tariffs as in config/tariffs. Needs no database."})
    static class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--accounts", required = true, paramLabel = "N") int accounts;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM") String month;

        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = "--zone", defaultValue = "America/New_York", paramLabel = "ZONE",
                description = "the service points' time zone (default: ${DEFAULT-VALUE})")
        String zone;

        @Option(names = "--files", defaultValue = "4", paramLabel = "N", description = "read files to split into (default: ${DEFAULT-VALUE})")
        int files;

        @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT",
                description = "csv (long: one read per row), csv-wide (a row per meter and local day), parquet (wide"
                        + " layout) or espi (Green Button XML); the same values in every format")
        String format;

        @Option(names = "--solar", defaultValue = "0", paramLabel = "SHARE",
                description = "share of accounts with rooftop solar (an export channel, tariff RES-TOU), 0 to 1")
        double solar;

        @Option(names = "--gas", defaultValue = "0", paramLabel = "SHARE",
                description = "share of residential accounts that are gas service points (hourly therm reads, channel"
                        + " therm_del, tariff GAS-TIERED), 0 to 1")
        double gas;

        @Option(names = "--water", defaultValue = "0", paramLabel = "SHARE",
                description = "share of residential accounts that are water service points (hourly m3 reads, channel"
                        + " m3_del, tariff WATER-LADDER), 0 to 1")
        double water;

        @Option(names = "--faults", defaultValue = "none", paramLabel = "KIND=RATE,...",
                description = "inject faults into the reads at these rates (share of accounts; an account gets at"
                        + " most one): gaps, spikes, zero-runs, stuck, exchanges, duplicates, malformed,"
                        + " unknown-meters; all=R sets every kind. Listed in OUT/faults.csv")
        String faults;

        @Override
        public Integer call() throws Exception {
            SampleDataGenerator.Spec generation;
            if (!month.matches("\\d{4}-(0[1-9]|1[0-2])")) {
                throw new ConfigurationProblem("--month must be YYYY-MM, e.g. 2025-11, not '" + month + "'");
            }
            try {
                generation = new SampleDataGenerator.Spec(accounts, YearMonth.parse(month), ZoneId.of(zone), seed, files,
                        SampleDataGenerator.Format.fromOption(format), solar,
                        io.meterbill.writers.sample.SampleFaults.parse(faults), gas, water);
            } catch (java.time.DateTimeException | IllegalArgumentException e) {
                throw new ConfigurationProblem(e.getMessage());
            }
            SampleDataGenerator.Summary summary;
            try {
                summary = SampleDataGenerator.generate(generation, out);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationProblem(e.getMessage());
            }
            spec.commandLine().getOut().printf("sample: %d accounts, %d values written: registry %s, reads %s%n",
                    summary.accounts(), summary.readCount(), summary.registryDir(), summary.readsDir());
            if (summary.manifest() != null) {
                StringBuilder injected = new StringBuilder();
                summary.faults().forEach((kind, n) -> injected.append(injected.length() == 0 ? "" : ", ")
                        .append(n).append(' ').append(kind.option()));
                spec.commandLine().getOut().printf("faults injected: %s; listed in %s%n",
                        injected.length() == 0 ? "none at these rates" : injected, summary.manifest());
            }
            spec.commandLine().getOut().flush();
            return ExitCode.COMPLETED;
        }
    }
}
