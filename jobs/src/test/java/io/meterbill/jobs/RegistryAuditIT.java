package io.meterbill.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry audit} on a registry extract with one problem of each kind, and on the clean sample. */
class RegistryAuditIT {

    @TempDir
    Path tmp;

    @Test
    void listsEachProblemWithTheRowsInvolvedAndExitsTwo() throws IOException {
        Path registry = Files.createDirectories(tmp.resolve("registry"));
        Files.writeString(registry.resolve("accounts.csv"), """
                account_id,customer_name,mailing_address,email
                ACC-1,Ada Lovelace,1 Main St,
                """);
        Files.writeString(registry.resolve("service_points.csv"), """
                service_point_id,account_id,service_address,time_zone,commodity,tariff_code
                SP-1,ACC-1,1 Main St,America/New_York,ELECTRIC,RES-FLAT
                SP-2,ACC-1,2 Main St,America/New_York,ELECTRIC,RES-FLAT
                SP-3,ACC-1,3 Main St,America/New_York,GAS,GAS-TIERED
                SP-4,ACC-1,4 Main St,America/New_York,ELECTRIC,RES-FLAT
                """);
        Files.writeString(registry.resolve("meters.csv"), """
                meter_serial,commodity,model,retired_at
                M-1,ELECTRIC,Itron Riva,
                M-2,ELECTRIC,Itron Riva,
                M-3,ELECTRIC,Itron Riva,
                M-4,ELECTRIC,Itron Riva,2025-11-15T10:00:00-05:00
                """);
        Files.writeString(registry.resolve("installations.csv"), """
                meter_serial,service_point_id,installed_at,removed_at
                M-1,SP-1,2020-01-01T00:00:00-05:00,
                M-1,SP-2,2025-11-15T10:00:00-05:00,
                M-2,SP-1,2025-11-01T00:00:00-04:00,
                M-3,SP-3,2020-01-01T00:00:00-05:00,
                M-4,SP-4,2020-01-01T00:00:00-05:00,
                """);
        MeterbillHome home = new MeterbillHome(tmp.resolve("home"));
        MeterbillHome.Result imported = home.run("registry", "import", registry.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();

        MeterbillHome.Result audit = home.run("registry", "audit", "--cycle", "2025-11");
        assertThat(audit.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(audit.out()).contains("Registry audit for cycle 2025-11: 4 service points, 5 problem(s)")
                .containsPattern("METER_ON_TWO_SERVICE_POINTS +M-1 +installed on SP-1 from 2020-01-01T05:00:00Z")
                .containsPattern("TWO_METERS_ON_ONE_SERVICE_POINT +SP-1 +meters M-1 and M-2 both installed from"
                        + " 2025-11-01T04:00:00Z")
                .containsPattern("RETIRED_METER_INSTALLED +M-4 +retired at 2025-11-15T15:00:00Z but installed on SP-4")
                .containsPattern("COMMODITY_MISMATCH +M-3 +ELECTRIC meter installed on GAS service point SP-3")
                .containsPattern("SERVICE_POINT_WITHOUT_METER +SP-2 +no meter installed 2025-11-01T04:00:00Z to"
                        + " 2025-11-15T15:00:00Z");

        MeterbillHome clean = new MeterbillHome(tmp.resolve("clean"));
        assertThat(clean.run("registry", "import", "sample-data/registry").exitCode()).isZero();
        MeterbillHome.Result sample = clean.run("registry", "audit", "--cycle", "2025-11");
        assertThat(sample.exitCode()).isZero();
        assertThat(sample.out()).contains("50 service points, 0 problem(s)");
    }

    /**
     * An extract that names a service point twice (the second row would silently overwrite the first) is
     * refused whole, with file, line and id; none of its rows is imported, and the files after it wait.
     */
    @Test
    void anExtractNamingARecordTwiceIsRefusedWholeWithFileLineAndId() throws IOException {
        Path registry = Files.createDirectories(tmp.resolve("duplicates"));
        for (String name : List.of("accounts.csv", "meters.csv", "installations.csv")) {
            Files.copy(Path.of("sample-data/registry").resolve(name), registry.resolve(name));
        }
        List<String> servicePoints = new java.util.ArrayList<>(Files.readAllLines(Path.of("sample-data/registry/service_points.csv")));
        servicePoints.add(servicePoints.get(3).replace("193 Lakeview Dr", "1 Elsewhere Rd")); // SP-0003 again
        Files.write(registry.resolve("service_points.csv"), servicePoints);

        MeterbillHome home = new MeterbillHome(tmp.resolve("home-duplicates"));
        MeterbillHome.Result imported = home.run("registry", "import", registry.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(imported.err()).contains("service_points.csv:" + servicePoints.size()
                + ": service point SP-0003 appears twice (first at line 4)");
        assertThat(imported.err()).contains("meters.csv: skipped because service_points.csv was not imported");
        long servicePointsStored = home.query(jdbc -> jdbc.queryForObject("select count(*) from service_point", Long.class));
        long accountsStored = home.query(jdbc -> jdbc.queryForObject("select count(*) from account", Long.class));
        assertThat(servicePointsStored).isZero();
        assertThat(accountsStored).isPositive();
    }
}
