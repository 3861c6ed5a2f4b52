package io.meterbill.domain.tariff;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What the engine computed for one billing period: the lines, their totals, the determinants they
 * were computed from (per version, season and TOU period), and the assumptions made, so that every
 * number can be explained. {@code consumption} and {@code export} are the period's delivered and
 * received quantities in {@code unit}. {@code peakDemand} is the period's maximum demand (null when the tariff
 * has no demand charge), kept for later ratchets; {@code creditCarriedForward} is the net-metering
 * credit left for the next bill.
 */
public record BillCalculation(TariffCode tariff, LocalDate from, LocalDate to, List<BillLine> lines, Money subtotal,
        Money tax, Money total, BigDecimal consumption, BigDecimal export, String unit, List<Determinant> determinants,
        List<String> assumptions, BigDecimal peakDemand, Money creditCarriedForward) {

    /** Measured quantities of one season and TOU period of a schedule, within one tariff version. */
    public record Determinant(String tariffVersion, String schedule, String season, String period, BigDecimal delivered,
            BigDecimal received, String unit) {
    }

    public BillCalculation {
        Objects.requireNonNull(tariff, "tariff");
        lines = List.copyOf(lines);
        determinants = List.copyOf(determinants);
        assumptions = List.copyOf(assumptions);
        if (!subtotal.plus(tax).equals(total)) {
            throw new IllegalArgumentException("total " + total + " is not subtotal " + subtotal + " + tax " + tax);
        }
    }
}
