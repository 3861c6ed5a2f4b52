package io.meterbill.domain.tariff;

/** Checks on the names authors give to seasons, periods, charges and criteria. */
final class TariffNames {
    private TariffNames() {
    }

    static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value.strip();
    }
}
