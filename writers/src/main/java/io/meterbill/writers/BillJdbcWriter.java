package io.meterbill.writers;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.RatedBill;
import io.meterbill.domain.bill.RatingOutcome;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes rating outcomes: a bill with its lines, or the service point's not-billed record. Bills are
 * unique per (cycle, service point) in the database, and immutable once written (a trigger refuses
 * updates and deletes), so a rewritten chunk can never bill a service point twice: a bill that
 * already exists is kept and the new one is dropped with a warning.
 */
public class BillJdbcWriter implements ItemWriter<RatingOutcome> {

    private static final Logger log = LoggerFactory.getLogger(BillJdbcWriter.class);

    private static final String INSERT_BILL = """
            insert into bill (cycle, service_point_id, account_id, tariff_code, period_from, period_to, time_zone,
                              period_start, period_end, currency, subtotal, tax, total, assumptions, job_execution_id,
                              consumption_delivered, consumption_received, consumption_unit, peak_demand,
                              credit_carried_forward, tariff_sha256)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (cycle, service_point_id) do nothing
            returning bill_id""";

    private static final String INSERT_LINE = """
            insert into bill_line (bill_id, line_no, charge_type, description, determinant, determinant_unit, rate,
                                   amount, tariff_version, season, tou_period, tier, factor)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_NOT_BILLED = """
            insert into unbilled_service_point (cycle, service_point_id, reason, detail, job_execution_id)
            values (?, ?, ?, ?, ?)
            on conflict (cycle, service_point_id) do nothing""";

    private final JdbcTemplate jdbc;
    private final String cycle;
    private final long jobExecutionId;
    private final Map<String, String> tariffSha256;

    /**
     * @param tariffSha256 by tariff code, the SHA-256 of the tariff text the bills were rated on (stored on
     *     each bill; the text is kept in {@code tariff_revision})
     */
    public BillJdbcWriter(JdbcTemplate jdbc, String cycle, long jobExecutionId, Map<String, String> tariffSha256) {
        this.jdbc = jdbc;
        this.cycle = cycle;
        this.jobExecutionId = jobExecutionId;
        this.tariffSha256 = Map.copyOf(tariffSha256);
    }

    @Override
    public void write(Chunk<? extends RatingOutcome> chunk) {
        for (RatingOutcome outcome : chunk) {
            if (outcome instanceof RatingOutcome.Billed billed) {
                writeBill(billed);
            } else {
                RatingOutcome.NotBilled notBilled = (RatingOutcome.NotBilled) outcome;
                jdbc.update(INSERT_NOT_BILLED, cycle, notBilled.servicePoint().value(), notBilled.reason().name(),
                        notBilled.detail(), jobExecutionId);
            }
        }
    }

    private void writeBill(RatingOutcome.Billed billed) {
        RatedBill bill = billed.bill();
        List<Long> ids = jdbc.queryForList(INSERT_BILL, Long.class, cycle, bill.servicePoint().value(),
                billed.account().value(), bill.tariff().value(), bill.window().from(), bill.window().to(),
                bill.window().zone().getId(), Timestamp.from(bill.window().start()),
                Timestamp.from(bill.window().end()), bill.total().currency().getCurrencyCode(),
                bill.subtotal().amount(), bill.tax().amount(), bill.total().amount(),
                String.join("\n", bill.assumptions()), jobExecutionId,
                bill.calculation().consumption(), bill.calculation().export(), bill.calculation().unit(),
                bill.calculation().peakDemand(), bill.calculation().creditCarriedForward().amount(),
                tariffSha256.get(bill.tariff().value()));
        if (ids.isEmpty()) {
            log.warn("{} already has a bill for cycle {}; the existing bill is kept", bill.servicePoint(), cycle);
            return;
        }
        long billId = ids.get(0);
        jdbc.batchUpdate(INSERT_LINE, bill.lines(), bill.lines().size(), (java.sql.PreparedStatement ps, BillLine line) -> {
            ps.setLong(1, billId);
            ps.setInt(2, line.lineNo());
            ps.setString(3, line.chargeType().name());
            ps.setString(4, line.description());
            ps.setBigDecimal(5, line.determinant());
            ps.setString(6, line.determinantUnit());
            ps.setBigDecimal(7, line.rate());
            ps.setBigDecimal(8, line.amount().amount());
            ps.setString(9, line.tariffVersion());
            ps.setString(10, line.season());
            ps.setString(11, line.touPeriod());
            ps.setObject(12, line.tier(), java.sql.Types.SMALLINT);
            ps.setBigDecimal(13, line.factor());
        });
    }
}
