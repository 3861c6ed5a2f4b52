package io.meterbill.jobs.cli;

import io.meterbill.domain.tariff.Tariff;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.tariff.TariffCatalog;
import io.meterbill.readers.tariff.TariffCatalogException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterbill tariffs ...}: the tariff catalog. */
@Command(name = "tariffs", description = "Manage the tariff catalog.", mixinStandardHelpOptions = true,
        subcommands = {TariffsCommand.Import.class, TariffsCommand.ListTariffs.class})
public class TariffsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Validate the YAML tariffs of DIR and store them all, or none if any is invalid.")
    static class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "0..1", description = "tariff directory (default: config/tariffs)")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path source = dir != null ? dir : MeterbillCommand.installDir().resolve("config/tariffs");
            if (!Files.isDirectory(source)) {
                throw new ConfigurationProblem("tariff directory " + source + " does not exist");
            }
            try (ConfigurableApplicationContext context = ((MeterbillCommand) spec.root().userObject()).startContext()) {
                return importTariffs(context, source, spec.commandLine().getOut());
            }
        }
    }

    static int importTariffs(ConfigurableApplicationContext context, Path dir, PrintWriter out) throws Exception {
        List<Tariff> tariffs;
        try {
            tariffs = context.getBean(TariffCatalog.class).importDirectory(dir);
        } catch (TariffCatalogException e) {
            throw new ConfigurationProblem("tariff not imported: " + e.getMessage());
        }
        for (Tariff tariff : tariffs) {
            out.printf("tariffs: %-12s %-40s %d version(s)%n", tariff.code(), tariff.name(), tariff.versions().size());
        }
        out.flush();
        return ExitCode.COMPLETED;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tariffs in the catalog.")
    static class ListTariffs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context = ((MeterbillCommand) spec.root().userObject()).startContext()) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-12s %-40s %-24s %s%n", "CODE", "NAME", "FILE", "SHA-256");
                for (TariffCatalog.Entry e : context.getBean(TariffCatalog.class).list()) {
                    out.printf("%-12s %-40s %-24s %s%n", e.code(), e.name(), e.sourceFile(), e.sha256());
                }
                out.flush();
                return ExitCode.COMPLETED;
            }
        }
    }
}
