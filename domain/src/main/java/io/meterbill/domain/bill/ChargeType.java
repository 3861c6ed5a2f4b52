package io.meterbill.domain.bill;

/**
 * The kind of charge a bill line is, as grouped on statements, in the bill register and by the
 * calculator's {@code charge-type} detail level.
 */
public enum ChargeType {
    /** Per bill, per day or per month, whatever the usage. */
    FIXED,
    /** Per unit of consumption (kWh, therm, m3, gallon): flat, tiered, time-of-use. */
    ENERGY,
    /** Per kW of maximum demand over the tariff's demand interval. */
    DEMAND,
    /** Raises the bill to the tariff's minimum charge. */
    MINIMUM,
    /** Percentage or per-unit surcharges that are part of the subtotal (riders, programme charges). */
    SURCHARGE,
    /** Net-metering export credits and credit carried in from or forward to other bills. */
    CREDIT,
    /** One-off credits and charges an operator added to this bill (goodwill, corrections). */
    ADJUSTMENT,
    /** Taxes: computed on the charges they apply to, below the subtotal. */
    TAX
}
