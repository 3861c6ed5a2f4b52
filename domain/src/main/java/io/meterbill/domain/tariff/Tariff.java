package io.meterbill.domain.tariff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A published rate schedule with its versions over time; versions may not overlap. */
public record Tariff(TariffCode code, String name, Currency currency, List<TariffVersion> versions) {
    public Tariff {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
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
        versions = List.copyOf(sorted);
    }

    public Optional<TariffVersion> versionOn(LocalDate day) {
        return versions.stream().filter(v -> v.inForceOn(day)).findFirst();
    }

    public String versionLabel(TariffVersion version) {
        return code.value() + "@" + version.effectiveFrom();
    }
}
