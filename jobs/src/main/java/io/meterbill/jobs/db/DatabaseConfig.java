package io.meterbill.jobs.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
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
            if (!password.isBlank()) {
                config.setPassword(password);
            }
            return new HikariDataSource(config);
        }
        return EmbeddedServer.attachOrStart(home, server -> {
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername("postgres");
            return new EmbeddedServerDataSource(config, server);
        });
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
