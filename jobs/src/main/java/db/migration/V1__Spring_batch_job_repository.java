package db.migration;

import java.nio.charset.StandardCharsets;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the Spring Batch job repository tables from the schema script that ships inside
 * spring-batch-core, so the job repository lives in meterbill's database under Flyway's control and
 * always matches the Spring Batch version on the classpath when it was first migrated.
 */
public class V1__Spring_batch_job_repository extends BaseJavaMigration {

    static final String SCHEMA = "org/springframework/batch/core/schema-postgresql.sql";

    @Override
    public void migrate(Context context) throws Exception {
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource(SCHEMA));
        populator.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
        populator.populate(context.getConnection());
    }
}
