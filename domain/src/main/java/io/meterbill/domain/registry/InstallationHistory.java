package io.meterbill.domain.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which service point a meter served at a given time. A read is attributed to the service point of
 * the installation valid at the read's interval start, so a meter exchanged mid-cycle feeds one
 * service point from two meters and a moved meter feeds each service point only for its own time.
 */
public final class InstallationHistory {

    /** The outcome of matching one read to the registry. */
    public sealed interface Match permits Matched, UnknownMeter, NotInstalledAtReadTime, InstalledTwice {
    }

    public record Matched(ServicePointId servicePoint) implements Match {
    }

    /** The serial is not in the registry at all. */
    public record UnknownMeter(MeterSerial meter) implements Match {
    }

    /** The meter is known but served no service point at that time (before installation, after removal). */
    public record NotInstalledAtReadTime(MeterSerial meter, Instant at) implements Match {
    }

    /** The registry has the meter on two service points at once: the read cannot be attributed. */
    public record InstalledTwice(MeterSerial meter, Instant at, List<ServicePointId> servicePoints) implements Match {
    }

    private final Map<MeterSerial, List<Installation>> byMeter;
    private final java.util.Set<MeterSerial> knownMeters;

    public InstallationHistory(Collection<MeterSerial> knownMeters, Collection<Installation> installations) {
        this.knownMeters = java.util.Set.copyOf(knownMeters);
        Map<MeterSerial, List<Installation>> grouped = new HashMap<>();
        for (Installation installation : installations) {
            grouped.computeIfAbsent(installation.meter(), m -> new ArrayList<>()).add(installation);
        }
        grouped.values().forEach(list -> list.sort(Comparator.comparing(Installation::installedAt)));
        this.byMeter = Map.copyOf(grouped);
    }

    /**
     * The first instant after {@code at} at which {@link #match} for this meter could change (an
     * installation of it starts or ends), or null if it never does.
     */
    public Instant nextChangeAfter(MeterSerial meter, Instant at) {
        Instant next = null;
        for (Installation installation : byMeter.getOrDefault(meter, List.of())) {
            for (Instant edge : new Instant[] {installation.installedAt(), installation.removedAt()}) {
                if (edge != null && edge.isAfter(at) && (next == null || edge.isBefore(next))) {
                    next = edge;
                }
            }
        }
        return next;
    }

    public Match match(MeterSerial meter, Instant readStart) {
        List<Installation> installations = byMeter.get(meter);
        if (installations == null) {
            return knownMeters.contains(meter) ? new NotInstalledAtReadTime(meter, readStart) : new UnknownMeter(meter);
        }
        List<ServicePointId> serving = new ArrayList<>(1);
        for (Installation installation : installations) {
            if (installation.covers(readStart)) {
                serving.add(installation.servicePoint());
            }
        }
        if (serving.isEmpty()) {
            return new NotInstalledAtReadTime(meter, readStart);
        }
        if (serving.size() > 1) {
            return new InstalledTwice(meter, readStart, List.copyOf(serving));
        }
        return new Matched(serving.get(0));
    }
}
