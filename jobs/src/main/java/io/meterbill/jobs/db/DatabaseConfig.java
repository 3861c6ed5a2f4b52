package io.meterbill.jobs.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one database: an external PostgreSQL when {@code meterbill.db.url} is set, otherwise a real
 * PostgreSQL server embedded in this process whose data directory persists under the meterbill home,
 * so job state, the registry and bills survive between commands.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

    @Bean(destroyMethod = "close")
    public DataSource dataSource(@Value("${meterbill.home}") Path home,
            @Value("${meterbill.db.url:}") String url,
            @Value("${meterbill.db.user:}") String user,
            @Value("${meterbill.db.password:}") String password,
            @Value("${meterbill.db.pool-size:10}") int poolSize,
            @Value("${meterbill.db.connect-timeout:10s}") Duration connectTimeout) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("meterbill");
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setAutoCommit(true);
        if (url.isBlank()) {
            EmbeddedPostgres server = startEmbedded(home);
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            return new EmbeddedServerDataSource(config, server);
        }
        config.setJdbcUrl(url);
        if (!user.isBlank()) {
            config.setUsername(user);
        }
        if (!password.isBlank()) {
            config.setPassword(password);
        }
        return new HikariDataSource(config);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    private static EmbeddedPostgres startEmbedded(Path home) throws IOException {
        Path data = home.resolve("pgdata");
        Path binaries = home.resolve("pg-server");
        Files.createDirectories(data);
        Files.createDirectories(binaries);
        Files.createDirectories(home.resolve("logs"));
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "100")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(home.resolve("logs/postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(home.resolve("logs/postgres.log").toFile()))
                .start();
    }

    /** A connection pool that stops its embedded server when it is closed. */
    static final class EmbeddedServerDataSource extends HikariDataSource {
        private final EmbeddedPostgres server;

        EmbeddedServerDataSource(HikariConfig config, EmbeddedPostgres server) {
            super(config);
            this.server = server;
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("stopping the embedded PostgreSQL", e);
                }
            }
        }
    }
}
