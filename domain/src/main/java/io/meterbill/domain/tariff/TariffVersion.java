package io.meterbill.domain.tariff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rates of a tariff in force from {@code effectiveFrom} (inclusive) until {@code effectiveTo}
 * (exclusive; null while current): seasons that cover the year, TOU schedules (a version without
 * one has a single all-hours period), charges applied in order, and optional net metering.
 */
public record TariffVersion(LocalDate effectiveFrom, LocalDate effectiveTo, List<Season> seasons,
        List<TouSchedule> schedules, List<Charge> charges, NetMetering netMetering) {

    public TariffVersion {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("version effective to " + effectiveTo + " is not after " + effectiveFrom);
        }
        seasons = seasons.isEmpty() ? List.of(Season.allYear()) : List.copyOf(seasons);
        schedules = schedules.isEmpty() ? List.of(TouSchedule.single("tou", "all_hours")) : List.copyOf(schedules);
        charges = List.copyOf(charges);
        if (charges.isEmpty()) {
            throw new IllegalArgumentException("version effective " + effectiveFrom + " has no charges");
        }
        checkSeasonsCoverTheYear(seasons);
        for (Charge charge : charges) {
            checkReferences(charge.name(), charge.when(), seasons, schedules);
        }
        if (netMetering != null) {
            checkNetMetering(netMetering, schedules, charges);
        }
    }

    /** A version with no seasons, no TOU and no net metering. */
    public static TariffVersion simple(LocalDate from, LocalDate to, List<Charge> charges) {
        return new TariffVersion(from, to, List.of(), List.of(), charges, null);
    }

    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || day.isBefore(effectiveTo));
    }

    public Season seasonOn(LocalDate day) {
        for (Season season : seasons) {
            if (season.contains(day)) {
                return season;
            }
        }
        throw new IllegalStateException("no season on " + day); // excluded by the constructor
    }

    public int seasonIndex(String name) {
        for (int i = 0; i < seasons.size(); i++) {
            if (seasons.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The schedule a charge refers to: by name, or the first when it names none. */
    public TouSchedule schedule(String name) {
        if (name == null) {
            return schedules.get(0);
        }
        for (TouSchedule schedule : schedules) {
            if (schedule.name().equals(name)) {
                return schedule;
            }
        }
        return null;
    }

    public int scheduleIndex(String name) {
        return schedules.indexOf(schedule(name));
    }

    /**
     * Netting happens per period of the first schedule, so every consumption charge must be on it, and
     * TOU export rates must price each of its periods (an unpriced period would be credited at zero).
     */
    private static void checkNetMetering(NetMetering terms, List<TouSchedule> schedules, List<Charge> charges) {
        TouSchedule first = schedules.get(0);
        for (String period : terms.touRates().keySet()) {
            if (first.periodIndex(period) < 0) {
                throw new IllegalArgumentException("net metering export rate for period '" + period + "': schedule "
                        + first.name() + " has periods " + first.periods());
            }
        }
        if (terms.exportCredit() == NetMetering.ExportCredit.TOU) {
            for (String period : first.periods()) {
                if (!terms.touRates().containsKey(period)) {
                    throw new IllegalArgumentException("net metering TOU export rates: no rate for period '" + period
                            + "' of schedule " + first.name() + " (give 0 to credit nothing)");
                }
            }
        }
        for (Charge charge : charges) {
            if ((charge instanceof Charge.Energy || charge instanceof Charge.PerUnit) && charge.when().schedule() != null
                    && !charge.when().schedule().equals(first.name())) {
                throw new IllegalArgumentException("charge '" + charge.name() + "': under net metering consumption is"
                        + " netted per period of the first schedule (" + first.name() + "), so consumption charges"
                        + " cannot use schedule '" + charge.when().schedule() + "'");
            }
        }
    }

    private static void checkSeasonsCoverTheYear(List<Season> seasons) {
        LocalDate day = LocalDate.of(2024, 1, 1); // a leap year, so 02-29 is checked too
        while (day.getYear() == 2024) {
            List<String> covering = new ArrayList<>();
            for (Season season : seasons) {
                if (season.contains(day)) {
                    covering.add(season.name());
                }
            }
            if (covering.size() != 1) {
                throw new IllegalArgumentException("seasons must cover every day once; "
                        + day.toString().substring(5) + " is in " + (covering.isEmpty() ? "none" : covering));
            }
            day = day.plusDays(1);
        }
    }

    private static void checkReferences(String charge, Applicability when, List<Season> seasons,
            List<TouSchedule> schedules) {
        for (String season : when.seasons()) {
            if (seasons.stream().noneMatch(s -> s.name().equals(season))) {
                throw new IllegalArgumentException("charge '" + charge + "': season '" + season + "' is not one of "
                        + seasons.stream().map(Season::name).toList());
            }
        }
        TouSchedule schedule = when.schedule() == null ? schedules.get(0)
                : schedules.stream().filter(s -> s.name().equals(when.schedule())).findFirst().orElse(null);
        if (schedule == null) {
            throw new IllegalArgumentException("charge '" + charge + "': schedule '" + when.schedule()
                    + "' is not one of " + schedules.stream().map(TouSchedule::name).toList());
        }
        for (String period : when.periods()) {
            if (schedule.periodIndex(period) < 0) {
                throw new IllegalArgumentException("charge '" + charge + "': period '" + period + "' is not one of "
                        + schedule.periods());
            }
        }
    }
}
