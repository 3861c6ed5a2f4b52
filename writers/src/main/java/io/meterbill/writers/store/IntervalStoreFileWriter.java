package io.meterbill.writers.store;

import io.meterbill.domain.read.DayTotals;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one interval store file: series go to a hidden temporary file, which {@link #commit()} closes
 * and renames to its final name (replacing a file of that name left by an earlier attempt), so a file
 * under its final name is always complete. {@link #close()} without a commit deletes the temporary
 * file: nothing half-written is ever visible.
 */
public final class IntervalStoreFileWriter implements AutoCloseable {

    private final Path file;
    private final Path temporary;
    private final FileSystem fs;
    private final Function<ServicePointId, ZoneId> zones;
    /** (service point TAB channel) to its daily totals, when zones are known */
    private final Map<String, DayTotals> daily = new TreeMap<>();
    private String streamServicePoint;
    private io.meterbill.domain.read.Channel streamChannel;
    private DayTotals streamTotals;
    private SeriesColumnsWriter writer;
    private long series;
    private long values;
    private String lastServicePoint;
    private byte[] servicePoint;
    private String lastMeter;
    private byte[] meter;
    private String lastFile;
    private byte[] sourceFile;

    public IntervalStoreFileWriter(Path file, Configuration conf) throws IOException {
        this(file, conf, null);
    }

    /**
     * @param zones each service point's time zone; when given, the file's footer carries the daily totals
     *     of the series written ({@link IntervalStoreLayout#DAILY_TOTALS})
     */
    public IntervalStoreFileWriter(Path file, Configuration conf, Function<ServicePointId, ZoneId> zones)
            throws IOException {
        this.file = file;
        this.temporary = IntervalStoreLayout.inProgress(file);
        this.fs = file.getFileSystem(conf);
        this.zones = zones;
        this.writer = new SeriesColumnsWriter(temporary, conf);
    }

    public void write(IntervalSeries s) throws IOException {
        if (writer == null) {
            throw new IllegalStateException(file + " is already committed or closed");
        }
        // the identifying strings repeat from series to series: encoded once per change
        if (!s.servicePoint().value().equals(lastServicePoint)) {
            lastServicePoint = s.servicePoint().value();
            servicePoint = lastServicePoint.getBytes(StandardCharsets.UTF_8);
        }
        if (!s.meter().value().equals(lastMeter)) {
            lastMeter = s.meter().value();
            meter = lastMeter.getBytes(StandardCharsets.UTF_8);
        }
        if (!s.values().sourceFile().equals(lastFile)) {
            lastFile = s.values().sourceFile();
            sourceFile = lastFile.getBytes(StandardCharsets.UTF_8);
        }
        writer.write(s, servicePoint, meter, sourceFile);
        if (zones != null) {
            addDailyTotals(s);
        }
        series++;
        values += s.values().size();
    }

    private void addDailyTotals(IntervalSeries s) {
        ZoneId zone = zones.apply(s.servicePoint());
        if (zone == null) {
            throw new IllegalStateException("service point " + s.servicePoint() + " has no time zone");
        }
        // series come grouped by service point and channel: one map lookup per stream, not per series
        if (streamTotals == null || !lastServicePoint.equals(streamServicePoint) || s.channel() != streamChannel) {
            streamServicePoint = lastServicePoint;
            streamChannel = s.channel();
            streamTotals = daily.computeIfAbsent(lastServicePoint + '\t' + s.channel().code(), k -> new DayTotals());
        }
        streamTotals.add(zone, s.values());
    }

    public long seriesWritten() {
        return series;
    }

    public long valuesWritten() {
        return values;
    }

    /** Closes the file and gives it its final name. */
    public Path commit() throws IOException {
        SeriesColumnsWriter open = writer;
        writer = null;
        try (open) {
            open.finish(footer());
        }
        if (fs.exists(file) && !fs.delete(file, false)) {
            throw new IOException("cannot replace " + file);
        }
        if (!fs.rename(temporary, file)) {
            throw new IOException("cannot rename " + temporary + " to " + file);
        }
        return file;
    }

    private Map<String, String> footer() {
        if (zones == null) {
            return Map.of(LAYOUT_KEY, LAYOUT);
        }
        StringBuilder text = new StringBuilder(daily.size() * 40);
        daily.forEach((stream, totals) -> {
            int tab = stream.indexOf('\t');
            IntervalStoreLayout.appendDailyTotals(text, stream.substring(0, tab), stream.substring(tab + 1), totals);
        });
        return Map.of(LAYOUT_KEY, LAYOUT, IntervalStoreLayout.DAILY_TOTALS, text.toString());
    }

    private static final String LAYOUT_KEY = "meterbill.layout";
    private static final String LAYOUT = "interval_series/1";

    /** Abandons an uncommitted file (its temporary file is deleted); after a commit, does nothing. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            SeriesColumnsWriter open = writer;
            writer = null;
            try {
                open.close();
            } finally {
                fs.delete(temporary, false);
            }
        }
    }
}
