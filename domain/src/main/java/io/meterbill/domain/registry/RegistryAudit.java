package io.meterbill.domain.registry;

import io.meterbill.domain.cycle.BillingCycle;
import io.meterbill.domain.cycle.BillingWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds what in the registry would make reads unattributable or bills wrong, before a cycle runs:
 * service points without a meter for some of the audited period, meters on two service points at
 * once, service points with two meters at once, retired meters still installed, and meters whose
 * commodity differs from their service point's. A pure function of the registry and the period.
 */
public final class RegistryAudit {

    /** What kind of problem, in the order an operator should fix them. */
    public enum Kind {
        METER_ON_TWO_SERVICE_POINTS,
        TWO_METERS_ON_ONE_SERVICE_POINT,
        RETIRED_METER_INSTALLED,
        COMMODITY_MISMATCH,
        SERVICE_POINT_WITHOUT_METER
    }

    /** One problem: what it is, the record it is about, and an explanation that names the rows involved. */
    public record Problem(Kind kind, String subject, String detail) {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private RegistryAudit() {
    }

    /**
     * Overlaps, retirements and commodities are checked over the whole installation history; meter
     * coverage over each service point's billing window of {@code cycle} (in its own time zone).
     */
    public static List<Problem> audit(Collection<ServicePoint> servicePoints, Collection<Meter> meters,
            Collection<Installation> installations, BillingCycle cycle) {
        Map<MeterSerial, Meter> meterBySerial = new HashMap<>();
        meters.forEach(m -> meterBySerial.put(m.serial(), m));
        Map<ServicePointId, ServicePoint> spById = new HashMap<>();
        servicePoints.forEach(sp -> spById.put(sp.id(), sp));
        Map<MeterSerial, List<Installation>> byMeter = new HashMap<>();
        Map<ServicePointId, List<Installation>> byServicePoint = new HashMap<>();
        for (Installation installation : installations) {
            byMeter.computeIfAbsent(installation.meter(), k -> new ArrayList<>()).add(installation);
            byServicePoint.computeIfAbsent(installation.servicePoint(), k -> new ArrayList<>()).add(installation);
        }
        List<Problem> problems = new ArrayList<>();
        for (List<Installation> list : byMeter.values()) {
            forEachOverlap(list, (a, b, overlap) -> problems.add(new Problem(Kind.METER_ON_TWO_SERVICE_POINTS,
                    a.meter().value(), "installed on " + describe(a) + " and on " + describe(b) + " at once from " + overlap
                            + (a.servicePoint().equals(b.servicePoint()) ? " (the same service point twice)" : ""))));
            Meter meter = meterBySerial.get(list.get(0).meter());
            if (meter != null && meter.retiredAt() != null) {
                for (Installation installation : list) {
                    if (installation.removedAt() == null || installation.removedAt().isAfter(meter.retiredAt())) {
                        problems.add(new Problem(Kind.RETIRED_METER_INSTALLED, meter.serial().value(), "retired at "
                                + meter.retiredAt() + " but installed on " + describe(installation)));
                    }
                }
            }
            for (Installation installation : list) {
                ServicePoint sp = spById.get(installation.servicePoint());
                if (meter != null && sp != null && meter.commodity() != sp.commodity()) {
                    problems.add(new Problem(Kind.COMMODITY_MISMATCH, meter.serial().value(), meter.commodity()
                            + " meter installed on " + sp.commodity() + " service point " + sp.id().value() + " from "
                            + installation.installedAt()));
                }
            }
        }
        for (Map.Entry<ServicePointId, List<Installation>> entry : byServicePoint.entrySet()) {
            forEachOverlap(entry.getValue(), (a, b, overlap) -> {
                if (!a.meter().equals(b.meter())) {
                    problems.add(new Problem(Kind.TWO_METERS_ON_ONE_SERVICE_POINT, entry.getKey().value(), "meters "
                            + a.meter().value() + " and " + b.meter().value() + " both installed from " + overlap
                            + "; reads of one service point must come from one meter at a time"));
                }
            });
        }
        for (ServicePoint sp : servicePoints) {
            BillingWindow window = cycle.windowIn(sp.timeZone());
            Instant from = window.start();
            Instant to = window.end();
            List<Installation> list = byServicePoint.getOrDefault(sp.id(), List.of());
            Instant covered = from;
            List<String> gaps = new ArrayList<>();
            for (Installation installation : list) {
                Instant start = installation.installedAt();
                Instant end = installation.removedAt() == null || installation.removedAt().isAfter(to) ? to
                        : installation.removedAt();
                if (!start.isBefore(to)) {
                    break;
                }
                if (!end.isAfter(covered)) {
                    continue;
                }
                if (start.isAfter(covered)) {
                    gaps.add(covered + " to " + start);
                }
                covered = end;
                if (!covered.isBefore(to)) {
                    break;
                }
            }
            if (covered.isBefore(to)) {
                gaps.add(covered + " to " + to);
            }
            if (!gaps.isEmpty()) {
                problems.add(new Problem(Kind.SERVICE_POINT_WITHOUT_METER, sp.id().value(), gaps.size() == 1
                        && gaps.get(0).equals(from + " to " + to) ? "no meter installed between " + from + " and " + to
                        : "no meter installed " + String.join(", ", gaps)));
            }
        }
        problems.sort(Comparator.comparing(Problem::kind).thenComparing(Problem::subject).thenComparing(Problem::detail));
        return problems;
    }

    private interface OverlapSink {
        void accept(Installation first, Installation second, Instant overlapStart);
    }

    /** Sorts installations by start and passes every overlapping pair, earlier first, with where they overlap. */
    private static void forEachOverlap(List<Installation> installations, OverlapSink sink) {
        installations.sort(Comparator.comparing(Installation::installedAt));
        for (int i = 0; i < installations.size(); i++) {
            for (int j = i + 1; j < installations.size(); j++) {
                Instant overlap = overlapStart(installations.get(i), installations.get(j));
                if (overlap != null) {
                    sink.accept(installations.get(i), installations.get(j), overlap);
                }
            }
        }
    }

    /** Where two installations first overlap, or null if they do not. */
    private static Instant overlapStart(Installation a, Installation b) {
        Instant start = a.installedAt().isAfter(b.installedAt()) ? a.installedAt() : b.installedAt();
        boolean aOpen = a.removedAt() == null || a.removedAt().isAfter(start);
        boolean bOpen = b.removedAt() == null || b.removedAt().isAfter(start);
        return aOpen && bOpen ? start : null;
    }

    private static String describe(Installation installation) {
        return installation.servicePoint().value() + " from " + installation.installedAt()
                + (installation.removedAt() == null ? " (still installed)" : " to " + installation.removedAt());
    }
}
