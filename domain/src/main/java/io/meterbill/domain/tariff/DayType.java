package io.meterbill.domain.tariff;

/** How a tariff's time-of-use schedule classifies a local day. A holiday takes precedence over a weekend. */
public enum DayType {
    WEEKDAY,
    WEEKEND,
    HOLIDAY
}
