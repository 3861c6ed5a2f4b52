package io.meterbill.domain.read;

import io.meterbill.domain.registry.MeterSerial;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One interval value from a meter: the quantity measured on a channel over
 * [{@code start}, {@code start + length}), in milli-units of the channel's base unit.
 */
public record IntervalRead(MeterSerial meter, Channel channel, Instant start, Duration length, long milliUnits) {

    /** Interval lengths AMI head-ends export. */
    public static final Set<Duration> SUPPORTED_LENGTHS = Set.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(60));

    public IntervalRead {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        if (!SUPPORTED_LENGTHS.contains(length)) {
            throw new IllegalArgumentException("unsupported interval length " + length.toMinutes() + " minutes");
        }
        if (milliUnits < 0) {
            throw new IllegalArgumentException("negative quantity " + milliUnits);
        }
    }

    public Instant end() {
        return start.plus(length);
    }
}
