package io.meterbill.domain.bill;

/** The kind of charge a bill line is, as shown on statements and in the bill register. */
public enum ChargeType {
    FIXED,
    ENERGY,
    TAX
}
