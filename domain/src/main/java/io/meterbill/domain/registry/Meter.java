package io.meterbill.domain.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A physical meter; where it serves is recorded by its installations. A retired meter (taken out of
 * service, {@code retiredAt} not null) must not be installed anywhere from then on.
 */
public record Meter(MeterSerial serial, Commodity commodity, String model, Instant retiredAt) {
    public Meter {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(commodity, "commodity");
    }

    public Meter(MeterSerial serial, Commodity commodity, String model) {
        this(serial, commodity, model, null);
    }
}
