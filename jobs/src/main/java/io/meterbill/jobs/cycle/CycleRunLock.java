package io.meterbill.jobs.cycle;

import io.meterbill.domain.cycle.BillingCycle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * One live run per cycle, decided by the database rather than by the clock: a process running a
 * cycle holds a PostgreSQL session-level advisory lock for that cycle on a connection of its own for
 * as long as it lives. PostgreSQL releases the lock when the session ends, so if the lock can be
 * taken, no live process is running the cycle, and a STARTED execution of it is stale.
 */
@Component
public class CycleRunLock {

    /** First key of meterbill's advisory locks ("mb"); the second is the hash of the cycle id. */
    private static final int LOCK_CLASS = 0x6d62;

    private final DataSource dataSource;

    public CycleRunLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A held cycle lock; closing it releases the lock and its connection. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private final String cycle;

        private Held(Connection connection, String cycle) {
            this.connection = connection;
            this.cycle = cycle;
        }

        @Override
        public void close() {
            try (Connection c = connection;
                    PreparedStatement unlock = c.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                unlock.setInt(1, LOCK_CLASS);
                unlock.setString(2, "cycle:" + cycle);
                unlock.execute();
            } catch (SQLException e) {
                // the session is gone, and the lock with it
            }
        }
    }

    /** Takes the cycle's lock if no other session holds it; empty if a live process is running the cycle. */
    public java.util.Optional<Held> tryLock(BillingCycle cycle) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
            connection.setAutoCommit(true);
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, "cycle:" + cycle.id());
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return java.util.Optional.of(new Held(connection, cycle.id()));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return java.util.Optional.empty();
    }

    /** Whether a live process holds the cycle's lock now (for status): takes and releases it at once. */
    public boolean heldElsewhere(BillingCycle cycle) throws SQLException {
        java.util.Optional<Held> held = tryLock(cycle);
        held.ifPresent(Held::close);
        return held.isEmpty();
    }
}
