package io.meterbill.writers;

import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.ReconciledRead;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores reconciled reads for the cycle, one row per (service point, channel, interval start). A
 * second read for an interval that already has one is not stored: it is recorded as a
 * {@link ReadRejectionReason#DUPLICATE_READ} exception in the same transaction, so the control
 * totals still account for it.
 *
 * <p>Idempotent by source position: a row whose own file and line are already stored (the same row
 * read again after a restart resumed from an earlier position) is recognised and changes nothing,
 * so exactly-once does not depend on where a restarted reader resumes.
 */
public class IntervalReadJdbcWriter implements ItemWriter<ReconciledRead> {

    private static final String INSERT = """
            insert into interval_read (cycle, service_point_id, channel, interval_start, interval_minutes,
                                       quantity_milli, meter_serial, source_file, source_line)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (cycle, service_point_id, channel, interval_start) do nothing""";

    private static final String STORED_FROM = """
            select source_file, source_line from interval_read
            where cycle = ? and service_point_id = ? and channel = ? and interval_start = ?""";

    private final JdbcTemplate jdbc;
    private final String cycle;
    private final ReadExceptionRecorder exceptions;

    public IntervalReadJdbcWriter(JdbcTemplate jdbc, String cycle, ReadExceptionRecorder exceptions) {
        this.jdbc = jdbc;
        this.cycle = cycle;
        this.exceptions = exceptions;
    }

    @Override
    public void write(Chunk<? extends ReconciledRead> chunk) {
        List<ReconciledRead> reads = List.copyOf(chunk.getItems());
        int[][] counts = jdbc.batchUpdate(INSERT, reads, 1000, (PreparedStatement ps, ReconciledRead r) -> {
            ps.setString(1, cycle);
            ps.setString(2, r.servicePoint().value());
            ps.setString(3, r.read().channel().code());
            ps.setTimestamp(4, Timestamp.from(r.read().start()));
            ps.setInt(5, (int) r.read().length().toMinutes());
            ps.setLong(6, r.read().milliUnits());
            ps.setString(7, r.read().meter().value());
            ps.setString(8, r.row().source());
            ps.setLong(9, r.row().line());
        });
        int index = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count == 0 && !alreadyStored(reads.get(index))) {
                    ReconciledRead duplicate = reads.get(index);
                    exceptions.record(duplicate.row(), ReadRejectionReason.DUPLICATE_READ, "a read for "
                            + duplicate.servicePoint() + " " + duplicate.read().channel().code() + " at "
                            + duplicate.read().start() + " is already stored");
                }
                index++;
            }
        }
    }

    /** Whether the interval's stored read came from this very row (a re-read), not from another one. */
    private boolean alreadyStored(ReconciledRead read) {
        return jdbc.query(STORED_FROM, rs -> {
            return rs.next() && rs.getString(1).equals(read.row().source()) && rs.getLong(2) == read.row().line();
        }, cycle, read.servicePoint().value(), read.read().channel().code(), Timestamp.from(read.read().start()));
    }
}
