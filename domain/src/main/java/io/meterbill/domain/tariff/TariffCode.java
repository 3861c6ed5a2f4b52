package io.meterbill.domain.tariff;

/** The code a service point's tariff assignment refers to, e.g. {@code RES-FLAT}. */
public record TariffCode(String value) {
    public TariffCode {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("tariff code is empty");
        }
        value = value.strip();
    }

    @Override
    public String toString() {
        return value;
    }
}
