package io.meterbill.jobs.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one database: an external PostgreSQL when {@code meterbill.db.url} is set, otherwise the
 * home's embedded PostgreSQL server (see {@link EmbeddedServer}), shared by every meterbill process
 * on that home, whose data directory persists so job state, the registry and bills survive.
 *
 * <p>Timeouts keep a lost database from hanging a run: a connection must be had within
 * {@code meterbill.db.connect-timeout}, a statement may run at most
 * {@code meterbill.db.statement-timeout}, and a socket that hears nothing for longer than that is
 * given up, so the run fails (exit 1) and can be restarted once the database is back.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

    @Bean(destroyMethod = "close")
    public DataSource dataSource(@Value("${meterbill.home}") Path home,
            @Value("${meterbill.db.url:}") String url,
            @Value("${meterbill.db.user:}") String user,
            @Value("${meterbill.db.password:}") String password,
            @Value("${meterbill.db.password-file:}") String passwordFile,
            @Value("${meterbill.db.server-user:}") String serverUser,
            @Value("${meterbill.db.pool-size:10}") int poolSize,
            @Value("${meterbill.db.connect-timeout:10s}") Duration connectTimeout,
            @Value("${meterbill.db.statement-timeout:10m}") Duration statementTimeout) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setPoolName("meterbill");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setValidationTimeout(Math.min(5_000, connectTimeout.toMillis()));
        config.setConnectionInitSql("set statement_timeout = " + statementTimeout.toMillis());
        config.addDataSourceProperty("connectTimeout", Math.max(1, connectTimeout.toSeconds()));
        config.addDataSourceProperty("socketTimeout", statementTimeout.plusSeconds(30).toSeconds());
        config.addDataSourceProperty("tcpKeepAlive", true);
        // a JDBC batch goes as multi-row inserts (daily totals, exceptions, bill lines); no caller reads batch counts
        config.addDataSourceProperty("reWriteBatchedInserts", true);
        config.addDataSourceProperty("ApplicationName", EmbeddedServer.APPLICATION_NAME);
        if (!url.isBlank()) {
            config.setJdbcUrl(url);
            if (!user.isBlank()) {
                config.setUsername(user);
            }
            String secret = password.isBlank() ? PasswordFile.read("meterbill.db.password-file", passwordFile) : password;
            if (!secret.isEmpty()) {
                config.setPassword(secret);
            }
            return new HikariDataSource(config);
        }
        return EmbeddedServer.attachOrStart(home, serverUser, server -> {
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.user());
            config.setPassword(server.password());
            return new EmbeddedServerDataSource(config, server);
        });
    }

    /**
     * Flyway migrates as {@code meterbill.db.migration-user} (the role that owns the schema) when it is
     * set, on the same database as the pool, which then connects as the runtime role
     * ({@code meterbill.db.user}) with data rights only: see docs/security.md.
     */
    @Bean
    public FlywayConfigurationCustomizer migrationRole(DataSource dataSource,
            @Value("${meterbill.db.migration-user:}") String migrationUser,
            @Value("${meterbill.db.migration-password-file:}") String migrationPasswordFile) {
        return flyway -> {
            if (migrationUser.isBlank()) {
                return;
            }
            String url = ((HikariDataSource) dataSource).getJdbcUrl();
            flyway.dataSource(url, migrationUser.strip(),
                    PasswordFile.read("meterbill.db.migration-password-file", migrationPasswordFile));
        };
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    /** A connection pool on the embedded server that, when closed, stops the server if it was its last user. */
    static final class EmbeddedServerDataSource extends HikariDataSource {
        private final EmbeddedServer server;

        EmbeddedServerDataSource(HikariConfig config, EmbeddedServer server) {
            super(config);
            this.server = server;
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                server.releaseAndStopIfUnused();
            }
        }
    }
}
