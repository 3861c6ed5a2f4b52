package io.meterbill.domain.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A meter serving a service point from {@code installedAt} (inclusive) until {@code removedAt}
 * (exclusive; null while the meter is still in place).
 */
public record Installation(MeterSerial meter, ServicePointId servicePoint, Instant installedAt, Instant removedAt) {
    public Installation {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(servicePoint, "servicePoint");
        Objects.requireNonNull(installedAt, "installedAt");
        if (removedAt != null && !removedAt.isAfter(installedAt)) {
            throw new IllegalArgumentException("installation of " + meter + " at " + servicePoint
                    + " is removed (" + removedAt + ") before or when it is installed (" + installedAt + ")");
        }
    }

    /** Whether the meter was serving the service point at this instant. */
    public boolean covers(Instant instant) {
        return !instant.isBefore(installedAt) && (removedAt == null || instant.isBefore(removedAt));
    }
}
