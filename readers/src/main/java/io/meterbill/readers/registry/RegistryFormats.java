package io.meterbill.readers.registry;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.registry.Account;
import io.meterbill.domain.registry.AccountId;
import io.meterbill.domain.registry.Commodity;
import io.meterbill.domain.registry.Installation;
import io.meterbill.domain.registry.Meter;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePoint;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.tariff.TariffCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The four registry extracts and their documented headers (see docs/registry-format.md). Files are
 * imported in this order because each refers to the ones before it.
 */
public final class RegistryFormats {

    public static final String ACCOUNTS = "accounts.csv";
    public static final String SERVICE_POINTS = "service_points.csv";
    public static final String METERS = "meters.csv";
    public static final String INSTALLATIONS = "installations.csv";

    public static final List<String> ACCOUNT_COLUMNS = List.of("account_id", "customer_name", "mailing_address", "email");
    public static final List<String> SERVICE_POINT_COLUMNS =
            List.of("service_point_id", "account_id", "service_address", "time_zone", "commodity", "tariff_code");
    public static final List<String> METER_COLUMNS = List.of("meter_serial", "commodity", "model");
    public static final List<String> INSTALLATION_COLUMNS =
            List.of("meter_serial", "service_point_id", "installed_at", "removed_at");

    private RegistryFormats() {
    }

    public static RegistryCsvFile<Account> accounts(Path file) throws IOException {
        return RegistryCsvFile.read(file, ACCOUNT_COLUMNS, row -> new Account(new AccountId(row.required("account_id")),
                row.required("customer_name"), row.optional("mailing_address"), email(row.optional("email"))));
    }

    public static RegistryCsvFile<ServicePoint> servicePoints(Path file) throws IOException {
        return RegistryCsvFile.read(file, SERVICE_POINT_COLUMNS, row -> new ServicePoint(
                new ServicePointId(row.required("service_point_id")), new AccountId(row.required("account_id")),
                row.optional("service_address"), zone(row.required("time_zone")),
                commodity(row.required("commodity")), new TariffCode(row.required("tariff_code")),
                ServicePoint.parseRateCriteria(row.optional("rate_criteria"))));
    }

    public static RegistryCsvFile<Meter> meters(Path file) throws IOException {
        return RegistryCsvFile.read(file, METER_COLUMNS, row -> {
            String retired = row.optional("retired_at");
            return new Meter(new MeterSerial(row.required("meter_serial")), commodity(row.required("commodity")),
                    row.optional("model"), retired == null ? null : instant("retired_at", retired));
        });
    }

    public static RegistryCsvFile<Installation> installations(Path file) throws IOException {
        return RegistryCsvFile.read(file, INSTALLATION_COLUMNS, row -> {
            String removed = row.optional("removed_at");
            return new Installation(new MeterSerial(row.required("meter_serial")),
                    new ServicePointId(row.required("service_point_id")), instant("installed_at",
                            row.required("installed_at")), removed == null ? null : instant("removed_at", removed));
        });
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time_zone '" + InputText.echo(text) + "' is not a region id such as America/New_York");
        }
    }

    private static Commodity commodity(String text) {
        try {
            return Commodity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("commodity '" + InputText.echo(text) + "' is not ELECTRIC, GAS, WATER or THERMAL");
        }
    }

    private static Instant instant(String column, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(column + " '" + InputText.echo(text)
                    + "' is not an ISO-8601 timestamp with offset, e.g. 2019-06-03T09:00:00-04:00");
        }
    }

    private static String email(String text) {
        if (text != null && (!text.contains("@") || text.contains(" "))) {
            throw new IllegalArgumentException("email '" + InputText.echo(text) + "' is not an e-mail address");
        }
        return text;
    }
}
