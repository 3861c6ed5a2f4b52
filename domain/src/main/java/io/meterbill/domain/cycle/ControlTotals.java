package io.meterbill.domain.cycle;

import io.meterbill.domain.bill.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The control totals of a cycle: every input row, every interval value and every service point
 * accounted for. A cycle whose totals do not balance must not be reported as complete.
 *
 * @param reads                the rows and values of the input and where each went
 * @param servicePointsInCycle service points with a meter installed during the cycle
 * @param billed               service points billed
 * @param notBilled            service points not billed, by reason
 * @param billTotal            the sum of all bill totals
 * @param billLineTotal        the sum of all bill line amounts (must equal {@code billTotal})
 */
public record ControlTotals(Reads reads, long servicePointsInCycle, long billed, Map<String, Long> notBilled,
        Money billTotal, Money billLineTotal) {

    /**
     * Two ledgers. Rows: every row the manifest counted in the accepted files was either read (parsed into
     * interval values) or rejected whole. Values: every value read was stored, rejected (with a reason per
     * run of values) or dropped as a repeat of the same value. Each side is counted where it happened (the
     * import's blocks, the store's buckets) and checked against the records kept for auditors (the
     * exceptions, the store's catalog).
     *
     * @param inputRows          data rows of the accepted input files, counted by the manifest
     * @param rowsRead           rows parsed into values
     * @param rowsRejectedCounted rows rejected whole, as the import counted them
     * @param rowsRejected       rows rejected whole, by reason, from {@code read_exception}
     * @param valuesRead         values parsed
     * @param valuesStored       values in the interval store after repeats were dropped and conflicts refused
     * @param valuesCatalogued   values in the files the store's catalog lists
     * @param valuesImported     values the import wrote to the store
     * @param valuesConsolidated values the store's buckets took in when consolidated
     * @param valuesRejectedCounted values rejected, as the import and consolidation counted them
     * @param valuesRejected     values rejected, by reason, from {@code read_exception}
     * @param duplicatesDropped  repeats of a stored value dropped
     * @param blankIntervals     intervals wide rows left blank (gaps, not values)
     * @param notActual          values the import accepted that the input marks other than actual, by quality
     *     (ESTIMATED, EDITED); informative, not part of the balance (repeats among them may be dropped later)
     */
    public record Reads(long inputRows, long rowsRead, long rowsRejectedCounted, Map<String, Long> rowsRejected,
            long valuesRead, long valuesStored, long valuesCatalogued, long valuesImported, long valuesConsolidated,
            long valuesRejectedCounted, Map<String, Long> valuesRejected, long duplicatesDropped, long blankIntervals,
            Map<String, Long> notActual) {

        public Reads {
            rowsRejected = Collections.unmodifiableMap(new TreeMap<>(rowsRejected));
            valuesRejected = Collections.unmodifiableMap(new TreeMap<>(valuesRejected));
            notActual = Collections.unmodifiableMap(new TreeMap<>(notActual));
        }

        /** Totals with every accepted value actual. */
        public Reads(long inputRows, long rowsRead, long rowsRejectedCounted, Map<String, Long> rowsRejected,
                long valuesRead, long valuesStored, long valuesCatalogued, long valuesImported, long valuesConsolidated,
                long valuesRejectedCounted, Map<String, Long> valuesRejected, long duplicatesDropped, long blankIntervals) {
            this(inputRows, rowsRead, rowsRejectedCounted, rowsRejected, valuesRead, valuesStored, valuesCatalogued,
                    valuesImported, valuesConsolidated, valuesRejectedCounted, valuesRejected, duplicatesDropped,
                    blankIntervals, Map.of());
        }

        public long rowsRejectedTotal() {
            return sum(rowsRejected);
        }

        public long valuesRejectedTotal() {
            return sum(valuesRejected);
        }

        List<String> imbalances() {
            List<String> problems = new ArrayList<>();
            if (inputRows != rowsRead + rowsRejectedCounted) {
                problems.add("input rows " + inputRows + " != rows read " + rowsRead + " + rows rejected "
                        + rowsRejectedCounted);
            }
            if (rowsRejectedCounted != rowsRejectedTotal()) {
                problems.add("rows rejected " + rowsRejectedCounted + " != rows in read exceptions " + rowsRejectedTotal());
            }
            if (valuesRead != valuesStored + valuesRejectedCounted + duplicatesDropped) {
                problems.add("values read " + valuesRead + " != stored " + valuesStored + " + rejected "
                        + valuesRejectedCounted + " + duplicates dropped " + duplicatesDropped);
            }
            if (valuesRejectedCounted != valuesRejectedTotal()) {
                problems.add("values rejected " + valuesRejectedCounted + " != values in read exceptions "
                        + valuesRejectedTotal());
            }
            if (valuesImported != valuesConsolidated) {
                problems.add("values written by the import " + valuesImported + " != values consolidated "
                        + valuesConsolidated + " (a bucket was not consolidated)");
            }
            if (valuesCatalogued != valuesStored) {
                problems.add("values in the store's files " + valuesCatalogued + " != values stored " + valuesStored);
            }
            return problems;
        }
    }

    public ControlTotals {
        Objects.requireNonNull(reads, "reads");
        notBilled = Collections.unmodifiableMap(new TreeMap<>(notBilled));
        Objects.requireNonNull(billTotal, "billTotal");
        Objects.requireNonNull(billLineTotal, "billLineTotal");
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long notBilledTotal() {
        return sum(notBilled);
    }

    /** The equations that do not hold; empty when the cycle balances. */
    public List<String> imbalances() {
        List<String> problems = new ArrayList<>(reads.imbalances());
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
