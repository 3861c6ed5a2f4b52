package io.meterbill.domain.bill;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a bill, carrying everything needed to explain it: the determinant (quantity and unit)
 * it was computed from, the rate, the rounded amount, and the tariff version that set the rate.
 * For a tax line the determinant is the taxable amount and the rate is the percentage.
 */
public record BillLine(int lineNo, ChargeType chargeType, String description, BigDecimal determinant,
        String determinantUnit, BigDecimal rate, Money amount, String tariffVersion) {
    public BillLine {
        if (lineNo < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
        Objects.requireNonNull(chargeType, "chargeType");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(determinant, "determinant");
        Objects.requireNonNull(determinantUnit, "determinantUnit");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(tariffVersion, "tariffVersion");
    }
}
