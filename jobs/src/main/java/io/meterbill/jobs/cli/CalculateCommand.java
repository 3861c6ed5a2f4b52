package io.meterbill.jobs.cli;

import io.meterbill.domain.tariff.Decimals;
import io.meterbill.domain.bill.BillDetail;
import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.bill.CycleRating;
import io.meterbill.domain.bill.MeteredInterval;
import io.meterbill.domain.read.IntervalRead;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.tariff.Applicability;
import io.meterbill.domain.tariff.BillCalculation;
import io.meterbill.domain.tariff.Charge;
import io.meterbill.domain.tariff.IntervalUsage;
import io.meterbill.domain.tariff.RateCriterion;
import io.meterbill.domain.tariff.RatingContext;
import io.meterbill.domain.tariff.RatingException;
import io.meterbill.domain.tariff.Tariff;
import io.meterbill.domain.tariff.TariffCode;
import io.meterbill.domain.tariff.TariffEngine;
import io.meterbill.domain.tariff.Usage;
import io.meterbill.domain.tariff.UsageTotals;
import io.meterbill.jobs.ConfigurationProblem;
import io.meterbill.jobs.ExitCode;
import io.meterbill.jobs.tariff.TariffCatalog;
import io.meterbill.readers.interval.IntervalCsvLongFormat;
import io.meterbill.readers.tariff.TariffCatalogException;
import io.meterbill.readers.tariff.TariffYamlReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meterbill tariffs calculate}: bill match and what-if. Rates usage given as bill totals or as
 * an interval file on a catalog tariff (or a tariff file being drafted), prints the lines at the
 * chosen level of detail with the assumptions, and the variance against the customer's real bill.
 */
@Command(name = "calculate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rate usage on a tariff without running a cycle: match a customer's historical bill, or try a"
                + " what-if.", "",
                "The period is [--from, --to): --to is the first day NOT billed (the bill's end read date), so"
                        + " 2015-11-15 to 2015-12-17 is 32 billing days; check the day count printed against the bill.",
                "Quantities per TOU period are given as PERIOD=QTY (e.g. --kwh on_peak=120 --kwh off_peak=410);"
                        + " a bare number is the total for the whole period, which is enough only when the tariff's"
                        + " charges do not depend on the TOU period. --kw takes a total (the maximum demand) and"
                        + " PERIOD=QTY for TOU-window demand, together if the bill shows both.", ""},
        footer = {"", "Example (the general-demand bill match of the README):",
                "  meterbill tariffs calculate --tariff GSD-1 \\",
                "      --from 2015-11-15 --to 2015-12-17 --kwh 154324 --kw 354 \\",
                "      --tax 'Utility tax=4' --expected-total 19731.30 \\",
                "      --expected-kwh 154324 --expected-kw 354 --detail charge-type"})
