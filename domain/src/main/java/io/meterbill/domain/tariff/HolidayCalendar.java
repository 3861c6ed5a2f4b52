package io.meterbill.domain.tariff;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Objects;

/**
 * The holidays a tariff's time-of-use schedule treats as {@link DayType#HOLIDAY}. Rules are fixed
 * dates (with how a weekend date is observed), the
 * n-th or last weekday of a month, or single dates.
 */
public record HolidayCalendar(String name, List<Rule> rules) {

    public sealed interface Rule permits FixedDate, NthWeekday, SingleDate {
        boolean matches(LocalDate day);
    }

    /** How a fixed-date holiday that falls on a weekend is observed. */
    public enum Observance {
        /** Only the date itself. */
        NONE,
        /** A Sunday holiday is also observed on the Monday after (NERC). */
        SUNDAY_TO_MONDAY,
        /** A Saturday holiday is observed on the Friday before, a Sunday one on the Monday after (US federal). */
        NEAREST_WEEKDAY
    }

    /** A date every year, observed as {@code observance} says. */
    public record FixedDate(MonthDay date, Observance observance) implements Rule {
        public FixedDate {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(observance, "observance");
        }

        @Override
        public boolean matches(LocalDate day) {
            if (isActual(day)) {
                return true;
            }
            if (observance != Observance.NONE && day.getDayOfWeek() == DayOfWeek.MONDAY
                    && isActual(day.minusDays(1))) {
                return true;
            }
            return observance == Observance.NEAREST_WEEKDAY && day.getDayOfWeek() == DayOfWeek.FRIDAY
                    && isActual(day.plusDays(1));
        }

        private boolean isActual(LocalDate day) {
            return day.getMonth() == date.getMonth() && day.getDayOfMonth() == date.getDayOfMonth();
        }
    }

    /** The {@code n}-th (1-5) or, with n = -1, the last {@code weekday} of {@code month}. */
    public record NthWeekday(Month month, DayOfWeek weekday, int n) implements Rule {
        public NthWeekday {
            if (n == 0 || n < -1 || n > 5) {
                throw new IllegalArgumentException("n must be 1-5 or -1 (last), not " + n);
            }
        }

        @Override
        public boolean matches(LocalDate day) {
            if (day.getMonth() != month || day.getDayOfWeek() != weekday) {
                return false;
            }
            LocalDate target = n == -1 ? day.with(TemporalAdjusters.lastInMonth(weekday))
                    : day.with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
            return target.equals(day);
        }
    }

    public record SingleDate(LocalDate date) implements Rule {
        @Override
        public boolean matches(LocalDate day) {
            return date.equals(day);
        }
    }

    public HolidayCalendar {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
    }

    public static HolidayCalendar none() {
        return new HolidayCalendar("none", List.of());
    }

    /**
     * The six NERC off-peak holidays most US time-of-use tariffs use: New Year's Day, Memorial Day,
     * Independence Day, Labor Day, Thanksgiving Day and Christmas Day; a Sunday holiday is observed on
     * the Monday (NERC does not move Saturday holidays).
     */
    public static HolidayCalendar nerc() {
        return new HolidayCalendar("nerc", List.of(
                new FixedDate(MonthDay.of(1, 1), Observance.SUNDAY_TO_MONDAY), new NthWeekday(Month.MAY, DayOfWeek.MONDAY, -1),
                new FixedDate(MonthDay.of(7, 4), Observance.SUNDAY_TO_MONDAY), new NthWeekday(Month.SEPTEMBER, DayOfWeek.MONDAY, 1),
                new NthWeekday(Month.NOVEMBER, DayOfWeek.THURSDAY, 4),
                new FixedDate(MonthDay.of(12, 25), Observance.SUNDAY_TO_MONDAY)));
    }

    public boolean isHoliday(LocalDate day) {
        for (Rule rule : rules) {
            if (rule.matches(day)) {
                return true;
            }
        }
        return false;
    }

    public DayType dayTypeOf(LocalDate day) {
        if (isHoliday(day)) {
            return DayType.HOLIDAY;
        }
        return TouSchedule.dayTypeOf(day.getDayOfWeek());
    }
}
