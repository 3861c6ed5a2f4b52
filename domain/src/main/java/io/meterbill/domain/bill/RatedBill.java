package io.meterbill.domain.bill;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.TariffCode;
import java.util.List;
import java.util.Objects;

/**
 * The result of rating one service point for one billing window: immutable lines, their totals, and
 * the assumptions the engine made (which tariff version, defaults), so that every number on the bill
 * can be explained.
 */
public record RatedBill(ServicePointId servicePoint, BillingWindow window, TariffCode tariff, List<BillLine> lines,
        Money subtotal, Money tax, Money total, List<String> assumptions) {
    public RatedBill {
        Objects.requireNonNull(servicePoint, "servicePoint");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(tariff, "tariff");
        lines = List.copyOf(lines);
        assumptions = List.copyOf(assumptions);
        if (!subtotal.plus(tax).equals(total)) {
            throw new IllegalArgumentException("total " + total + " is not subtotal " + subtotal + " + tax " + tax);
        }
    }
}
