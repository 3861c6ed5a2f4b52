package io.meterbill.domain.bill;

import io.meterbill.domain.read.Channel;
import java.time.Instant;
import java.util.Objects;

/** One stored interval of a service point, as the rating stage reads it back: channel, start, length, milli-units. */
public record MeteredInterval(Channel channel, Instant start, int minutes, long milli) {
    public MeteredInterval {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(start, "start");
    }
}
