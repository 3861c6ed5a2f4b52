package io.meterbill.domain.tariff;

import java.util.List;
import java.util.Objects;

/**
 * A service-point property that selects which rates apply (connection type, a low-income programme),
 * with the value assumed when a service point does not give one; the assumption is reported.
 */
public record RateCriterion(String key, List<String> values, String defaultValue, String description) {
    public RateCriterion {
        TariffNames.require(key, "rate criterion key");
        values = List.copyOf(values);
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!values.isEmpty() && !values.contains(defaultValue)) {
            throw new IllegalArgumentException("rate criterion " + key + ": default '" + defaultValue
                    + "' is not one of " + values);
        }
        description = description == null ? "" : description;
    }
}
