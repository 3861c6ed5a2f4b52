package io.meterbill.readers.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.Tariff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TariffYamlReaderTest {

    private final TariffYamlReader reader = new TariffYamlReader();

    @Test
    void loadsTheShippedResidentialTariffWithExactDecimals() throws Exception {
        Path file = Path.of("../config/tariffs/res-flat.yaml");
        Tariff tariff = reader.read("res-flat.yaml", Files.readString(file));
        assertThat(tariff.code().value()).isEqualTo("RES-FLAT");
        assertThat(tariff.versions()).hasSize(2);
        assertThat(tariff.versionOn(LocalDate.of(2025, 11, 1))).get()
                .satisfies(v -> assertThat(v.charges()).containsExactly(
                        new Charge.FixedMonthly("Customer charge", new java.math.BigDecimal("12.50")),
                        new Charge.Energy("Energy delivery and supply", new java.math.BigDecimal("0.1432")),
                        new Charge.PercentageTax("Sales tax", new java.math.BigDecimal("4"))));
    }

    /** An unquoted 0.1 must not pass through a double (0.1000000000000000055...). */
    @Test
    void unquotedNumbersStayExact() {
        Tariff tariff = reader.read("t.yaml", """
                code: T
                name: t
                currency: USD
                versions:
                  - effective_from: 2025-01-01
                    charges:
                      - {type: energy, name: Energy, rate_per_kwh: 0.1}
                """);
        Charge.Energy energy = (Charge.Energy) tariff.versions().get(0).charges().get(0);
        assertThat(energy.ratePerKwh().toPlainString()).isEqualTo("0.1");
    }

    @Test
    void errorsNameTheFileAndField() {
        assertThatThrownBy(() -> reader.read("t.yaml", "code: T\nname: t\ncurrency: XYZ\nversions: []\n"))
                .hasMessage("t.yaml: currency: 'XYZ' is not an ISO 4217 code");
        assertThatThrownBy(() -> reader.read("t.yaml", """
                code: T
                name: t
                currency: USD
                versions:
                  - effective_from: 2025-02-30
                    charges: [{type: energy, name: E, rate_per_kwh: 1}]
                """)).hasMessage("t.yaml: versions[0].effective_from: '2025-02-30' is not a date YYYY-MM-DD");
        assertThatThrownBy(() -> reader.read("t.yaml", """
                code: T
                name: t
                currency: USD
                versions:
                  - effective_from: 2025-01-01
                    charges: [{type: demand, name: D, rate_per_kw: 1}]
                """)).hasMessage("t.yaml: versions[0].charges[0].type: 'demand' is not one of fixed_monthly, energy,"
                + " percentage_tax");
        assertThatThrownBy(() -> reader.read("t.yaml", "code: T\nname: t\ncurrency: USD\nrates: 1\n"))
                .hasMessageStartingWith("t.yaml: rates: unknown field");
        assertThatThrownBy(() -> reader.read("t.yaml", "code: [unclosed"))
                .hasMessageStartingWith("t.yaml: not valid YAML");
    }

    @Test
    void overlappingVersionsAreRefused() {
        assertThatThrownBy(() -> reader.read("t.yaml", """
                code: T
                name: t
                currency: USD
                versions:
                  - effective_from: 2025-01-01
                    charges: [{type: energy, name: E, rate_per_kwh: 1}]
                  - effective_from: 2025-06-01
                    charges: [{type: energy, name: E, rate_per_kwh: 2}]
                """)).hasMessageContaining("t.yaml: versions: tariff T: version effective 2025-01-01 overlaps");
    }
}
