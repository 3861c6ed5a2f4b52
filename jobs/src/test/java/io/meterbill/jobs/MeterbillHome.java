package io.meterbill.jobs;

import io.meterbill.jobs.cli.MeterbillCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;

/**
 * A meterbill home for one integration test: runs real CLI commands in this JVM against the home's
 * own embedded PostgreSQL, and opens the same database to check what the commands stored.
 */
final class MeterbillHome {

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private final Path home;

    MeterbillHome(Path home) {
        this.home = home;
    }

    Path path() {
        return home;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MeterbillCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withHome = new String[args.length + 2];
        withHome[0] = "--home";
        withHome[1] = home.toString();
        System.arraycopy(args, 0, withHome, 2, args.length);
        int exit = cli.execute(withHome);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Opens the home's database (starting its embedded server) to query it. */
    <T> T query(Function<JdbcTemplate, T> query) {
        MeterbillCommand command = new MeterbillCommand();
        try (ConfigurableApplicationContext context = command.startContext(home, 4)) {
            return query.apply(context.getBean(JdbcTemplate.class));
        }
    }

    /**
     * Every series the cycle's interval store holds, read back from the Parquet files its catalog lists
     * (what rating reads), in store order.
     */
    java.util.List<io.meterbill.domain.read.IntervalSeries> storedSeries(String cycle) {
        MeterbillCommand command = new MeterbillCommand();
        try (ConfigurableApplicationContext context = command.startContext(home, 4)) {
            var store = context.getBean(io.meterbill.jobs.cycle.CycleStore.class);
            var layout = store.storePlan(cycle).layout();
            var reader = new io.meterbill.readers.store.IntervalStoreReader(layout,
                    context.getBean(org.apache.hadoop.conf.Configuration.class));
            java.util.List<io.meterbill.domain.read.IntervalSeries> series = new java.util.ArrayList<>();
            for (int bucket = 0; bucket < layout.buckets(); bucket++) {
                for (String name : store.storeFiles(cycle, bucket)) {
                    reader.read(layout.file(cycle, bucket, name), series::add);
                }
            }
            series.sort(io.meterbill.domain.read.SeriesConsolidation.STORE_ORDER);
            return series;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Per service point and channel of the store: values, sum of values (milli-units), first and last interval;
     * fails if any interval is held twice.
     */
    java.util.SortedMap<String, String> storeFingerprint(String cycle) {
        java.util.SortedMap<String, java.util.List<io.meterbill.domain.read.IntervalSeries>> byStream = new java.util.TreeMap<>();
        for (var s : storedSeries(cycle)) {
            byStream.computeIfAbsent(s.servicePoint().value() + " " + s.channel().code(), k -> new java.util.ArrayList<>())
                    .add(s);
        }
        java.util.SortedMap<String, String> fingerprint = new java.util.TreeMap<>();
        byStream.forEach((stream, list) -> {
            java.util.Set<java.time.Instant> starts = new java.util.HashSet<>();
            long n = 0;
            long sum = 0;
            for (var s : list) {
                var v = s.values();
                for (int i = 0; i < v.size(); i++) {
                    java.time.Instant at = v.start().plusSeconds(60L * v.intervalMinutes() * i);
                    if (!starts.add(at)) {
                        throw new AssertionError(stream + ": interval " + at + " is stored twice");
                    }
                    n++;
                    sum += v.valueAt(i);
                }
            }
            fingerprint.put(stream, n + " values, sum " + sum + ", " + list.get(0).values().start() + " to "
                    + list.get(list.size() - 1).values().end());
        });
        return fingerprint;
    }

    /**
     * Every bill of a cycle by service point: its total and each line's charge type, determinant and
     * amount, in line order; fails if a service point has two bills.
     */
    java.util.SortedMap<String, String> bills(String cycle) {
        return query(jdbc -> jdbc.query("""
                select b.service_point_id, b.total,
                       string_agg(l.charge_type || ':' || l.determinant || ':' || l.amount, ' ' order by l.line_no)
                from bill b join bill_line l on l.bill_id = b.bill_id where b.cycle = ?
                group by b.bill_id, b.service_point_id, b.total""", rs -> {
                    java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
                    while (rs.next()) {
                        String previous = m.put(rs.getString(1), rs.getBigDecimal(2).toPlainString() + " " + rs.getString(3));
                        if (previous != null) {
                            throw new AssertionError("second bill for " + rs.getString(1) + " in cycle " + cycle);
                        }
                    }
                    return m;
                }, cycle));
    }

    /** Loads the bundled registry and tariffs, as an operator would before the first cycle. */
    void importSampleRegistryAndTariffs() {
        Result registry = run("registry", "import", "sample-data/registry");
        if (registry.exitCode() != 0) {
            throw new AssertionError("registry import failed: " + registry);
        }
        Result tariffs = run("tariffs", "import", "config/tariffs");
        if (tariffs.exitCode() != 0) {
            throw new AssertionError("tariff import failed: " + tariffs);
        }
    }
}
