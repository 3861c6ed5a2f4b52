package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.meterbill.jobs.cli.MeterbillCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages for operators and schedulers: usage errors, bad registry files, bad tariffs. */
class CommandLineIT {

    @TempDir
    Path tmp;

    @Test
    void helpAndUsageErrorsNeedNoDatabase() {
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        MeterbillHome.Result help = home.run("cycle", "run", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--cycle=YYYY-MM", "--partitions");

        MeterbillHome.Result missing = home.run("cycle", "run", "--cycle", "2025-11");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err().strip()).isEqualTo(
                "meterbill: Missing required option: '--input=PATH' (see: meterbill cycle run --help)");

        MeterbillHome.Result misspelt = home.run("cycle", "stauts");
        assertThat(misspelt.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(misspelt.err().strip()).startsWith("meterbill: Unmatched argument at index ") // after --home H
                .endsWith(": 'stauts'; did you mean status or restart or stop? (see: meterbill cycle --help)");

        assertThat(Files.exists(tmp.resolve("home/pgdata"))).as("no database was started").isFalse();
    }

    @Test
    void badConfigurationIsOneLineAndExit2() {
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        MeterbillHome.Result badCycle = home.run("cycle", "run", "--cycle", "2025-13", "--input", "sample-data/reads");
        assertThat(badCycle.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badCycle.err().strip()).isEqualTo("meterbill: cycle must be YYYY-MM, e.g. 2025-11, not '2025-13'");

        MeterbillHome.Result emptyRegistry = home.run("cycle", "run", "--cycle", "2025-11", "--input",
                "sample-data/reads");
        assertThat(emptyRegistry.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(emptyRegistry.err().strip().lines()).hasSize(1);
        assertThat(emptyRegistry.err()).contains("import the registry first");
    }

    @Test
    void inputThatCannotBeTheCycleIsRefusedBeforeTheCycleExists() throws Exception {
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
        MeterbillHome.Result wrongMonth = home.run("cycle", "run", "--cycle", "2025-10", "--input", "sample-data/reads");
        assertThat(wrongMonth.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrongMonth.err()).contains("does not look like cycle 2025-10", "check --cycle and --input");

        MeterbillHome.Result noFiles = home.run("cycle", "run", "--cycle", "2025-11", "--input", "config/tariffs");
        assertThat(noFiles.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noFiles.err()).contains("holds no interval files");

        MeterbillHome.Result noMatch = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads/*.xml");
        assertThat(noMatch.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noMatch.err()).contains("holds no files (the glob matches none)");
        MeterbillHome.Result noDirectory = home.run("cycle", "run", "--cycle", "2025-11", "--input", "no-such-dir/*.csv");
        assertThat(noDirectory.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noDirectory.err()).contains("input no-such-dir/*.csv does not exist");

        Long instances = home.query(jdbc -> jdbc.queryForObject("select count(*) from batch_job_instance", Long.class));
        assertThat(instances).as("a refused run leaves no job instance behind").isZero();

        // a quoted glob, as the README shows, is an input like a directory
        MeterbillHome.Result glob = home.run("cycle", "run", "--cycle", "2025-11", "--input",
                "sample-data/reads/reads-2025-11-*.csv");
        assertThat(glob.exitCode()).as(glob.toString()).isZero();
        assertThat(glob.out()).containsPattern("Input rows \\(listed files\\)\\s+141427\n");
        // the month is billed: another input is not billed on top, and the operator is told which input it was
        MeterbillHome.Result again = home.run("cycle", "run", "--cycle", "2025-11", "--input", "sample-data/reads");
        assertThat(again.exitCode()).isEqualTo(ExitCode.NOTHING_TO_DO);
        assertThat(again.err() + again.out()).contains("already completed").contains("it was billed from ")
                .contains("reads-2025-11-*.csv, not sample-data/reads");
    }

    @Test
    void aCycleIsOnlyResumedOnTheInputItStartedOn() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        for (String name : List.of("reads-2025-11-01_10.csv", "reads-2025-11-11_20.csv", "reads-2025-11-21_30.csv")) {
            Files.copy(Path.of("sample-data/reads").resolve(name), input.resolve(name));
        }
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        home.importSampleRegistryAndTariffs();
        MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", "SP-0010");
        try {
            assertThat(home.run("cycle", "run", "--cycle", "2025-11", "--input", input.toString()).exitCode())
                    .isEqualTo(ExitCode.FAILED);
        } finally {
            MeterbillCommand.setExtraProperty("meterbill.fault-injection.fail-rating-at", null);
        }
        Path changed = input.resolve("reads-2025-11-21_30.csv");
        Files.writeString(changed, "M-10000001,2025-11-30T23:45:00-05:00,15,kwh_del,0.100,kWh\n",
                java.nio.file.StandardOpenOption.APPEND);

        MeterbillHome.Result refused = home.run("cycle", "restart", "--cycle", "2025-11");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("input file " + changed.toAbsolutePath().normalize(),
                "changed since cycle 2025-11 started", "restore the original file");
    }

    @Test
    void theHomeOptionAlwaysDecidesTheDatabase() {
        // METERBILL_HOME cannot be set from a test, but a system property of the same name is the same
        // relaxed binding: it must not override --home
        System.setProperty("meterbill.home", tmp.resolve("elsewhere").toString());
        try {
            MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
            assertThat(home.run("tariffs", "import", "config/tariffs").exitCode()).isZero();
            assertThat(Files.exists(tmp.resolve("home/pgdata/PG_VERSION"))).isTrue();
            assertThat(Files.exists(tmp.resolve("elsewhere"))).isFalse();
        } finally {
            System.clearProperty("meterbill.home");
        }
    }

    @Test
    void aRegistryFileWithABadRowIsNotImportedAtAllAndEachBadRowIsNamed() throws Exception {
        Path registry = Files.createDirectories(tmp.resolve("registry"));
        Files.writeString(registry.resolve("accounts.csv"), """
                account_id,customer_name,mailing_address,email
                ACC-1,Ada Lovelace,"1 Main St, Riverton NY",ada@example.com
                ACC-2,,"2 Main St, Riverton NY",b@example.com
                ACC-3,Charles Babbage,"3 Main St, Riverton NY",not-an-email
                """);
        Files.writeString(registry.resolve("service_points.csv"), """
                service_point_id,account_id,service_address,time_zone,commodity,tariff_code
                SP-1,ACC-1,1 Main St,America/New_York,ELECTRIC,RES-FLAT
                """);
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        MeterbillHome.Result result = home.run("registry", "import", registry.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(result.err()).contains("accounts.csv:3: customer_name is empty")
                .contains("accounts.csv:4: email 'not-an-email' is not an e-mail address")
                .contains("service_points.csv: skipped because accounts.csv was not imported");
        Long accounts = home.query(jdbc -> jdbc.queryForObject("select count(*) from account", Long.class));
        assertThat(accounts).isZero();

        // fixed file: re-import is an upsert, so importing twice leaves one row per account
        Files.writeString(registry.resolve("accounts.csv"), """
                account_id,customer_name,mailing_address,email
                ACC-1,Ada Lovelace,"1 Main St, Riverton NY",ada@example.com
                """);
        assertThat(home.run("registry", "import", registry.toString()).exitCode()).isZero();
        assertThat(home.run("registry", "import", registry.toString()).exitCode()).isZero();
        Long joined = home.query(jdbc -> jdbc.queryForObject(
                "select count(*) from account a join service_point s using (account_id)", Long.class));
        assertThat(joined).isEqualTo(1);
    }

    @Test
    void anInvalidTariffIsRefusedNamingFileAndField() throws Exception {
        Path tariffs = Files.createDirectories(tmp.resolve("tariffs"));
        Files.writeString(tariffs.resolve("bad.yaml"), """
                code: BAD
                name: Bad tariff
                currency: USD
                time_zone: America/New_York
                versions:
                  - effective_from: 2025-01-01
                    charges:
                      - type: energy
                        name: Energy
                        rate: "0,14"
                """);
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        MeterbillHome.Result result = home.run("tariffs", "import", tariffs.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err().strip()).isEqualTo(
                "meterbill: tariff not imported: bad.yaml: versions[0].charges[0].rate: '0,14' is not a decimal number");
    }
}
