package io.meterbill.domain.tariff;

import java.math.BigDecimal;

/** How quantities, rates and limits are written in assumptions, reports and catalog files. */
public final class Decimals {

    private Decimals() {
    }

    /** Without trailing zeros or exponent: 140.000 -> "140", 0.24500 -> "0.245", 1E+2 -> "100". */
    public static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
