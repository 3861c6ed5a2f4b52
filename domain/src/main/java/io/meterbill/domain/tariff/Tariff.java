package io.meterbill.domain.tariff;

import io.meterbill.domain.registry.Commodity;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A published rate schedule with its versions over time (versions may not overlap). The time zone is
 * the one the tariff's dates and TOU hours are in; the units are those its consumption and demand
 * determinants are measured in (kWh and kW; therm; m3; gal; GJ) - the engine only carries them.
 */
public record Tariff(TariffCode code, String name, String utility, Commodity commodity, Currency currency,
        ZoneId zone, String consumptionUnit, String demandUnit, HolidayCalendar holidays,
        List<RateCriterion> criteria, List<TariffVersion> versions) {

    public Tariff {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        utility = utility == null ? "" : utility;
        Objects.requireNonNull(commodity, "commodity");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(zone, "zone");
        TariffNames.require(consumptionUnit, "consumption unit");
        TariffNames.require(demandUnit, "demand unit");
        Objects.requireNonNull(holidays, "holidays");
        criteria = List.copyOf(criteria);
        List<TariffVersion> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(TariffVersion::effectiveFrom));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("tariff " + code + " has no versions");
        }
        for (int i = 1; i < sorted.size(); i++) {
            TariffVersion previous = sorted.get(i - 1);
            if (previous.effectiveTo() == null || previous.effectiveTo().isAfter(sorted.get(i).effectiveFrom())) {
                throw new IllegalArgumentException("tariff " + code + ": version effective " + previous.effectiveFrom()
                        + " overlaps version effective " + sorted.get(i).effectiveFrom());
            }
        }
        for (TariffVersion version : sorted) {
            for (Charge charge : version.charges()) {
                for (var wanted : charge.when().criteria().entrySet()) {
                    RateCriterion criterion = criteria.stream().filter(c -> c.key().equals(wanted.getKey()))
                            .findFirst().orElseThrow(() -> new IllegalArgumentException("charge '" + charge.name()
                                    + "' depends on rate criterion '" + wanted.getKey() + "', which the tariff does not declare"));
                    if (!criterion.values().isEmpty() && !criterion.values().contains(wanted.getValue())) {
                        throw new IllegalArgumentException("charge '" + charge.name() + "': " + wanted.getKey() + " '"
                                + wanted.getValue() + "' is not one of " + criterion.values());
                    }
                }
            }
        }
        versions = List.copyOf(sorted);
    }

    /** An electricity tariff in kWh/kW with no holidays or rate criteria. */
    public static Tariff electric(TariffCode code, String name, Currency currency, ZoneId zone,
            List<TariffVersion> versions) {
        return new Tariff(code, name, "", Commodity.ELECTRIC, currency, zone, "kWh", "kW", HolidayCalendar.none(),
                List.of(), versions);
    }

    public java.util.Optional<TariffVersion> versionOn(LocalDate day) {
        return versions.stream().filter(v -> v.inForceOn(day)).findFirst();
    }

    public String versionLabel(TariffVersion version) {
        return code.value() + "@" + version.effectiveFrom();
    }

    /**
     * This tariff with {@code extra} charges appended to every version: taxes or riders a bill-match
     * calculation supplies that the tariff itself does not carry (local taxes differ by customer).
     */
    public Tariff withCharges(List<Charge> extra) {
        List<TariffVersion> changed = new ArrayList<>();
        for (TariffVersion v : versions) {
            List<Charge> charges = new ArrayList<>(v.charges());
            charges.addAll(extra);
            changed.add(new TariffVersion(v.effectiveFrom(), v.effectiveTo(), v.seasons(), v.schedules(), charges,
                    v.netMetering()));
        }
        return new Tariff(code, name, utility, commodity, currency, zone, consumptionUnit, demandUnit, holidays, criteria,
                changed);
    }
}
