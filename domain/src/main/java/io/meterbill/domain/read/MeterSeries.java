package io.meterbill.domain.read;

import io.meterbill.domain.registry.MeterSerial;
import java.util.Objects;

/**
 * Consecutive interval values of one meter's channel as an input gives them (a wide row, a run of
 * long rows, a Green Button interval block), before reconciliation says which service point they
 * belong to.
 */
public record MeterSeries(MeterSerial meter, Channel channel, SeriesValues values) {

    public MeterSeries {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(values, "values");
    }

    @Override
    public String toString() {
        return meter + " " + channel.code() + " " + values;
    }
}