public class CalculateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    TariffSource source;

    static class TariffSource {
        @Option(names = "--tariff", paramLabel = "CODE", description = "a tariff of the imported catalog")
        String code;

        @Option(names = "--file", paramLabel = "FILE.yaml", description = "a tariff file (not imported), e.g. a draft")
        Path file;
    }

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "first billed day")
    String from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "first day not billed")
    String to;

    @Option(names = "--kwh", paramLabel = "[PERIOD=]QTY",
            description = "consumption in the tariff's unit (kWh, therm, m3...), total or per TOU period")
    List<String> consumption = new ArrayList<>();

    @Option(names = "--kw", paramLabel = "[PERIOD=]QTY", description = "maximum demand, total or per TOU period")
    List<String> demand = new ArrayList<>();

    @Option(names = "--export-kwh", paramLabel = "[PERIOD=]QTY",
            description = "energy exported (solar), total or per TOU period, for net metering")
    List<String> export = new ArrayList<>();

    @Option(names = "--intervals", paramLabel = "FILE.csv|DIR",
            description = "interval reads instead of totals, in the long CSV format of sample-data/reads (a file, or a"
                    + " directory of *.csv files)")
    Path intervals;

    @Option(names = "--meter", paramLabel = "SERIAL", description = "with --intervals: only this meter's rows")
    String meter;

    @Option(names = "--tax", paramLabel = "NAME=PERCENT",
            description = "a percentage tax to add on top of the tariff (e.g. 'Utility tax=4')")
    List<String> taxes = new ArrayList<>();

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "a rate-criterion value (e.g. low_income=yes)")
    List<String> properties = new ArrayList<>();

    @Option(names = "--adjustment", paramLabel = "TEXT=AMOUNT", description = "a one-off credit (negative) or charge")
    List<String> adjustments = new ArrayList<>();

    @Option(names = "--previous-peak", paramLabel = "KW",
            description = "peak demand of each earlier month, most recent first (repeat; 0 for a month without a bill)")
    List<BigDecimal> previousPeaks = new ArrayList<>();

    @Option(names = "--credit-carried-in", paramLabel = "AMOUNT", description = "net-metering credit from the last bill")
    BigDecimal creditCarriedIn = BigDecimal.ZERO;

    @Option(names = "--expected-total", paramLabel = "AMOUNT", description = "the bill's total, to report the variance")
    BigDecimal expectedTotal;

    @Option(names = "--expected-kwh", paramLabel = "QTY", description = "the bill's consumption")
    BigDecimal expectedKwh;

    @Option(names = "--expected-kw", paramLabel = "QTY", description = "the bill's maximum demand")
    BigDecimal expectedKw;

    @Option(names = "--detail", paramLabel = "LEVEL", defaultValue = "rate",
            description = "total, charge-type, charge-type-and-tou or rate (default: ${DEFAULT-VALUE})")
    String detail;

    @Override
    public Integer call() throws Exception {
        LocalDate fromDay = date("--from", from);
        LocalDate toDay = date("--to", to);
        if (!toDay.isAfter(fromDay)) {
            throw new ConfigurationProblem("--to " + toDay + " must be after --from " + fromDay);
        }
        BillDetail.Level level;
        try {
            level = BillDetail.Level.parse(detail);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem("--detail: " + e.getMessage());
        }
        Tariff tariff = loadTariff();
        int digits = tariff.currency().getDefaultFractionDigits();
        if (expectedTotal != null && Math.max(0, expectedTotal.stripTrailingZeros().scale()) > digits) {
            throw new ConfigurationProblem("--expected-total " + expectedTotal.toPlainString() + " has more decimals than "
                    + tariff.currency().getCurrencyCode() + "'s " + digits);
        }
        List<Charge> extra = new ArrayList<>();
        for (String tax : taxes) {
            String[] kv = pair("--tax", tax);
            extra.add(new Charge.Percentage(kv[0], decimal("--tax", kv[1]), Set.of(), true, Applicability.ALWAYS));
        }
        if (!extra.isEmpty()) {
            tariff = tariff.withCharges(extra);
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (String p : properties) {
            String[] kv = pair("--property", p);
            if (tariff.criteria().stream().noneMatch(c -> c.key().equals(kv[0]))) {
                throw new ConfigurationProblem("--property " + p + ": tariff " + tariff.code() + " has no rate criterion '"
                        + kv[0] + "' (it has " + tariff.criteria().stream().map(RateCriterion::key).toList() + ")");
            }
            props.put(kv[0], kv[1]);
        }
        List<RatingContext.Adjustment> adjusted = new ArrayList<>();
        for (String a : adjustments) {
            String[] kv = pair("--adjustment", a);
            adjusted.add(new RatingContext.Adjustment(kv[0], decimal("--adjustment", kv[1])));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> notes = new ArrayList<>();
        Usage usage = usage(tariff, fromDay, toDay, notes);
        BillCalculation bill;
        try {
            bill = new TariffEngine().rate(tariff, fromDay, toDay, usage,
                    new RatingContext(props, previousPeaks, creditCarriedIn, adjusted));
        } catch (RatingException | IllegalArgumentException e) {
            String hint = "";
            if (e.getMessage().contains("needs consumption per period")) {
                hint = "; give --kwh PERIOD=QTY for each period (or --intervals FILE)";
            } else if (e.getMessage().contains("needs the maximum demand")) {
                hint = "; give --kw QTY (or --kw PERIOD=QTY per period)";
            }
            throw new ConfigurationProblem("cannot rate: " + e.getMessage() + hint);
        }
        if (!demand.isEmpty() && bill.lines().stream().noneMatch(l -> l.chargeType() == ChargeType.DEMAND)) {
            notes.add("demand given with --kw, but " + tariff.code() + " has no demand charge in this period: not used");
        }
        print(out, tariff, bill, level, usage, notes);
        out.flush();
        return ExitCode.COMPLETED;
    }

    private Tariff loadTariff() throws IOException {
        if (source.file != null) {
            if (!Files.isRegularFile(source.file)) {
                throw new ConfigurationProblem("tariff file " + source.file + " does not exist");
            }
            try {
                return new TariffYamlReader().read(source.file.getFileName().toString(),
                        Files.readString(source.file, StandardCharsets.UTF_8));
            } catch (TariffCatalogException e) {
                throw new ConfigurationProblem("tariff not loaded: " + e.getMessage());
            }
        }
        try (ConfigurableApplicationContext context = ((MeterbillCommand) spec.root().userObject()).startContext()) {
            Tariff tariff = context.getBean(TariffCatalog.class).load().get(new TariffCode(source.code));
            if (tariff == null) {
                throw new ConfigurationProblem("tariff " + source.code + " is not in the catalog (meterbill tariffs list;"
                        + " import with meterbill tariffs import, or use --file)");
            }
            return tariff;
        }
    }

    private Usage usage(Tariff tariff, LocalDate fromDay, LocalDate toDay, List<String> notes) throws IOException {
        if (intervals != null) {
            if (!consumption.isEmpty() || !demand.isEmpty() || !export.isEmpty()) {
                throw new ConfigurationProblem("give usage either as --intervals or as --kwh/--kw/--export-kwh, not both");
            }
            return intervalUsage(tariff, fromDay, toDay, notes);
        }
        if (consumption.isEmpty() && demand.isEmpty()) {
            throw new ConfigurationProblem("no usage: give --kwh (and --kw for demand tariffs) or --intervals FILE");
        }
        return new UsageTotals(quantities("--kwh", consumption), quantities("--export-kwh", export),
                quantities("--kw", demand));
    }

    private IntervalUsage intervalUsage(Tariff tariff, LocalDate fromDay, LocalDate toDay, List<String> notes)
            throws IOException {
        List<Path> files;
        if (Files.isDirectory(intervals)) {
            try (var list = Files.list(intervals)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new ConfigurationProblem("no interval files (*.csv) in " + intervals);
            }
        } else if (Files.isRegularFile(intervals)) {
            files = List.of(intervals);
        } else {
            throw new ConfigurationProblem("interval file " + intervals + " does not exist");
        }
        Instant start = fromDay.atStartOfDay(tariff.zone()).toInstant();
        Instant end = toDay.atStartOfDay(tariff.zone()).toInstant();
        List<MeteredInterval> reads = new ArrayList<>();
        java.util.SortedSet<String> meters = new java.util.TreeSet<>();
        long outside = 0;
        long rejected = 0;
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                IntervalCsvLongFormat format = null;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (format == null) {
                        // the standard long layout; a file without its header line is read as if it had one
                        boolean header = IntervalCsvLongFormat.isHeader(line);
                        format = new IntervalCsvLongFormat(IntervalCsvLongFormat.Layout.standard(null),
                                file.getFileName().toString(), header ? line
                                        : String.join(",", IntervalCsvLongFormat.HEADER));
                        if (header) {
                            continue;
                        }
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    ReadRecord record = format.parse(new SourceRow(file.getFileName().toString(), number, line));
                    if (record instanceof ReadRecord.Unparseable bad) {
                        if (meter != null && !line.startsWith(meter + ",")) {
                            continue; // a bad row of another meter is not this bill's concern
                        }
                        rejected++;
                        notes.add(file.getFileName() + " line " + number + ": " + bad.reason() + ": " + bad.detail());
                        continue;
                    }
                    IntervalRead read = ((ReadRecord.Parsed) record).read();
                    if (meter != null && !read.meter().value().equals(meter)) {
                        continue;
                    }
                    if (read.start().isBefore(start) || !read.start().isBefore(end)) {
                        outside++;
                        continue;
                    }
                    meters.add(read.meter().value());
                    reads.add(new MeteredInterval(read.channel(), read.start(), (int) read.length().toMinutes(),
                            read.milliUnits()));
                }
            }
        }
        if (reads.isEmpty()) {
            throw new ConfigurationProblem("no reads in " + intervals + (meter != null ? " for meter " + meter : "")
                    + " between " + fromDay + " and " + toDay);
        }
        if (meters.size() > 1) {
            throw new ConfigurationProblem(intervals + " has reads of " + meters.size() + " meters in the period ("
                    + String.join(", ", meters.stream().limit(5).toList()) + (meters.size() > 5 ? ", ..." : "")
                    + "); choose one with --meter SERIAL");
        }
        IntervalUsage usage;
        try {
            usage = CycleRating.usageOf(start, end, reads);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(intervals + ": " + e.getMessage()
                    + (meter == null ? " (use --meter to choose one meter)" : ""));
        }
        if (outside > 0) {
            notes.add(outside + " reads outside the period ignored");
        }
        if (rejected > 0) {
            notes.add(rejected + " rows could not be read (listed above)");
        }
        if (usage.missingDelivered() > 0 || usage.missingReceived() > 0) {
            notes.add("WARNING: the reads do not cover the whole period (" + usage.missingDelivered()
                    + " delivered and " + usage.missingReceived() + " export intervals missing, counted as zero);"
                    + " a cycle would not bill this service point (INCOMPLETE_READS)");
        }
        return usage;
    }

    private void print(PrintWriter out, Tariff tariff, BillCalculation bill, BillDetail.Level level, Usage usage,
            List<String> notes) {
        long days = bill.to().toEpochDay() - bill.from().toEpochDay();
        out.printf("Tariff %s (%s)%s%n", tariff.code(), tariff.name(), tariff.utility().isBlank() ? "" : ", " + tariff.utility());
        out.printf("Period %s to %s: %d billing days (%s)%n", bill.from(), bill.to().minusDays(1), days, tariff.zone());
        out.printf("Usage  %s %s delivered%s%s%n", Decimals.plain(bill.consumption()), bill.unit(),
                bill.export().signum() > 0 ? ", " + Decimals.plain(bill.export()) + " " + bill.unit() + " exported" : "",
                bill.peakDemand() != null ? ", peak demand " + Decimals.plain(bill.peakDemand()) + " " + tariff.demandUnit() : "");
        out.printf("       (%s)%n%n", usage instanceof IntervalUsage iv ? iv.intervals() + " intervals of "
                + iv.intervalMinutes() + " minutes" : "bill totals");
        String currency = bill.total().currency().getCurrencyCode();
        if (level == BillDetail.Level.RATE) {
            out.printf("%-3s %-10s %-44s %-8s %-9s %4s %14s %-7s %12s %12s %12s  %s%n", "#", "TYPE", "DESCRIPTION",
                    "SEASON", "PERIOD", "TIER", "QUANTITY", "UNIT", "RATE", "FACTOR", "AMOUNT", "VERSION");
            for (BillLine l : bill.lines()) {
                out.printf("%-3d %-10s %-44s %-8s %-9s %4s %14s %-7s %12s %12s %12s  %s%n", l.lineNo(), l.chargeType(),
                        cut(l.description(), 44), dash(l.season()), dash(l.touPeriod()),
                        l.tier() == null ? "-" : l.tier().toString(), l.determinantUnit().equals(currency)
                                ? l.determinant().setScale(2, RoundingMode.HALF_UP).toPlainString() : Decimals.plain(l.determinant()),
                        l.determinantUnit(), l.rate().toPlainString(), Decimals.plain(l.factor()), l.amount().amount().toPlainString(), l.tariffVersion());
            }
        } else {
            out.printf("%-40s %16s %-7s %14s%n", "CHARGES", "QUANTITY", "UNIT", "AMOUNT");
            for (BillDetail.Row row : BillDetail.group(bill.lines(), level)) {
                out.printf("%-40s %16s %-7s %14s%n", row.label(), row.quantity() == null ? ""
                        : row.unit().equals(currency) ? row.quantity().setScale(2, RoundingMode.HALF_UP).toPlainString()
                        : Decimals.plain(row.quantity()),
                        row.unit() == null ? "" : row.unit(), row.amount().amount().toPlainString());
            }
        }
        out.printf("%n%-65s %14s%n", "Subtotal", bill.subtotal().amount().toPlainString());
        out.printf("%-65s %14s%n", "Taxes", bill.tax().amount().toPlainString());
        out.printf("%-65s %14s %s%n", "TOTAL", bill.total().amount().toPlainString(), currency);
        if (bill.creditCarriedForward().amount().signum() > 0) {
            out.printf("%-65s %14s%n", "Net metering credit carried forward", bill.creditCarriedForward().amount());
        }
        out.printf("%nAssumptions%n");
        for (String assumption : bill.assumptions()) {
            out.printf("  - %s%n", assumption);
        }
        for (String note : notes) {
            out.printf("  - %s%n", note);
        }
        if (expectedTotal != null || expectedKwh != null || expectedKw != null) {
            out.printf("%nAgainst the bill        %14s %14s %14s %9s%n", "EXPECTED", "CALCULATED", "VARIANCE", "%");
            if (expectedTotal != null) {
                variance(out, "total (" + currency + ")", expectedTotal.setScale(
                        bill.total().currency().getDefaultFractionDigits(), RoundingMode.UNNECESSARY), bill.total().amount());
            }
            if (expectedKwh != null) {
                variance(out, "consumption (" + bill.unit() + ")", expectedKwh, bill.consumption());
            }
            if (expectedKw != null) {
                BigDecimal kw = bill.peakDemand() != null ? bill.peakDemand() : bill.lines().stream()
                        .filter(l -> l.chargeType() == ChargeType.DEMAND).map(BillLine::determinant)
                        .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
                variance(out, "demand (" + tariff.demandUnit() + ")", expectedKw, kw);
            }
        }
    }

    private static void variance(PrintWriter out, String what, BigDecimal expected, BigDecimal calculated) {
        BigDecimal variance = calculated.subtract(expected);
        boolean money = expected.scale() == 2 && calculated.scale() == 2;
        String percent = expected.signum() == 0 ? "-"
                : variance.multiply(BigDecimal.valueOf(100)).divide(expected, 2, RoundingMode.HALF_UP).toPlainString();
        out.printf("  %-21s %14s %14s %14s %9s%s%n", what, money ? expected.toPlainString() : Decimals.plain(expected),
                money ? calculated.toPlainString() : Decimals.plain(calculated), money ? variance.toPlainString() : Decimals.plain(variance),
                percent,
                variance.signum() == 0 ? "   match" : "   DIFFERS");
    }

    private static Map<String, BigDecimal> quantities(String option, List<String> values) {
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            String key = eq < 0 ? UsageTotals.TOTAL : value.substring(0, eq).strip();
            BigDecimal quantity = decimal(option, eq < 0 ? value : value.substring(eq + 1));
            if (quantity.signum() < 0) {
                throw new ConfigurationProblem(option + " " + value + ": a quantity cannot be negative");
            }
            if (map.put(key, quantity) != null) {
                throw new ConfigurationProblem(option + ": " + key + " given twice");
            }
        }
        if (map.containsKey(UsageTotals.TOTAL) && map.size() > 1 && !option.equals("--kw")) {
            throw new ConfigurationProblem(option + ": give either one total or quantities per period, not both");
        }
        return map;
    }

    private static String[] pair(String option, String value) {
        int eq = value.lastIndexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new ConfigurationProblem(option + " '" + value + "' must be NAME=VALUE");
        }
        return new String[] {value.substring(0, eq).strip(), value.substring(eq + 1).strip()};
    }

    private static BigDecimal decimal(String option, String text) {
        try {
            return new BigDecimal(text.strip().replace("%", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigurationProblem(option + ": '" + text + "' is not a number");
        }
    }

    private static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ConfigurationProblem(option + ": '" + text + "' is not a date YYYY-MM-DD");
        }
    }


    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}
