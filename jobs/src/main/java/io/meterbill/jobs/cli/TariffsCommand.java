package io.meterbill.jobs.cli;

import io.meterbill.domain.tariff.Tariff;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.tariff.TariffCatalog;
import io.meterbill.readers.tariff.TariffCatalogException;
import io.meterbill.readers.tariff.TariffYamlReader;
import io.meterbill.readers.tariff.UrdbTariffConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterbill tariffs ...}: the tariff catalog. */
@Command(name = "tariffs", description = "Manage the tariff catalog.", mixinStandardHelpOptions = true,
        subcommands = {TariffsCommand.Import.class, TariffsCommand.ListTariffs.class, CalculateCommand.class})
public class TariffsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Validate the YAML tariffs of DIR and store them all, or none if any is invalid.",
                "With --urdb, convert an OpenEI Utility Rate Database tariff (JSON) to a catalog YAML file in DIR,"
                        + " report what could not be mapped, and store it."})
    static class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "0..1", description = "tariff directory (default: config/tariffs)")
        Path dir;

        @Option(names = "--urdb", paramLabel = "FILE.json", description = "a URDB tariff or API response to convert")
        Path urdb;

        @Option(names = "--zone", paramLabel = "ZONE",
                description = "with --urdb: the utility's time zone, e.g. America/Los_Angeles (URDB does not record it)")
        String zone;

        @Option(names = "--force", description = "with --urdb: overwrite a YAML file of the same name in DIR")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Path source = dir != null ? dir : MeterbillCommand.installDir().resolve("config/tariffs");
            if (urdb != null) {
                return importUrdb(source);
            }
            if (!Files.isDirectory(source)) {
                throw new ConfigurationProblem("tariff directory " + source + " does not exist");
            }
            try (ConfigurableApplicationContext context = ((MeterbillCommand) spec.root().userObject()).startContext()) {
                return importTariffs(context, source, spec.commandLine().getOut());
            }
        }

        private Integer importUrdb(Path target) throws Exception {
            if (zone == null) {
                throw new ConfigurationProblem("--urdb needs --zone (the utility's time zone, e.g. America/Chicago)");
            }
            if (!Files.isRegularFile(urdb)) {
                throw new ConfigurationProblem("URDB file " + urdb + " does not exist");
            }
            Files.createDirectories(target);
            List<UrdbTariffConverter.Converted> converted;
            try {
                converted = new UrdbTariffConverter().convert(urdb.getFileName().toString(),
                        Files.readString(urdb, StandardCharsets.UTF_8), zone);
            } catch (TariffCatalogException e) {
                throw new ConfigurationProblem("URDB tariff not converted: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            List<Path> written = new ArrayList<>();
            for (UrdbTariffConverter.Converted tariff : converted) {
                try {
                    new TariffYamlReader().read(tariff.fileName(), tariff.yaml());
                } catch (TariffCatalogException e) {
                    throw new ConfigurationProblem("URDB tariff converted but not valid: " + e.getMessage());
                }
                Path file = target.resolve(tariff.fileName());
                if (Files.exists(file) && !force && !Files.readString(file, StandardCharsets.UTF_8).equals(tariff.yaml())) {
                    throw new ConfigurationProblem(file + " exists and differs; use --force to overwrite it");
                }
                Files.writeString(file, tariff.yaml(), StandardCharsets.UTF_8);
                written.add(file);
                out.printf("urdb: %s -> %s%n", tariff.code(), file);
                if (tariff.unmapped().isEmpty()) {
                    out.printf("  everything in the URDB record was mapped%n");
                } else {
                    out.printf("  not mapped (review before billing on it):%n");
                    for (String note : tariff.unmapped()) {
                        out.printf("  - %s%n", note);
                    }
                }
            }
            out.flush();
            try (ConfigurableApplicationContext context = ((MeterbillCommand) spec.root().userObject()).startContext()) {
                List<Tariff> stored = context.getBean(TariffCatalog.class).importFiles(written);
                for (Tariff tariff : stored) {
                    out.printf("tariffs: %-12s %-40s %d version(s)%n", tariff.code(), tariff.name(),
                            tariff.versions().size());
                }
            } catch (TariffCatalogException e) {
                throw new ConfigurationProblem("tariff not imported: " + e.getMessage());
            }
            out.flush();
            return ExitCode.COMPLETED;
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
