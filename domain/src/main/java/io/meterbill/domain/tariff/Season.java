package io.meterbill.domain.tariff;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * A named part of the year, from {@code first} to {@code last} inclusive; it may wrap the year end
 * (winter from 10-01 to 05-31). The seasons of a tariff version cover every day exactly once.
 */
public record Season(String name, MonthDay first, MonthDay last) {
    public Season {
        TariffNames.require(name, "season name");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
    }

    /** The season of a version that declares none. */
    public static Season allYear() {
        return new Season("all_year", MonthDay.of(1, 1), MonthDay.of(12, 31));
    }

    public boolean contains(LocalDate day) {
        MonthDay md = MonthDay.from(day);
        if (!first.isAfter(last)) {
            return !md.isBefore(first) && !md.isAfter(last);
        }
        return !md.isBefore(first) || !md.isAfter(last);
    }

    /** Whether the season begins and ends on month boundaries, so that it can be used in hour-by-month schedules. */
    public boolean isWholeMonths() {
        return first.getDayOfMonth() == 1 && last.getDayOfMonth() == last.getMonth().maxLength();
    }
}
