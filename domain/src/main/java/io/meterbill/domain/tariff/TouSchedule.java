package io.meterbill.domain.tariff;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A time-of-use schedule: which named period each hour belongs to, by month x day type x hour of the
 * local day (the shape utilities publish and OpenEI URDB stores). A version usually has one schedule;
 * tariffs imported from URDB have separate energy and demand schedules.
 */
public final class TouSchedule {

    /** One authoring rule: hours [fromHour, toHour) of the given day types in the given months are {@code period}. */
    public record Rule(String period, Set<Month> months, Set<DayType> dayTypes, int fromHour, int toHour) {
        public Rule {
            TariffNames.require(period, "period");
            months = months.isEmpty() ? EnumSet.allOf(Month.class) : EnumSet.copyOf(months);
            dayTypes = dayTypes.isEmpty() ? EnumSet.allOf(DayType.class) : EnumSet.copyOf(dayTypes);
            if (fromHour < 0 || toHour > 24 || fromHour >= toHour) {
                throw new IllegalArgumentException("hours " + fromHour + "-" + toHour + " are not a range within 0-24");
            }
        }
    }

    private final String name;
    private final List<String> periods;
    private final byte[] table;

    /**
     * @param table period index for each (month 0-11, day type ordinal, hour 0-23), at
     *              {@code (month * 3 + dayType) * 24 + hour}
     */
    public TouSchedule(String name, List<String> periods, byte[] table) {
        this.name = TariffNames.require(name, "schedule name");
        this.periods = List.copyOf(periods);
        if (this.periods.isEmpty() || this.periods.size() > 127) {
            throw new IllegalArgumentException("schedule " + name + " needs 1 to 127 periods");
        }
        if (table.length != 12 * 3 * 24) {
            throw new IllegalArgumentException("schedule table must have 12 x 3 x 24 entries");
        }
        for (byte b : table) {
            if (b < 0 || b >= this.periods.size()) {
                throw new IllegalArgumentException("schedule " + name + " refers to period index " + b
                        + " of " + this.periods.size());
            }
        }
        this.table = table.clone();
        if (this.periods.stream().distinct().count() != this.periods.size()) {
            throw new IllegalArgumentException("schedule " + name + " has duplicate period names " + this.periods);
        }
    }

    /** A schedule in which every hour is the one period. */
    public static TouSchedule single(String name, String period) {
        return new TouSchedule(name, List.of(period), new byte[12 * 3 * 24]);
    }

    /**
     * Compiles authoring rules: the first rule that matches an hour decides its period; hours no rule
     * matches are {@code defaultPeriod}. Periods are numbered in order of first mention, default first.
     */
    public static TouSchedule fromRules(String name, String defaultPeriod, List<Rule> rules) {
        List<String> periods = new ArrayList<>();
        periods.add(TariffNames.require(defaultPeriod, "default period"));
        for (Rule rule : rules) {
            if (!periods.contains(rule.period())) {
                periods.add(rule.period());
            }
        }
        byte[] table = new byte[12 * 3 * 24];
        boolean[] decided = new boolean[table.length];
        for (Rule rule : rules) {
            byte index = (byte) periods.indexOf(rule.period());
            for (Month month : rule.months()) {
                for (DayType dayType : rule.dayTypes()) {
                    for (int hour = rule.fromHour(); hour < rule.toHour(); hour++) {
                        int at = index(month.getValue(), dayType, hour);
                        if (!decided[at]) {
                            table[at] = index;
                            decided[at] = true;
                        }
                    }
                }
            }
        }
        return new TouSchedule(name, periods, table);
    }

    private static int index(int month, DayType dayType, int hour) {
        return ((month - 1) * 3 + dayType.ordinal()) * 24 + hour;
    }

    public String name() {
        return name;
    }

    public List<String> periods() {
        return periods;
    }

    public int periodIndex(String period) {
        return periods.indexOf(period);
    }

    /** The period index of an hour (0-23) of a day of the given month (1-12) and type. */
    public int periodAt(int month, DayType dayType, int hour) {
        return table[index(month, dayType, hour)];
    }

    /** The months in which a period occurs at least once; a charge on that period is in effect in those months. */
    public Set<Month> monthsOf(int periodIndex) {
        Set<Month> months = EnumSet.noneOf(Month.class);
        for (int i = 0; i < table.length; i++) {
            if (table[i] == periodIndex) {
                months.add(Month.of(i / 72 + 1));
            }
        }
        return months;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TouSchedule other && name.equals(other.name) && periods.equals(other.periods)
                && Arrays.equals(table, other.table);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, periods, Arrays.hashCode(table));
    }

    @Override
    public String toString() {
        return "TouSchedule[" + name + " " + periods + "]";
    }

    /** Day type of a weekday with no holiday. */
    static DayType dayTypeOf(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? DayType.WEEKEND : DayType.WEEKDAY;
    }
}
