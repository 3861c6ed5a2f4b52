package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantityUnitTest {

    @Test
    void convertsExactlyToMilliKwh() {
        assertThat(QuantityUnit.KWH.toMilliKwh(new BigDecimal("0.231"))).isEqualTo(231);
        assertThat(QuantityUnit.WH.toMilliKwh(new BigDecimal("231"))).isEqualTo(231);
        assertThat(QuantityUnit.MWH.toMilliKwh(new BigDecimal("0.0012"))).isEqualTo(1_200);
        assertThat(QuantityUnit.KWH.toMilliKwh(new BigDecimal("1.2300"))).isEqualTo(1_230);
    }

    @Test
    void refusesAValueFinerThanAMilliUnitInsteadOfRounding() {
        assertThatThrownBy(() -> QuantityUnit.KWH.toMilliKwh(new BigDecimal("0.2315")))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void unitSymbolsAreCaseInsensitive() {
        assertThat(QuantityUnit.fromSymbol("KWH")).contains(QuantityUnit.KWH);
        assertThat(QuantityUnit.fromSymbol("BTU")).isEmpty();
    }
}
