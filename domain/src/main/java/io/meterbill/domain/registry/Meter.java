package io.meterbill.domain.registry;

import java.util.Objects;

/** A physical meter; where it serves is recorded by its installations. */
public record Meter(MeterSerial serial, Commodity commodity, String model) {
    public Meter {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(commodity, "commodity");
    }
}
