package io.meterbill.domain.tariff;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The charges of a tariff in force from {@code effectiveFrom} (inclusive) until {@code effectiveTo}
 * (exclusive; null while current). The label identifies the version on bills, e.g. {@code RES-FLAT@2025-01-01}.
 */
public record TariffVersion(LocalDate effectiveFrom, LocalDate effectiveTo, List<Charge> charges) {
    public TariffVersion {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("version effective to " + effectiveTo + " is not after " + effectiveFrom);
        }
        charges = List.copyOf(charges);
        if (charges.isEmpty()) {
            throw new IllegalArgumentException("version effective " + effectiveFrom + " has no charges");
        }
    }

    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || day.isBefore(effectiveTo));
    }
}
