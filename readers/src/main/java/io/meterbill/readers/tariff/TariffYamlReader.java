package io.meterbill.readers.tariff;

import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffVersion;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a tariff from the catalog's YAML (schema in docs/tariff-authoring.md). Every scalar is read
 * as text and converted here, so a rate such as {@code 0.1432} is an exact decimal and never passes
 * through a binary floating-point number. Errors name the file and the field path, e.g.
 * {@code res-flat.yaml: versions[0].charges[1].rate_per_kwh: '0,14' is not a decimal number}.
 */
public final class TariffYamlReader {

    private static final Set<String> TOP_FIELDS = Set.of("code", "name", "currency", "versions");
    private static final Set<String> VERSION_FIELDS = Set.of("effective_from", "effective_to", "charges");

    public Tariff read(String source, String yamlText) {
        Object document;
        try {
            document = yaml().load(yamlText);
        } catch (YAMLException e) {
            throw new TariffCatalogException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Object> top = map(source, "(document)", document);
        unknownFields(source, "", top, TOP_FIELDS);
        TariffCode code = new TariffCode(text(source, "code", top.get("code")));
        String name = text(source, "name", top.get("name"));
        Currency currency;
        String currencyCode = text(source, "currency", top.get("currency"));
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            throw new TariffCatalogException(source + ": currency: '" + currencyCode + "' is not an ISO 4217 code");
        }
        List<Object> versionNodes = list(source, "versions", top.get("versions"));
        List<TariffVersion> versions = new ArrayList<>();
        for (int v = 0; v < versionNodes.size(); v++) {
            String path = "versions[" + v + "]";
            Map<String, Object> version = map(source, path, versionNodes.get(v));
            unknownFields(source, path + ".", version, VERSION_FIELDS);
            LocalDate from = date(source, path + ".effective_from", version.get("effective_from"));
            LocalDate to = version.get("effective_to") == null ? null
                    : date(source, path + ".effective_to", version.get("effective_to"));
            List<Object> chargeNodes = list(source, path + ".charges", version.get("charges"));
            List<Charge> charges = new ArrayList<>();
            for (int c = 0; c < chargeNodes.size(); c++) {
                charges.add(charge(source, path + ".charges[" + c + "]", map(source, path, chargeNodes.get(c))));
            }
            try {
                versions.add(new TariffVersion(from, to, charges));
            } catch (IllegalArgumentException e) {
                throw new TariffCatalogException(source + ": " + path + ": " + e.getMessage());
            }
        }
        try {
            return new Tariff(code, name, currency, versions);
        } catch (IllegalArgumentException e) {
            throw new TariffCatalogException(source + ": versions: " + e.getMessage());
        }
    }

    private Charge charge(String source, String path, Map<String, Object> node) {
        String type = text(source, path + ".type", node.get("type"));
        String name = text(source, path + ".name", node.get("name"));
        return switch (type) {
            case "fixed_monthly" -> {
                unknownFields(source, path + ".", node, Set.of("type", "name", "amount"));
                yield new Charge.FixedMonthly(name, decimal(source, path + ".amount", node.get("amount")));
            }
            case "energy" -> {
                unknownFields(source, path + ".", node, Set.of("type", "name", "rate_per_kwh"));
                yield new Charge.Energy(name, decimal(source, path + ".rate_per_kwh", node.get("rate_per_kwh")));
            }
            case "percentage_tax" -> {
                unknownFields(source, path + ".", node, Set.of("type", "name", "percent"));
                yield new Charge.PercentageTax(name, decimal(source, path + ".percent", node.get("percent")));
            }
            default -> throw new TariffCatalogException(source + ": " + path + ".type: '" + type
                    + "' is not one of fixed_monthly, energy, percentage_tax");
        };
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new TextScalarResolver());
    }

    /** Resolves only null and booleans; numbers and dates stay text so they convert exactly. */
    private static final class TextScalarResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String source, String path, Object node) {
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TariffCatalogException(source + ": " + path + ": expected a mapping of fields");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String source, String path, Object node) {
        if (node instanceof List<?> list && !list.isEmpty()) {
            return (List<Object>) list;
        }
        throw new TariffCatalogException(source + ": " + path + ": expected a non-empty list");
    }

    private static String text(String source, String path, Object node) {
        if (node == null || node.toString().isBlank()) {
            throw new TariffCatalogException(source + ": " + path + ": is missing");
        }
        if (node instanceof Map || node instanceof List) {
            throw new TariffCatalogException(source + ": " + path + ": expected a single value");
        }
        return node.toString().strip();
    }

    private static BigDecimal decimal(String source, String path, Object node) {
        String text = text(source, path, node);
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0) {
                throw new TariffCatalogException(source + ": " + path + ": " + text + " is negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TariffCatalogException(source + ": " + path + ": '" + text + "' is not a decimal number");
        }
    }

    private static LocalDate date(String source, String path, Object node) {
        String text = text(source, path, node);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new TariffCatalogException(source + ": " + path + ": '" + text + "' is not a date YYYY-MM-DD");
        }
    }

    private static void unknownFields(String source, String prefix, Map<String, Object> node, Set<String> known) {
        for (String key : node.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new TariffCatalogException(source + ": " + prefix + key + ": unknown field (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }
}
