package io.meterbill.writers.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic registry and one month of 15-minute delivered-energy reads as CSV long, CSV wide,
 * Parquet or Green Button XML (the same values in every format), deterministic for a seed, with rooftop
 * solar (an export channel, {@code kwh_rec}, and the RES-TOU net-metering tariff) on a chosen share: residential accounts with a night base load and morning and
 * evening peaks, and (every eighth account) small commercial accounts with a business-hours load.
 * Used for load and crash tests; the bundled sample in {@code sample-data/} is hand-checked instead.
 */
public final class SampleDataGenerator {

    /** The interval format the reads are written in. */
    public enum Format {
        /** one read per row: {@code meter_serial,interval_start,interval_minutes,channel,value,unit} */
        CSV_LONG("csv"),
        /** one row per meter, channel and local day: {@code meter_serial,channel,date,interval_minutes,unit,q1..} */
        CSV_WIDE("csv-wide"),
        /** Parquet, wide layout: a row per meter, channel and local day, the values a LIST of Wh */
        PARQUET("parquet"),
        /** Green Button (ESPI) XML: a UsagePoint per meter, an IntervalBlock per local day */
        ESPI("espi");

        private final String option;

        Format(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public static Format fromOption(String option) {
            for (Format f : values()) {
                if (f.option.equalsIgnoreCase(option)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("format '" + option + "' is not one of csv, csv-wide, parquet, espi");
        }
    }

    /** What to generate. */
    public record Spec(int accounts, YearMonth month, ZoneId zone, long seed, int readFiles, Format format,
            double solarShare) {

        /** CSV long, no solar. */
        public Spec(int accounts, YearMonth month, ZoneId zone, long seed, int readFiles) {
            this(accounts, month, zone, seed, readFiles, Format.CSV_LONG, 0);
        }

        /** No solar. */
        public Spec(int accounts, YearMonth month, ZoneId zone, long seed, int readFiles, Format format) {
            this(accounts, month, zone, seed, readFiles, format, 0);
        }

        public Spec {
            java.util.Objects.requireNonNull(format, "format");
            if (!(solarShare >= 0 && solarShare <= 1)) {
                throw new IllegalArgumentException("the solar share must be between 0 and 1");
            }
            if (accounts < 1 || accounts > 10_000_000) {
                throw new IllegalArgumentException("accounts must be between 1 and 10,000,000");
            }
            if (readFiles < 1) {
                throw new IllegalArgumentException("readFiles must be at least 1");
            }
        }
    }

    /** What was written. */
    public record Summary(int accounts, long readCount, Path registryDir, Path readsDir) {
    }

    private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private SampleDataGenerator() {
    }

    public static Summary generate(Spec spec, Path out) throws IOException {
        Path registry = Files.createDirectories(out.resolve("registry"));
        Path readsDir = Files.createDirectories(out.resolve("reads"));
        String zone = spec.zone().getId();
        // one fixed installation date, so registries generated for different months are the same registry
        ZonedDateTime installed = java.time.LocalDate.of(2020, 1, 6).atTime(9, 0).atZone(spec.zone());
        try (BufferedWriter accounts = writer(registry.resolve("accounts.csv"));
                BufferedWriter servicePoints = writer(registry.resolve("service_points.csv"));
                BufferedWriter meters = writer(registry.resolve("meters.csv"));
                BufferedWriter installations = writer(registry.resolve("installations.csv"))) {
            accounts.write("account_id,customer_name,mailing_address,email\n");
            servicePoints.write("service_point_id,account_id,service_address,time_zone,commodity,tariff_code\n");
            meters.write("meter_serial,commodity,model\n");
            installations.write("meter_serial,service_point_id,installed_at,removed_at\n");
            for (int i = 1; i <= spec.accounts(); i++) {
                String n = String.format(Locale.ROOT, "%07d", i);
                accounts.write("A" + n + ",Customer " + n + ",\"" + i + " Generated Rd, Sampleton\",a" + n
                        + "@example.com\n");
                servicePoints.write("S" + n + ",A" + n + ",\"" + i + " Generated Rd, Sampleton\"," + zone
                        + ",ELECTRIC," + (commercial(i) ? "COM-FLAT" : solar(spec, i) ? "RES-TOU" : "RES-FLAT") + "\n");
                meters.write("M" + n + ",ELECTRIC,Generated\n");
                installations.write("M" + n + ",S" + n + "," + ISO.format(installed.toOffsetDateTime()) + ",\n");
            }
        }
        long reads = 0;
        ZonedDateTime start = spec.month().atDay(1).atStartOfDay(spec.zone());
        ZonedDateTime end = spec.month().plusMonths(1).atDay(1).atStartOfDay(spec.zone());
        int perFile = (spec.accounts() + spec.readFiles() - 1) / spec.readFiles();
        for (int file = 0; file < spec.readFiles(); file++) {
            int first = file * perFile + 1;
            int last = Math.min(spec.accounts(), first + perFile - 1);
            if (first > last) {
                break;
            }
            String extension = switch (spec.format()) {
                case PARQUET -> ".parquet";
                case ESPI -> ".xml";
                default -> ".csv";
            };
            Path path = readsDir.resolve(String.format(Locale.ROOT, "reads-%s-%03d%s", spec.month(), file + 1, extension));
            try (SampleReadsFile readsFile = SampleReadsFile.open(spec.format(), path,
                    new SampleReadsFile.Month(spec.month(), spec.zone()))) {
                for (int i = first; i <= last; i++) {
                    long[] wh = month(spec, i, start.toInstant(), end.toInstant());
                    long[] exported = null;
                    if (solar(spec, i)) {
                        exported = rooftopSolar(spec, i, wh, start.toInstant());
                        reads += exported.length;
                    }
                    readsFile.account(String.format(Locale.ROOT, "M%07d", i), wh, exported);
                    reads += wh.length;
                }
            }
        }
        return new Summary(spec.accounts(), reads, registry, readsDir);
    }

    /** An account's month of quarter hours in Wh, deterministic for the seed and account. */
    private static long[] month(Spec spec, int account, Instant start, Instant end) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 1_000_003L + account);
        boolean commercial = commercial(account);
        double scale = commercial ? 6 + random.nextDouble() * 6 : 0.7 + random.nextDouble() * 0.8;
        long[] wh = new long[(int) (Duration.between(start, end).toMinutes() / 15)];
        Instant t = start;
        for (int q = 0; q < wh.length; q++, t = t.plusSeconds(900)) {
            wh[q] = Math.round(1000 * scale * shape(t.atZone(spec.zone()), commercial) * (0.85 + 0.3 * random.nextDouble()));
        }
        return wh;
    }

