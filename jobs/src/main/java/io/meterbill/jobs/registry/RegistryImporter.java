package io.meterbill.jobs.registry;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.registry.Account;
import io.meterbill.domain.registry.Installation;
import io.meterbill.domain.registry.Meter;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.readers.registry.RegistryCsvFile;
import io.meterbill.readers.registry.RegistryFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the registry extracts of a directory in dependency order (accounts, service points, meters,
 * installations). Each file is one transaction: it is committed only if every row parses and
 * upserts and no record appears twice, otherwise nothing of it is, and each bad row is reported with
 * file, line and reason.
 * Re-importing a file updates rows in place (upsert by natural key).
 */
@Component
public class RegistryImporter {

    /** What happened to one file. */
    public record FileResult(Path file, int rows, List<String> errors) {
        public boolean imported() {
            return errors.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public RegistryImporter(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public List<FileResult> importDirectory(Path dir) throws IOException {
        List<FileResult> results = new ArrayList<>();
        step(results, dir.resolve(RegistryFormats.ACCOUNTS), f -> store(RegistryFormats.accounts(f),
                a -> "account " + a.id().value(), this::upsertAccount));
        step(results, dir.resolve(RegistryFormats.SERVICE_POINTS), f -> store(RegistryFormats.servicePoints(f),
                sp -> "service point " + sp.id().value(), this::upsertServicePoint));
        step(results, dir.resolve(RegistryFormats.METERS), f -> store(RegistryFormats.meters(f),
                m -> "meter " + m.serial().value(), this::upsertMeter));
        step(results, dir.resolve(RegistryFormats.INSTALLATIONS), f -> store(RegistryFormats.installations(f),
                i -> "installation of meter " + i.meter().value() + " at " + i.installedAt(), this::upsertInstallation));
        return results;
    }

    @FunctionalInterface
    private interface FileImport {
        FileResult apply(Path file) throws IOException;
    }

    /**
     * Imports one file unless an earlier one failed: later files refer to earlier ones, so importing
     * them would only repeat the earlier file's errors as broken references.
     */
    private static void step(List<FileResult> results, Path file, FileImport fileImport) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> failed = results.stream().filter(r -> !r.imported()).map(r -> r.file().getFileName().toString())
                .toList();
        if (!failed.isEmpty()) {
            results.add(new FileResult(file, 0, List.of(file.getFileName() + ": skipped because "
                    + String.join(", ", failed) + " was not imported; fix it and import the directory again")));
            return;
        }
        results.add(fileImport.apply(file));
    }

    @FunctionalInterface
    private interface Upsert<T> {
        void apply(T row);
    }

    /**
     * Upserts a parsed file's rows in one transaction, unless it has a bad row or names one record twice: a
     * second row with the same key would silently overwrite the first (upsert), so the file is refused whole,
     * each repeat named with its line and the line of the first.
     *
     * @param key the record's natural key, as the error names it (e.g. {@code service point SP-1})
     */
    private <T> FileResult store(RegistryCsvFile<T> file, java.util.function.Function<T, String> key, Upsert<T> upsert) {
        List<String> errors = new ArrayList<>(file.errors().stream().map(Object::toString).toList());
        java.util.Map<String, Long> firstLine = new java.util.HashMap<>();
        for (RegistryCsvFile.Parsed<T> row : file.rows()) {
            String name = key.apply(row.value());
            Long first = firstLine.putIfAbsent(name, row.line());
            if (first != null) {
                errors.add(file.path().getFileName() + ":" + row.line() + ": " + InputText.echo(name)
                        + " appears twice (first at line " + first + "); an extract names each record once");
            }
        }
        if (!errors.isEmpty()) {
            return new FileResult(file.path(), file.rows().size(), errors);
        }
        List<String> dbErrors = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (RegistryCsvFile.Parsed<T> row : file.rows()) {
                Object savepoint = status.createSavepoint();
                try {
                    upsert.apply(row.value());
                    status.releaseSavepoint(savepoint);
                } catch (DataAccessException e) {
                    status.rollbackToSavepoint(savepoint);
                    dbErrors.add(file.path().getFileName() + ":" + row.line() + ": " + reason(e));
                }
            }
            if (!dbErrors.isEmpty()) {
                status.setRollbackOnly();
            }
        });
        return new FileResult(file.path(), file.rows().size(), dbErrors);
    }

    private static String reason(DataAccessException e) {
        String message = e.getMostSpecificCause().getMessage();
        if (message != null && message.contains("violates foreign key constraint")) {
            int detail = message.indexOf("Detail:");
            return "refers to a record that is not in the registry"
                    + (detail >= 0 ? " (" + message.substring(detail + 7).strip() + ")" : "");
        }
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private void upsertAccount(Account a) {
        jdbc.update("""
                insert into account (account_id, customer_name, mailing_address, email) values (?, ?, ?, ?)
                on conflict (account_id) do update set customer_name = excluded.customer_name,
                    mailing_address = excluded.mailing_address, email = excluded.email, updated_at = now()""",
                a.id().value(), a.customerName(), a.mailingAddress(), a.email());
    }

    private void upsertServicePoint(ServicePoint sp) {
        jdbc.update("""
                insert into service_point (service_point_id, account_id, service_address, time_zone, commodity,
                                           tariff_code, rate_criteria) values (?, ?, ?, ?, ?, ?, ?)
                on conflict (service_point_id) do update set account_id = excluded.account_id,
                    service_address = excluded.service_address, time_zone = excluded.time_zone,
                    commodity = excluded.commodity, tariff_code = excluded.tariff_code,
                    rate_criteria = excluded.rate_criteria, updated_at = now()""",
                sp.id().value(), sp.account().value(), sp.serviceAddress(), sp.timeZone().getId(),
                sp.commodity().name(), sp.tariff().value(), sp.rateCriteriaText());
    }

    private void upsertMeter(Meter m) {
        jdbc.update("""
                insert into meter (meter_serial, commodity, model, retired_at) values (?, ?, ?, ?)
                on conflict (meter_serial) do update set commodity = excluded.commodity, model = excluded.model,
                    retired_at = excluded.retired_at, updated_at = now()""",
                m.serial().value(), m.commodity().name(), m.model(),
                m.retiredAt() == null ? null : java.sql.Timestamp.from(m.retiredAt()));
    }

    private void upsertInstallation(Installation i) {
        jdbc.update("""
                insert into meter_installation (meter_serial, service_point_id, installed_at, removed_at)
                values (?, ?, ?, ?)
                on conflict (meter_serial, installed_at) do update set service_point_id = excluded.service_point_id,
                    removed_at = excluded.removed_at, updated_at = now()""",
                i.meter().value(), i.servicePoint().value(), Timestamp.from(i.installedAt()),
                i.removedAt() == null ? null : Timestamp.from(i.removedAt()));
    }
}
