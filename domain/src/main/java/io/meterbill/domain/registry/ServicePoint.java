package io.meterbill.domain.registry;

import io.meterbill.domain.tariff.TariffCode;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A metered point of delivery belonging to an account, rated under one tariff; its time zone sets
 * its billing window and the local time of its reads.
 */
public record ServicePoint(ServicePointId id, AccountId account, String serviceAddress, ZoneId timeZone,
        Commodity commodity, TariffCode tariff) {
    public ServicePoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(commodity, "commodity");
        Objects.requireNonNull(tariff, "tariff");
    }
}
