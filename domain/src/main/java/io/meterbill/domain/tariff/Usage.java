package io.meterbill.domain.tariff;

/**
 * What is rated: interval reads ({@link IntervalUsage}) or totals taken from a bill
 * ({@link UsageTotals}). Quantities are in the tariff's consumption unit (kWh, therm, m3, ...).
 */
public sealed interface Usage permits IntervalUsage, UsageTotals {
}
