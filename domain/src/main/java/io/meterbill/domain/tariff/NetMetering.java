package io.meterbill.domain.tariff;

import java.math.BigDecimal;
import java.time.Month;
import java.util.Map;
import java.util.Objects;

/**
 * Net metering for service points with an export channel. Within each season and TOU period of the
 * version's first schedule, delivered and received energy are netted over the billing period
 * (monthly netting): energy charges apply to the net delivered part; the exported surplus earns a
 * credit at the retail energy rate of its period, at a fixed export rate, or at TOU export rates.
 * Credits offset energy charges; what is left is carried to the next bill, and in the true-up month
 * it is forfeited or paid out, as the tariff says.
 */
public record NetMetering(ExportCredit exportCredit, BigDecimal fixedRate, Map<String, BigDecimal> touRates,
        Month trueUpMonth, TrueUp atTrueUp) {

    public enum ExportCredit {
        RETAIL,
        FIXED,
        TOU
    }

    public enum TrueUp {
        FORFEIT,
        PAY_OUT
    }

    public NetMetering {
        Objects.requireNonNull(exportCredit, "exportCredit");
        touRates = Map.copyOf(touRates);
        if (exportCredit == ExportCredit.FIXED && fixedRate == null) {
            throw new IllegalArgumentException("a fixed export credit needs its rate");
        }
        if (exportCredit == ExportCredit.TOU && touRates.isEmpty()) {
            throw new IllegalArgumentException("TOU export credit needs a rate per period");
        }
        Objects.requireNonNull(atTrueUp, "atTrueUp");
    }
}
