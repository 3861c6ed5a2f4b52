package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantityUnitTest {

    @Test
    void convertsExactlyToMilliKwh() {
        assertThat(QuantityUnit.KWH.toMilliUnits(new BigDecimal("0.231"))).isEqualTo(231);
        assertThat(QuantityUnit.WH.toMilliUnits(new BigDecimal("231"))).isEqualTo(231);
        assertThat(QuantityUnit.MWH.toMilliUnits(new BigDecimal("0.0012"))).isEqualTo(1_200);
        assertThat(QuantityUnit.KWH.toMilliUnits(new BigDecimal("1.2300"))).isEqualTo(1_230);
    }

    @Test
    void refusesAValueFinerThanAMilliUnitInsteadOfRounding() {
        assertThatThrownBy(() -> QuantityUnit.KWH.toMilliUnits(new BigDecimal("0.2315")))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void unitSymbolsAreCaseInsensitive() {
        assertThat(QuantityUnit.fromSymbol("KWH")).contains(QuantityUnit.KWH);
        assertThat(QuantityUnit.fromSymbol("BTU")).isEmpty();
    }

    /** The text parser gives exactly what BigDecimal gives, or fails the same way, for every unit. */
    @Test
    void parsesDecimalTextExactlyAsBigDecimalDoes() {
        String[] texts = {"0", "0.231", "1.2300", "231", "0.2315", "12345678.999", "-1.5", "+2.25", ".5", "5.", "007.010",
            "1e3", "1E-3", "abc", "", ".", "-", "1.2.3", "1 2", "9223372036854775807", "99999999999999999999",
            "0.0000000000000000001", "0.00000000000000000000", "123456789012345678.9"};
        for (QuantityUnit unit : QuantityUnit.values()) {
            for (String text : texts) {
                String padded = "[" + text + "]";
                Object expected;
                try {
                    expected = unit.toMilliUnits(new BigDecimal(text));
                } catch (RuntimeException e) {
                    expected = e.getClass();
                }
                Object actual;
                try {
                    actual = unit.toMilliUnits(padded, 1, padded.length() - 1, '.');
                } catch (RuntimeException e) {
                    actual = e.getClass();
                }
                assertThat(actual).as(unit + " " + text).isEqualTo(expected);
            }
        }
        assertThat(QuantityUnit.KWH.toMilliUnits("1,25", 0, 4, ',')).isEqualTo(1_250);
        assertThat(QuantityUnit.WH.toMilliUnits("1,0", 0, 3, ',')).isEqualTo(1);
    }
}
