package io.meterbill.domain.read;

import io.meterbill.domain.registry.ServicePointId;
import java.util.Objects;

/** A read attributed to the service point its meter served at the read's time, with the row it came from. */
public record ReconciledRead(SourceRow row, ServicePointId servicePoint, IntervalRead read) {
    public ReconciledRead {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(servicePoint, "servicePoint");
        Objects.requireNonNull(read, "read");
    }
}
