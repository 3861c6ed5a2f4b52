package io.meterbill.domain.read;

import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePointId;
import java.util.Objects;

/**
 * Consecutive interval values of one service point's channel, read by one meter and taken from one
 * place of one input: what the interval store keeps (a series, not a timestamp per value), after
 * reconciliation has attributed a {@link MeterSeries} to the service point its meter served.
 */
public record IntervalSeries(ServicePointId servicePoint, Channel channel, MeterSerial meter, SeriesValues values) {

    public IntervalSeries {
        Objects.requireNonNull(servicePoint, "servicePoint");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(values, "values");
    }

    @Override
    public String toString() {
        return servicePoint + " " + channel.code() + " " + values + " from " + meter;
    }
}
