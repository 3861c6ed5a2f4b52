package io.meterbill.domain.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillDetailTest {

    private static BillLine line(int no, ChargeType type, String description, String season, String period, String qty,
            String unit, String amount) {
        return new BillLine(no, type, description, season, period, null, new BigDecimal(qty), unit, BigDecimal.ONE,
                BigDecimal.ONE, Money.of(amount, "USD"), "T@2025-01-01");
    }

    private static final List<BillLine> LINES = List.of(
            line(1, ChargeType.FIXED, "Customer charge", null, null, "1", "bill", "12.00"),
            line(2, ChargeType.ENERGY, "On-peak", "summer", "on_peak", "110", "kWh", "33.00"),
            line(3, ChargeType.ENERGY, "Off-peak tier 1", "summer", "off_peak", "400", "kWh", "32.00"),
            line(4, ChargeType.ENERGY, "Off-peak tier 2", "summer", "off_peak", "234", "kWh", "28.08"),
            line(5, ChargeType.TAX, "Tax 4 %", null, null, "105.08", "USD", "4.20"));

    /** The levels of the bill-match guide: charge type and TOU groups the off-peak tiers (634 kWh, $60.08). */
    @Test
    void groupsLinesAtEachLevelOfDetail() {
        assertThat(BillDetail.group(LINES, BillDetail.Level.TOTAL)).singleElement()
                .satisfies(r -> assertThat(r.amount().amount()).isEqualByComparingTo("109.28"));
        assertThat(BillDetail.group(LINES, BillDetail.Level.CHARGE_TYPE))
                .extracting(r -> r.label() + "=" + r.amount().amount() + "/" + r.quantity())
                .containsExactly("FIXED=12.00/null", "ENERGY=93.08/744", "TAX=4.20/105.08");
        assertThat(BillDetail.group(LINES, BillDetail.Level.CHARGE_TYPE_AND_TOU))
                .extracting(r -> r.label() + "=" + r.amount().amount())
                .containsExactly("FIXED=12.00", "ENERGY summer on_peak=33.00", "ENERGY summer off_peak=60.08", "TAX=4.20");
        assertThat(BillDetail.group(LINES, BillDetail.Level.RATE)).hasSize(5);
    }

    @Test
    void parsesTheCommandLineNamesOfTheLevels() {
        assertThat(BillDetail.Level.parse("charge-type-and-tou")).isEqualTo(BillDetail.Level.CHARGE_TYPE_AND_TOU);
        assertThatThrownBy(() -> BillDetail.Level.parse("tou")).hasMessageContaining("not 'tou'");
    }
}
