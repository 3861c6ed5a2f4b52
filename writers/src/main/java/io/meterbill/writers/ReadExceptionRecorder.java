package io.meterbill.writers;

import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SourceRow;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a rejected input row in {@code read_exception}: cycle, source file, line, the raw row, the
 * reason and its detail. Keyed by (cycle, source, line), so recording the same row again after a
 * restart changes nothing.
 */
public class ReadExceptionRecorder {

    private static final String INSERT = """
            insert into read_exception (cycle, source_file, source_line, raw_row, reason, detail)
            values (?, ?, ?, ?, ?, ?)
            on conflict (cycle, source_file, source_line) do nothing""";

    private final JdbcTemplate jdbc;
    private final String cycle;

    public ReadExceptionRecorder(JdbcTemplate jdbc, String cycle) {
        this.jdbc = jdbc;
        this.cycle = cycle;
    }

    public void record(SourceRow row, ReadRejectionReason reason, String detail) {
        jdbc.update(INSERT, cycle, row.source(), row.line(), row.text(), reason.name(), detail);
    }
}
