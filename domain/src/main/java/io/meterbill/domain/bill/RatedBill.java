package io.meterbill.domain.bill;

import io.meterbill.domain.cycle.BillingWindow;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.BillCalculation;
import io.meterbill.domain.tariff.TariffCode;
import java.util.List;
import java.util.Objects;

/**
 * The bill of one service point for one billing window: the engine's calculation (lines, totals,
 * determinants, assumptions) for that service point and window.
 */
public record RatedBill(ServicePointId servicePoint, BillingWindow window, BillCalculation calculation) {
    public RatedBill {
        Objects.requireNonNull(servicePoint, "servicePoint");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(calculation, "calculation");
    }

    public TariffCode tariff() {
        return calculation.tariff();
    }

    public List<BillLine> lines() {
        return calculation.lines();
    }

    public Money subtotal() {
        return calculation.subtotal();
    }

    public Money tax() {
        return calculation.tax();
    }

    public Money total() {
        return calculation.total();
    }

    public List<String> assumptions() {
        return calculation.assumptions();
    }
}
