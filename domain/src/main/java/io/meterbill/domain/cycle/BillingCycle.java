package io.meterbill.domain.cycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A monthly billing cycle, named {@code YYYY-MM}. A service point's billing window for the cycle is
 * the calendar month in its own time zone: local midnight on the 1st to local midnight on the 1st of
 * the next month, so a DST month is 743 or 745 hours long.
 */
public record BillingCycle(YearMonth month) {
    public BillingCycle {
        Objects.requireNonNull(month, "month");
    }

    public static BillingCycle parse(String text) {
        try {
            return new BillingCycle(YearMonth.parse(text.strip()));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("cycle must be YYYY-MM, e.g. 2025-11, not '" + text + "'");
        }
    }

    public String id() {
        return month.toString();
    }

    public LocalDate firstDay() {
        return month.atDay(1);
    }

    /** The first day after the cycle (exclusive end date). */
    public LocalDate endDay() {
        return month.plusMonths(1).atDay(1);
    }

    public BillingWindow windowIn(ZoneId zone) {
        Instant start = firstDay().atStartOfDay(zone).toInstant();
        Instant end = endDay().atStartOfDay(zone).toInstant();
        return new BillingWindow(firstDay(), endDay(), zone, start, end);
    }

    @Override
    public String toString() {
        return id();
    }
}
