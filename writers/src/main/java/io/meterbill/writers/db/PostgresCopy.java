package io.meterbill.writers.db;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bulk rows into PostgreSQL with {@code COPY ... FROM STDIN} (text format) on the connection of the
 * current transaction, so they commit or roll back with everything else the transaction wrote. Many
 * times faster than batched inserts for the hundreds of thousands of rows a cycle's daily totals make,
 * and it leaves the database server's CPU to the rest of the cycle. COPY has no {@code on conflict}:
 * use it where the caller's transaction makes a repeat impossible.
 */
public final class PostgresCopy implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 1024);
    private boolean firstColumn = true;
    private long rows;

    private PostgresCopy(CopyIn copy) {
        this.copy = copy;
    }

    /**
     * Starts {@code COPY table (columns) FROM STDIN} on the transaction's connection and passes the
     * writer to {@code rows}; ends the copy when it returns, giving the number of rows copied.
     */
    public static long into(JdbcTemplate jdbc, String table, String columns, RowSource rows) {
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin");
            try (PostgresCopy copy = new PostgresCopy(in)) {
                rows.writeTo(copy);
                return copy.finish();
            }
        });
        return copied == null ? 0 : copied;
    }

    /** What writes the rows. */
    @FunctionalInterface
    public interface RowSource {
        void writeTo(PostgresCopy copy) throws SQLException;
    }

    public PostgresCopy column(String text) {
        separate();
        if (text == null) {
            buffer.append("\\N");
            return this;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        return this;
    }

    public PostgresCopy column(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    /** Ends the current row. */
    public void endRow() throws SQLException {
        buffer.append('\n');
        firstColumn = true;
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
    }

    private void separate() {
        if (!firstColumn) {
            buffer.append('\t');
        }
        firstColumn = false;
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private long finish() throws SQLException {
        if (buffer.length() > 0) {
            flush();
        }
        long copied = copy.endCopy();
        if (copied != rows) {
            throw new SQLException("COPY took " + copied + " rows of the " + rows + " sent");
        }
        return copied;
    }

    /** Cancels a copy that was not finished (an exception while writing rows), so the connection stays usable. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
