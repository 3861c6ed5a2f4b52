package io.meterbill.domain.cycle;

import io.meterbill.domain.bill.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The control totals of a cycle: every input row and every service point accounted for. A cycle
 * whose totals do not balance must not be reported as complete.
 *
 * @param inputRows        data rows in the accepted input files
 * @param readsStored      reads stored for the cycle
 * @param readsRejected    rejected rows by reason
 * @param servicePointsInCycle service points with a meter installed during the cycle
 * @param billed           service points billed
 * @param notBilled        service points not billed, by reason
 * @param billTotal        the sum of all bill totals
 * @param billLineTotal    the sum of all bill line amounts (must equal {@code billTotal})
 */
public record ControlTotals(long inputRows, long readsStored, Map<String, Long> readsRejected,
        long servicePointsInCycle, long billed, Map<String, Long> notBilled, Money billTotal, Money billLineTotal) {

    public ControlTotals {
        readsRejected = Collections.unmodifiableMap(new TreeMap<>(readsRejected));
        notBilled = Collections.unmodifiableMap(new TreeMap<>(notBilled));
        Objects.requireNonNull(billTotal, "billTotal");
        Objects.requireNonNull(billLineTotal, "billLineTotal");
    }

    public long readsRejectedTotal() {
        return readsRejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public long notBilledTotal() {
        return notBilled.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The equations that do not hold; empty when the cycle balances. */
    public List<String> imbalances() {
        List<String> problems = new ArrayList<>();
        if (inputRows != readsStored + readsRejectedTotal()) {
            problems.add("input rows " + inputRows + " != reads stored " + readsStored + " + rejected "
                    + readsRejectedTotal());
        }
        if (servicePointsInCycle != billed + notBilledTotal()) {
            problems.add("service points in cycle " + servicePointsInCycle + " != billed " + billed
                    + " + not billed " + notBilledTotal());
        }
        if (!billTotal.equals(billLineTotal)) {
            problems.add("sum of bill totals " + billTotal + " != sum of bill lines " + billLineTotal);
        }
        return problems;
    }

    public boolean balanced() {
        return imbalances().isEmpty();
    }
}