    /** Whether an account has rooftop solar: a share of accounts, chosen by the seed. */
    private static boolean solar(Spec spec, int account) {
        return spec.solarShare() > 0 && new SplittableRandom(spec.seed() * 7_919L + account).nextDouble() < spec.solarShare();
    }

    /**
     * Rooftop solar behind the meter: a 3-8 kW array producing along the sun's arc (06:30-17:30 local, a
     * clear or cloudy day at random); what the house uses comes first, the rest is exported. Changes
     * {@code delivered} in place to what the grid delivered, and returns the export per quarter hour.
     */
    private static long[] rooftopSolar(Spec spec, int account, long[] delivered, Instant start) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 104_729L + account);
        double kw = 3 + random.nextDouble() * 5;
        long[] exported = new long[delivered.length];
        double sky = 1;
        Instant t = start;
        for (int q = 0; q < delivered.length; q++, t = t.plusSeconds(900)) {
            ZonedDateTime local = t.atZone(spec.zone());
            double hour = local.getHour() + local.getMinute() / 60.0 + 0.125;
            if (local.getHour() == 0 && local.getMinute() == 0) {
                sky = random.nextDouble() < 0.3 ? 0.25 + random.nextDouble() * 0.3 : 0.85 + random.nextDouble() * 0.15;
            }
            double sun = hour > 6.5 && hour < 17.5 ? Math.sin(Math.PI * (hour - 6.5) / 11) : 0;
            long pv = Math.round(kw * 250 * sun * sky); // Wh in a quarter hour
            long load = delivered[q];
            delivered[q] = Math.max(0, load - pv);
            exported[q] = Math.max(0, pv - load);
        }
        return exported;
    }

    private static boolean commercial(int account) {
        return account % 8 == 5;
    }

    /** kWh in a quarter hour for a unit-sized customer at this local time. */
    private static double shape(ZonedDateTime local, boolean commercial) {
        double hour = local.getHour() + local.getMinute() / 60.0;
        boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (commercial) {
            boolean open = !weekend && hour >= 8 && hour < 19;
            return open ? 0.55 : 0.12;
        }
        double morning = Math.exp(-Math.pow((hour - 7.5) / 1.2, 2)) * 0.18;
        double evening = Math.exp(-Math.pow((hour - 19) / 2.0, 2)) * (weekend ? 0.30 : 0.26);
        return 0.07 + morning + evening;
    }

    private static BufferedWriter writer(Path path) throws IOException {
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }
}
