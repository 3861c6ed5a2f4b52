package io.meterbill.jobs.cycle;

import io.meterbill.domain.tariff.Decimals;
import io.meterbill.writers.BillRegisterCsvWriter.RegisterRow;
import io.meterbill.writers.ReadExceptionCsvWriter.ExceptionRow;
import io.meterbill.writers.RowSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The rows of a cycle's output files, read from the system of record through a cursor ({@link #FETCH_SIZE}
 * rows at a time) and handed to the file writer as they arrive: memory does not grow with the number of
 * bills, lines or exceptions. PostgreSQL keeps a cursor open only inside a transaction, so call these from
 * a step's (tasklet's) transaction; outside one the driver would read the whole result first.
 */
@Component
public class CycleOutputs {

    static final int FETCH_SIZE = 2_000;

    /** Columns of bill-lines.csv: every line of every bill with what explains it. */
    public static final List<String> BILL_LINE_COLUMNS = List.of("bill_id", "account_id", "service_point_id",
            "line_no", "charge_type", "description", "season", "tou_period", "tier", "determinant", "determinant_unit",
            "rate", "factor", "amount", "currency", "tariff_version");

    /** Columns of bill-assumptions.csv: each assumption the engine made for a bill, in order. */
    public static final List<String> BILL_ASSUMPTION_COLUMNS = List.of("bill_id", "account_id", "service_point_id",
            "assumption_no", "assumption", "tariff_sha256");

    /** Columns of not-billed.csv. */
    public static final List<String> NOT_BILLED_COLUMNS = List.of("service_point_id", "account_id", "reason", "detail");

    private final JdbcTemplate jdbc;

    public CycleOutputs(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
    }

    /** The bills of the register, in account and service point order. */
    public RowSource<RegisterRow> register(String cycle) {
        return rows("""
                select b.bill_id, b.cycle, b.account_id, b.service_point_id, b.tariff_code, b.period_from,
                       b.period_to, b.consumption_delivered,
                       b.currency, b.subtotal, b.tax, b.total
                  from bill b where b.cycle = ? order by b.account_id, b.service_point_id""",
                (rs, n) -> new RegisterRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getDate(6).toLocalDate(), rs.getDate(7).toLocalDate(),
                        rs.getBigDecimal(8).stripTrailingZeros(), rs.getString(9).strip(), rs.getBigDecimal(10),
                        rs.getBigDecimal(11), rs.getBigDecimal(12)), cycle);
    }

    /** Every line of every bill, in bill order. */
    public RowSource<List<String>> billLines(String cycle) {
        return rows("""
                select b.bill_id, b.account_id, b.service_point_id, l.line_no, l.charge_type, l.description,
                       l.season, l.tou_period, l.tier, l.determinant, l.determinant_unit, l.rate, l.factor, l.amount,
                       b.currency, l.tariff_version
                  from bill_line l join bill b using (bill_id)
                 where b.cycle = ? order by b.account_id, b.service_point_id, l.line_no""",
                (rs, n) -> {
                    List<String> row = new ArrayList<>(BILL_LINE_COLUMNS.size());
                    for (int i = 1; i <= BILL_LINE_COLUMNS.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value == null ? "" : value instanceof BigDecimal d
                                ? plainDecimal(d, BILL_LINE_COLUMNS.get(i - 1).equals("amount")) : value.toString().strip());
                    }
                    return row;
                }, cycle);
    }

    private static String plainDecimal(BigDecimal value, boolean money) {
        return money ? value.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : Decimals.plain(value);
    }

    /** Each assumption the engine made for a bill, in bill order. */
    public RowSource<List<String>> billAssumptions(String cycle) {
        return rows("""
                select b.bill_id, b.account_id, b.service_point_id, a.n, a.assumption, coalesce(b.tariff_sha256, '')
                  from bill b
                  cross join lateral unnest(string_to_array(b.assumptions, E'\\n')) with ordinality as a(assumption, n)
                 where b.cycle = ? and b.assumptions <> ''
                 order by b.account_id, b.service_point_id, a.n""",
                (rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)), cycle);
    }

    /** The cycle's refused rows and runs of values, in source order. */
    public RowSource<ExceptionRow> readExceptions(String cycle) {
        return rows("""
                select source_file, source_line, reason, detail, interval_start, value_count, rows_covered, raw_row,
                       raw_length, raw_sha256, raw_whole
                  from read_exception
                 where cycle = ? order by source_file, source_line, interval_start nulls first, reason""",
                (rs, n) -> {
                    Timestamp start = rs.getTimestamp(5);
                    return new ExceptionRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            start == null ? null : start.toInstant(), rs.getObject(6, Long.class), rs.getLong(7),
                            rs.getString(8), rs.getObject(9, Long.class), rs.getString(10), rs.getObject(11, Boolean.class));
                }, cycle);
    }

    /** Service points of the cycle that got no bill: id, account, reason, detail. */
    public RowSource<List<String>> notBilled(String cycle) {
        return rows("""
                select u.service_point_id, sp.account_id, u.reason, u.detail from unbilled_service_point u
                join service_point sp using (service_point_id) where u.cycle = ? order by u.service_point_id""",
                (rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), cycle);
    }

    private <T> RowSource<T> rows(String sql, RowMapper<T> mapper, Object... args) {
        return row -> jdbc.query(sql, (ResultSet rs) -> {
            row.accept(mapper.mapRow(rs, 0));
        }, args);
    }
}
