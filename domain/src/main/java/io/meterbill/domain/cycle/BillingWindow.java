package io.meterbill.domain.cycle;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The billing period of one service point in a cycle: local dates [{@code from}, {@code to}) in
 * {@code zone}, and the same period as instants [{@code start}, {@code end}).
 */
public record BillingWindow(LocalDate from, LocalDate to, ZoneId zone, Instant start, Instant end) {

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** Whether the interval [intervalStart, intervalStart + length) lies wholly inside the window. */
    public boolean containsInterval(Instant intervalStart, Duration length) {
        return contains(intervalStart) && !intervalStart.plus(length).isAfter(end);
    }

    public long days() {
        return to.toEpochDay() - from.toEpochDay();
    }
}
