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
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a synthetic registry and one month of reads (15-minute electricity, hourly gas and water) as CSV long, CSV wide,
 * Parquet or Green Button XML (the same values in every format), deterministic for a seed, with rooftop
 * solar (an export channel, {@code kwh_rec}, and the RES-TOU net-metering tariff) on a chosen share: residential accounts with a night base load and morning and
 * evening peaks, and (every eighth account) small commercial accounts with a business-hours load.
 * Faults can be injected at chosen rates ({@link SampleFaults}) and are listed in {@code faults.csv}.
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
            double solarShare, SampleFaults faults, double gasShare, double waterShare) {

        /** Electricity only. */
        public Spec(int accounts, YearMonth month, ZoneId zone, long seed, int readFiles, Format format,
                double solarShare, SampleFaults faults) {
            this(accounts, month, zone, seed, readFiles, format, solarShare, faults, 0, 0);
        }

        /** No injected faults. */
        public Spec(int accounts, YearMonth month, ZoneId zone, long seed, int readFiles, Format format,
                double solarShare) {
            this(accounts, month, zone, seed, readFiles, format, solarShare, SampleFaults.NONE);
        }

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
            java.util.Objects.requireNonNull(faults, "faults");
            if (!(gasShare >= 0 && waterShare >= 0 && gasShare + waterShare <= 1)) {
                throw new IllegalArgumentException("the gas and water shares must be between 0 and 1 and add up to at"
                        + " most 1");
            }
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

    /**
     * What was written.
     *
     * @param readCount values written (a duplicated row's values count twice; a garbled row's not at all)
     * @param faults injected faults by kind
     * @param manifest the list of injected faults ({@code faults.csv}), null when none were asked for
     */
    public record Summary(int accounts, long readCount, Path registryDir, Path readsDir,
            Map<SampleFaults.Kind, Integer> faults, Path manifest) {
    }

    private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private SampleDataGenerator() {
    }

    /**
     * @throws IllegalArgumentException if {@code out} is a file or a directory that is not empty: files
     *     already there would be read with the new ones
     */
    public static Summary generate(Spec spec, Path out) throws IOException {
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new IllegalArgumentException(out + (Files.isDirectory(out) ? " is not empty" : " is a file")
                    + ": generate into a new or empty --out directory (files already there would be read with the new"
                    + " ones)");
        }
        Path registry = Files.createDirectories(out.resolve("registry"));
        Path readsDir = Files.createDirectories(out.resolve("reads"));
        String zone = spec.zone().getId();
        ZonedDateTime start = spec.month().atDay(1).atStartOfDay(spec.zone());
        ZonedDateTime end = spec.month().plusMonths(1).atDay(1).atStartOfDay(spec.zone());
        int quarters = (int) (Duration.between(start, end).toMinutes() / 15);
        // one fixed installation date, so registries generated for different months are the same registry
        // (unless meters are exchanged during the month)
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
                Service service = service(spec, i);
                servicePoints.write("S" + n + ",A" + n + ",\"" + i + " Generated Rd, Sampleton\"," + zone + ","
                        + service.commodity + "," + (service != Service.ELECTRIC ? service.tariff : commercial(i)
                                ? "COM-FLAT" : solar(spec, i) ? "RES-TOU" : "RES-FLAT") + "\n");
                meters.write("M" + n + "," + service.commodity + ",Generated\n");
                SampleFaults.Planned fault = spec.faults().plan(spec.seed(), i, intervals(start, end, service));
                if (fault != null && fault.kind() == SampleFaults.Kind.EXCHANGE) {
                    String exchanged = ISO.format(start.toInstant().plusSeconds(60L * service.channel.minutes()
                            * fault.at()).atZone(spec.zone()).toOffsetDateTime());
                    meters.write(replacement(i) + "," + service.commodity + ",Generated (replacement)\n");
                    installations.write("M" + n + ",S" + n + "," + ISO.format(installed.toOffsetDateTime()) + ","
                            + exchanged + "\n");
                    installations.write(replacement(i) + ",S" + n + "," + exchanged + ",\n");
                } else {
                    installations.write("M" + n + ",S" + n + "," + ISO.format(installed.toOffsetDateTime()) + ",\n");
                }
            }
        }
        long reads = 0;
        Map<SampleFaults.Kind, Integer> injected = new EnumMap<>(SampleFaults.Kind.class);
        Path manifestPath = spec.faults().any() ? out.resolve("faults.csv") : null;
        int unknownMeters = spec.faults().unknownMeters(spec.accounts());
        int perFile = (spec.accounts() + spec.readFiles() - 1) / spec.readFiles();
        try (FaultManifest manifest = new FaultManifest(manifestPath, spec, start.toInstant())) {
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
                String name = String.format(Locale.ROOT, "reads-%s-%03d%s", spec.month(), file + 1, extension);
                try (SampleReadsFile readsFile = SampleReadsFile.open(spec.format(), readsDir.resolve(name),
                        new SampleReadsFile.Month(spec.month(), spec.zone()))) {
                    for (int i = first; i <= last; i++) {
                        Service service = service(spec, i);
                        long[] wh = service == Service.ELECTRIC ? month(spec, i, start.toInstant(), end.toInstant())
                                : hourly(spec, i, service, start.toInstant(), intervals(start, end, service));
                        long[] exported = solar(spec, i) ? rooftopSolar(spec, i, wh, start.toInstant()) : null;
                        SampleFaults.Planned fault = spec.faults().plan(spec.seed(), i, wh.length);
                        reads += write(readsFile, name, i, service.channel, wh, exported, fault, manifest);
                        if (fault != null) {
                            injected.merge(fault.kind(), 1, Integer::sum);
                        }
                    }
                    // unknown meters, spread over the files
                    for (int u = file; u < unknownMeters; u += spec.readFiles()) {
                        String serial = String.format(Locale.ROOT, "U%07d", u + 1);
                        long[] wh = month(spec, spec.accounts() + u + 1, start.toInstant(), end.toInstant());
                        readsFile.account(serial, wh, null);
                        reads += wh.length;
                        manifest.add(SampleFaults.Kind.UNKNOWN_METER, "", serial, "kwh_del", 15, 0, wh.length, "", name, -1,
                                "UNKNOWN_METER", "a meter the registry does not know; all its values are rejected");
                        injected.merge(SampleFaults.Kind.UNKNOWN_METER, 1, Integer::sum);
                    }
                }
            }
        }
        return new Summary(spec.accounts(), reads, registry, readsDir, injected, manifestPath);
    }

    /** What a service point is supplied with, and how its meter reads. */
    private enum Service {
        ELECTRIC("ELECTRIC", null, SampleReadsFile.SampleChannel.DELIVERED),
        GAS("GAS", "GAS-TIERED", SampleReadsFile.SampleChannel.GAS),
        WATER("WATER", "WATER-LADDER", SampleReadsFile.SampleChannel.WATER);

        final String commodity;
        final String tariff;
        final SampleReadsFile.SampleChannel channel;

        Service(String commodity, String tariff, SampleReadsFile.SampleChannel channel) {
            this.commodity = commodity;
            this.tariff = tariff;
            this.channel = channel;
        }
    }

    /** Gas and water on chosen shares of the residential accounts (commercial ones stay electric). */
    private static Service service(Spec spec, int account) {
        if (commercial(account) || spec.gasShare() + spec.waterShare() == 0) {
            return Service.ELECTRIC;
        }
        double draw = new SplittableRandom(spec.seed() * 15_485_863L + account).nextDouble();
        return draw < spec.gasShare() ? Service.GAS : draw < spec.gasShare() + spec.waterShare() ? Service.WATER
                : Service.ELECTRIC;
    }

    private static int intervals(ZonedDateTime start, ZonedDateTime end, Service service) {
        return (int) (Duration.between(start, end).toMinutes() / service.channel.minutes());
    }

    /**
     * A gas or water service point's month of hourly reads in milli-units (milli-therms, in whole kBtu;
     * litres): a night base, morning and evening peaks, and noise. Gas in November heats: about 2 to 5
     * therms a day; water about 0.3 to 0.6 m3 a day.
     */
    private static long[] hourly(Spec spec, int account, Service service, Instant start, int hours) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 2_750_159L + account);
        double scale = 0.6 + random.nextDouble() * 0.9;
        long[] values = new long[hours];
        for (int h = 0; h < hours; h++) {
            int hour = start.plusSeconds(3600L * h).atZone(spec.zone()).getHour();
            double morning = Math.exp(-Math.pow((hour - 7) / 1.5, 2));
            double evening = Math.exp(-Math.pow((hour - 19) / 2.0, 2));
            double noise = 0.8 + 0.4 * random.nextDouble();
            if (service == Service.GAS) {
                double therms = scale * (0.06 + 0.22 * morning + 0.18 * evening) * noise;
                values[h] = Math.round(therms * 100) * 10; // whole kBtu
            } else {
                double m3 = scale * (0.004 + 0.045 * morning + 0.03 * evening) * noise;
                values[h] = Math.round(m3 * 1000); // litres
            }
        }
        return values;
    }

    @FunctionalInterface
    private interface MeterWriter {
        void write(String serial, SampleReadsFile.Damage delivered, SampleReadsFile.Damage exported) throws IOException;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /** The serial of the meter that replaces account {@code i}'s meter in an exchange. */
    private static String replacement(int account) {
        return String.format(Locale.ROOT, "R%07d", account);
    }

    /** Writes one account's month with its fault (if any) applied and listed; returns the values written. */
    private static long write(SampleReadsFile file, String fileName, int account, SampleReadsFile.SampleChannel channel,
            long[] wh, long[] exported, SampleFaults.Planned fault, FaultManifest manifest) throws IOException {
        String serial = String.format(Locale.ROOT, "M%07d", account);
        String servicePoint = String.format(Locale.ROOT, "S%07d", account);
        long values = wh.length + (exported == null ? 0 : exported.length);
        String code = channel.code();
        int minutes = channel.minutes();
        MeterWriter meter = (meterSerial, deliveredDamage, exportedDamage) -> {
            if (channel == SampleReadsFile.SampleChannel.DELIVERED) {
                file.account(meterSerial, wh, deliveredDamage, exported, exportedDamage);
            } else {
                file.meter(meterSerial, channel, wh, deliveredDamage);
            }
        };
        SampleReadsFile.Damage none = new SampleReadsFile.Damage();
        if (fault == null) {
            meter.write(serial, none, none);
            return values;
        }
        SampleReadsFile.Damage damage = new SampleReadsFile.Damage();
        switch (fault.kind()) {
            case GAP -> {
                damage.gaps.set(fault.at(), fault.at() + fault.length());
                meter.write(serial, damage, none);
                manifest.add(fault.kind(), servicePoint, serial, code, minutes, fault.at(), fault.length(), "", fileName, -1,
                        "", "intervals missing from the export; the store has none for them");
                return values - fault.length();
            }
            case SPIKE -> {
                wh[fault.at()] = wh[fault.at()] * fault.factor() + 5_000;
                meter.write(serial, none, none);
                manifest.add(fault.kind(), servicePoint, serial, code, minutes, fault.at(), 1, Long.toString(wh[fault.at()]),
                        fileName, -1, "", fault.factor() + " times the true value plus 5 " + channel.csvUnit()
                                + "; stored as read");
            }
            case ZERO_RUN, STUCK -> {
                long value = fault.kind() == SampleFaults.Kind.ZERO_RUN ? 0 : Math.max(1, wh[fault.at()]);
                java.util.Arrays.fill(wh, fault.at(), fault.at() + fault.length(), value);
                meter.write(serial, none, none);
                manifest.add(fault.kind(), servicePoint, serial, code, minutes, fault.at(), fault.length(),
                        Long.toString(value), fileName, -1, "", "every value of the run is " + value + " thousandths of a "
                                + channel.csvUnit() + "; stored as read");
            }
            case EXCHANGE -> {
                // the old meter's reads up to the exchange, the new one's from it, on every channel
                SampleReadsFile.Damage before = new SampleReadsFile.Damage();
                SampleReadsFile.Damage after = new SampleReadsFile.Damage();
                after.gaps.set(0, fault.at());
                before.gaps.set(fault.at(), wh.length);
                meter.write(serial, before, before);
                meter.write(replacement(account), after, after);
                manifest.add(fault.kind(), servicePoint, replacement(account), "", minutes, fault.at(), wh.length - fault.at(),
                        "", fileName, -1, "", "meter " + serial + " replaced by " + replacement(account)
                                + "; the service point's month is complete from the two meters");
            }
            case DUPLICATE_ROW -> {
                damage.duplicateAt = fault.at();
                meter.write(serial, damage, none);
                manifest.add(fault.kind(), servicePoint, serial, code, minutes, damage.rowFirst, damage.rowValues, "",
                        fileName, damage.duplicatePosition, "", "a row written twice with the same values; the repeat is dropped");
                return values + damage.rowValues;
            }
            case MALFORMED_ROW -> {
                damage.malformedAt = fault.at();
                meter.write(serial, damage, none);
                manifest.add(fault.kind(), servicePoint, serial, code, minutes, damage.rowFirst, damage.rowValues, "",
                        fileName, damage.malformedPosition, damage.malformedReason,
                        "a garbled row; it is rejected whole and its intervals are missing from the store");
                return values - damage.rowValues;
            }
            default -> throw new IllegalStateException(fault.kind() + " is not a per-account fault");
        }
        return values;
    }

    /**
     * {@code faults.csv}: one line per injected fault, with where it is (service point, meter, channel,
     * first interval and how many, the file and, for a duplicated or garbled row, its line or row), the
     * reason the import should give when it rejects it, and what it should do to the store.
     */
    private static final class FaultManifest implements java.io.Closeable {
        private final BufferedWriter out;
        private final Instant monthStart;
        private final ZoneId zone;

        FaultManifest(Path path, Spec spec, Instant monthStart) throws IOException {
            this.out = path == null ? null : writer(path);
            this.monthStart = monthStart;
            this.zone = spec.zone();
            if (out != null) {
                out.write("fault,service_point_id,meter_serial,channel,first_interval,intervals,value_milli,file,position,"
                        + "expected_reason,what_it_does\n");
            }
        }

        void add(SampleFaults.Kind kind, String servicePoint, String meter, String channel, int minutes, int at,
                int intervals,
                String value, String file, long position, String reason, String note) throws IOException {
            if (out == null) {
                return;
            }
            out.write(String.join(",", kind.option(), servicePoint, meter, channel,
                    ISO.format(monthStart.plusSeconds(60L * minutes * at).atZone(zone).toOffsetDateTime()),
                    Integer.toString(intervals), value, file, position < 0 ? "" : Long.toString(position), reason,
                    "\"" + note + "\"") + "\n");
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
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
        return spec.solarShare() > 0 && service(spec, account) == Service.ELECTRIC && new SplittableRandom(spec.seed() * 7_919L + account).nextDouble() < spec.solarShare();
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
