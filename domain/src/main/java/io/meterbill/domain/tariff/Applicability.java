package io.meterbill.domain.tariff;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When a charge applies: in which seasons (empty = all), in which periods of which TOU schedule
 * (schedule null = the version's first; empty periods = all), and for which rate-criteria values
 * (e.g. {@code connection_type: primary}; empty = always).
 */
public record Applicability(Set<String> seasons, String schedule, Set<String> periods, Map<String, String> criteria) {
    public static final Applicability ALWAYS = new Applicability(Set.of(), null, Set.of(), Map.of());

    public Applicability {
        seasons = Set.copyOf(seasons);
        periods = Set.copyOf(periods);
        criteria = Map.copyOf(criteria);
    }

    public static Applicability inPeriods(String... periods) {
        return new Applicability(Set.of(), null, Set.of(periods), Map.of());
    }

    public static Applicability inSeasons(String... seasons) {
        return new Applicability(Set.of(seasons), null, Set.of(), Map.of());
    }

    public Applicability withCriteria(Map<String, String> values) {
        return new Applicability(seasons, schedule, periods, values);
    }

    /** Whether the rate criteria of a service point (defaults filled in) select this charge. */
    public boolean selectedBy(Map<String, String> properties) {
        for (Map.Entry<String, String> wanted : criteria.entrySet()) {
            if (!Objects.equals(properties.get(wanted.getKey()), wanted.getValue())) {
                return false;
            }
        }
        return true;
    }
}
