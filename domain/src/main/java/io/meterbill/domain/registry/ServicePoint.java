package io.meterbill.domain.registry;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.tariff.TariffCode;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A metered point of delivery belonging to an account, rated under one tariff; its time zone sets
 * its billing window and the local time of its reads. Its rate criteria (e.g. {@code low_income=yes})
 * choose which of the tariff's rates apply; a criterion it does not give takes the tariff's default.
 */
public record ServicePoint(ServicePointId id, AccountId account, String serviceAddress, ZoneId timeZone,
        Commodity commodity, TariffCode tariff, Map<String, String> rateCriteria) {
    public ServicePoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(commodity, "commodity");
        Objects.requireNonNull(tariff, "tariff");
        rateCriteria = Map.copyOf(rateCriteria);
    }

    public ServicePoint(ServicePointId id, AccountId account, String serviceAddress, ZoneId timeZone,
            Commodity commodity, TariffCode tariff) {
        this(id, account, serviceAddress, timeZone, commodity, tariff, Map.of());
    }

    /**
     * Parses rate criteria written as {@code key=value;key=value} (empty or null: none).
     *
     * @throws IllegalArgumentException naming the part that is not {@code key=value}
     */
    public static Map<String, String> parseRateCriteria(String text) {
        Map<String, String> criteria = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return criteria;
        }
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("rate_criteria '" + InputText.echo(part.strip()) + "' is not key=value");
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (key.isEmpty() || value.isEmpty() || criteria.put(key, value) != null) {
                throw new IllegalArgumentException("rate_criteria '" + InputText.echo(text.strip())
                        + "' has an empty or repeated key");
            }
        }
        return criteria;
    }

    /** The rate criteria as {@code key=value;key=value}, keys sorted. */
    public String rateCriteriaText() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(rateCriteria).forEach((k, v) -> text.append(text.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return text.toString();
    }
}
