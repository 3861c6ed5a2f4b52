package io.meterbill.reports;

import io.meterbill.domain.cycle.ControlTotals;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.bill.NotBilledReason;
import java.util.Locale;
import java.util.Map;

/**
 * The cycle summary an operator reads at the end of a run and an auditor files: every input row and
 * every service point accounted for, by reason, and whether the control totals balance.
 */
public final class CycleSummaryReport {

    private CycleSummaryReport() {
    }

    public static String render(String cycle, ControlTotals totals, Map<String, String> refusedFiles) {
        StringBuilder out = new StringBuilder();
        out.append("Cycle ").append(cycle).append(" control totals\n");
        ControlTotals.Reads reads = totals.reads();
        out.append(line("Input rows (listed files)", reads.inputRows()));
        out.append(line("  rows read", reads.rowsRead()));
        out.append(line("  rows rejected whole", reads.rowsRejectedTotal()));
        reasons(out, reads.rowsRejected());
        out.append(line("Interval values read", reads.valuesRead()));
        out.append(line("  values stored", reads.valuesStored()));
        for (Map.Entry<String, Long> quality : reads.notActual().entrySet()) {
            out.append(line("    marked " + quality.getKey().toLowerCase(java.util.Locale.ROOT) + " in the input",
                    quality.getValue()));
        }
        out.append(line("  duplicates dropped (same value)", reads.duplicatesDropped()));
        out.append(line("  values rejected", reads.valuesRejectedTotal()));
        reasons(out, reads.valuesRejected());
        if (reads.blankIntervals() > 0) {
            out.append(line("Blank intervals in wide rows (gaps)", reads.blankIntervals()));
        }
        if (!refusedFiles.isEmpty()) {
            out.append("Input files refused whole (not counted above)\n");
            refusedFiles.forEach((file, why) -> out.append("    ").append(file).append(": ").append(why).append('\n'));
        }
        out.append(line("Service points in cycle", totals.servicePointsInCycle()));
        out.append(line("  billed", totals.billed()));
        out.append(line("  not billed", totals.notBilledTotal()));
        for (Map.Entry<String, Long> e : totals.notBilled().entrySet()) {
            out.append(line("    " + e.getKey(), e.getValue())).setLength(out.length() - 1);
            out.append("  ").append(describeNotBilled(e.getKey())).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%-34s %14s%n", "Sum of bill totals", totals.billTotal()));
        if (totals.balanced()) {
            out.append("Control totals balance: rows in = read + rejected; values read = stored + rejected + duplicates;"
                    + " service points = billed + not billed; bill totals = sum of bill lines.\n");
        } else {
            out.append("CONTROL TOTALS DO NOT BALANCE:\n");
            totals.imbalances().forEach(p -> out.append("  ").append(p).append('\n'));
        }
        return out.toString();
    }

    private static void reasons(StringBuilder out, Map<String, Long> byReason) {
        for (Map.Entry<String, Long> e : byReason.entrySet()) {
            out.append(line("    " + e.getKey(), e.getValue())).setLength(out.length() - 1);
            out.append("  ").append(describeRead(e.getKey())).append('\n');
        }
    }

    private static String line(String label, long value) {
        return String.format(Locale.ROOT, "%-34s %14d%n", label, value);
    }

    private static String describeRead(String reason) {
        try {
            return ReadRejectionReason.valueOf(reason).description();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String describeNotBilled(String reason) {
        try {
            return NotBilledReason.valueOf(reason).description();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
