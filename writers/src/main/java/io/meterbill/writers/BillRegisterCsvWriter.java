package io.meterbill.writers;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The bill register: one CSV row per bill of the cycle, the document an operator reconciles against
 * the ledger. Written whole and atomically, so a restarted cycle rewrites it rather than appending.
 * The period is shown as its first and last local day ({@code period_through} is inclusive).
 */
public final class BillRegisterCsvWriter {

    public static final List<String> HEADER = List.of("bill_id", "cycle", "account_id", "service_point_id",
            "tariff_code", "period_from", "period_through", "kwh_delivered", "currency", "subtotal", "tax", "total");

    /** One bill in the register. */
    public record RegisterRow(long billId, String cycle, String accountId, String servicePointId, String tariffCode,
            LocalDate periodFrom, LocalDate periodTo /* exclusive */, BigDecimal kwhDelivered, String currency,
            BigDecimal subtotal, BigDecimal tax, BigDecimal total) {
    }

    private BillRegisterCsvWriter() {
    }

    /** Writes the register as the rows are read; returns the number of bills written. */
    public static long write(Path target, RowSource<RegisterRow> rows) throws IOException {
        return CsvOutput.write(target, HEADER, rows.map(r -> List.of(Long.toString(r.billId()), r.cycle(),
                r.accountId(), r.servicePointId(), r.tariffCode(), r.periodFrom().toString(),
                r.periodTo().minusDays(1).toString(), r.kwhDelivered().setScale(3, RoundingMode.UNNECESSARY).toPlainString(),
                r.currency(), r.subtotal().toPlainString(), r.tax().toPlainString(), r.total().toPlainString())));
    }
}
