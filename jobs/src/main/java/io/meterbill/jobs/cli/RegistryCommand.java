package io.meterbill.jobs.cli;

import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.registry.RegistryImporter;
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

/** {@code meterbill registry ...}: accounts, service points, meters and installations. */
@Command(name = "registry", description = "Manage the registry of accounts, service points and meters.",
        mixinStandardHelpOptions = true, subcommands = RegistryCommand.Import.class)
public class RegistryCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import accounts.csv, service_points.csv, meters.csv and installations.csv from DIR.",
                "Re-importing updates existing rows. A file with any bad row is not imported at all;",
                "each bad row is listed with file, line and reason."})
    static class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "directory holding the registry CSV files")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return importRegistry((MeterbillCommand) spec.root().userObject(), dir, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    static int importRegistry(MeterbillCommand root, Path dir, PrintWriter out, PrintWriter err) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationProblem("registry directory " + dir + " does not exist");
        }
        try (ConfigurableApplicationContext context = root.startContext()) {
            return importRegistry(context, dir, out, err);
        }
    }

    static int importRegistry(ConfigurableApplicationContext context, Path dir, PrintWriter out, PrintWriter err)
            throws Exception {
        List<RegistryImporter.FileResult> results = context.getBean(RegistryImporter.class).importDirectory(dir);
        if (results.isEmpty()) {
            throw new ConfigurationProblem("no registry files (accounts.csv, service_points.csv, meters.csv,"
                    + " installations.csv) in " + dir);
        }
        boolean failed = false;
        for (RegistryImporter.FileResult result : results) {
            if (result.imported()) {
                out.printf("registry: %-20s %6d rows imported%n", result.file().getFileName(), result.rows());
            } else {
                failed = true;
                err.printf("registry: %-20s NOT imported%s:%n", result.file().getFileName(),
                        result.rows() == 0 ? "" : ", " + result.errors().size() + " bad row(s)");
                result.errors().forEach(e -> err.println("  " + e));
            }
        }
        out.flush();
        err.flush();
        return failed ? ExitCode.FAILED : ExitCode.COMPLETED;
    }
}
