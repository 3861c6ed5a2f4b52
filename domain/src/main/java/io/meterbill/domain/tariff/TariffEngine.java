package io.meterbill.domain.tariff;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.bill.Money;
import io.meterbill.domain.bill.RatedBill;
import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePointId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Rates one service point's determinants for one billing window under a tariff. A pure function:
 * the same inputs always give the same bill.
 *
 * <p>Rounding: every line is rounded to the currency's minor unit, half-up; the subtotal is the sum
 * of the rounded non-tax lines; a percentage tax is computed on that subtotal and rounded half-up.
 *
 * <p>This engine rates with the single version in force for the whole window. A version that starts
 * or ends inside the window is refused (the service point is not billed and the reason says why)
 * rather than billed on the wrong rates; splitting at version boundaries belongs to the full engine.
 */
public final class TariffEngine {

    public RatedBill rate(ServicePointId servicePoint, BillingWindow window, Determinants determinants, Tariff tariff) {
        TariffVersion version = tariff.versionOn(window.from())
                .orElseThrow(() -> new RatingException("tariff " + tariff.code() + " has no version in force on "
                        + window.from()));
        java.time.LocalDate lastDay = window.to().minusDays(1);
        if (!version.inForceOn(lastDay)) {
            throw new RatingException("tariff " + tariff.code() + " changes version inside the billing period "
                    + window.from() + " to " + lastDay + "; mid-period version changes are not rated yet");
        }
        String label = tariff.versionLabel(version);
        var currency = tariff.currency();
        List<BillLine> lines = new ArrayList<>();
        Money subtotal = Money.zero(currency);
        for (Charge charge : version.charges()) {
            BillLine line;
            if (charge instanceof Charge.FixedMonthly fixed) {
                line = new BillLine(lines.size() + 1, ChargeType.FIXED, fixed.name(), BigDecimal.ONE, "month",
                        fixed.amount(), new Money(fixed.amount(), currency), label);
            } else if (charge instanceof Charge.Energy energy) {
                line = new BillLine(lines.size() + 1, ChargeType.ENERGY, energy.name(), determinants.deliveredKwh(),
                        "kWh", energy.ratePerKwh(),
                        new Money(determinants.deliveredKwh().multiply(energy.ratePerKwh()), currency), label);
            } else if (charge instanceof Charge.PercentageTax) {
                continue; // taxes apply to the subtotal, below
            } else {
                throw new IllegalStateException("charge kind not rated: " + charge);
            }
            lines.add(line);
            subtotal = subtotal.plus(line.amount());
        }
        Money taxTotal = Money.zero(currency);
        for (Charge charge : version.charges()) {
            if (charge instanceof Charge.PercentageTax tax) {
                Money amount = new Money(subtotal.amount().multiply(tax.percent()).movePointLeft(2), currency);
                lines.add(new BillLine(lines.size() + 1, ChargeType.TAX, tax.name(), subtotal.amount(),
                        currency.getCurrencyCode(), tax.percent(), amount, label));
                taxTotal = taxTotal.plus(amount);
            }
        }
        List<String> assumptions = List.of("tariff version " + label + " in force for the whole period "
                + window.from() + " to " + lastDay + " (" + window.days() + " days)");
        return new RatedBill(servicePoint, window, tariff.code(), lines, subtotal, taxTotal, subtotal.plus(taxTotal),
                assumptions);
    }
}
