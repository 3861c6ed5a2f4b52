package io.meterbill.domain.bill;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a bill, carrying everything needed to explain it: the charge type, the season, TOU
 * period and tier it belongs to (null where they do not apply), the determinant (quantity and unit),
 * the rate, the factor the product was scaled by (1, or the share of the billing period a prorated
 * charge applies to), the amount rounded half-up to the currency's minor unit, and the tariff version
 * that set the rate. {@code amount = round(determinant x rate x factor)}; for a percentage tax the
 * determinant is the taxable amount and the rate the percentage divided by 100.
 */
public record BillLine(int lineNo, ChargeType chargeType, String description, String season, String touPeriod,
        Integer tier, BigDecimal determinant, String determinantUnit, BigDecimal rate, BigDecimal factor,
        Money amount, String tariffVersion) {
    public BillLine {
        if (lineNo < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
        Objects.requireNonNull(chargeType, "chargeType");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(determinant, "determinant");
        Objects.requireNonNull(determinantUnit, "determinantUnit");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(tariffVersion, "tariffVersion");
    }

    /** The same line renumbered. */
    public BillLine withLineNo(int number) {
        return new BillLine(number, chargeType, description, season, touPeriod, tier, determinant, determinantUnit,
                rate, factor, amount, tariffVersion);
    }
}
