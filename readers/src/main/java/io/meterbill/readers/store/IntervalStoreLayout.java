package io.meterbill.readers.store;

import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.domain.read.DayTotals;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Where the interval store keeps what, and in which Parquet layout: one row per {@code IntervalSeries}
 * (service point, channel, meter, start, interval length, the values as a repeated column, the
 * exceptions to actual quality, the source it came from, and the number of values), in files under
 * {@code ROOT/cycle=YYYY-MM/bucket=NNN/}. A file is written under a hidden temporary name and renamed
 * when complete, so readers (and Hadoop tools, which skip names starting with '.' or '_') never see a
 * half-written file.
 */
public final class IntervalStoreLayout {

    public static final String SERVICE_POINT = "service_point_id";
    public static final String CHANNEL = "channel";
    public static final String METER = "meter_serial";
    public static final String START = "start";
    public static final String INTERVAL_MINUTES = "interval_minutes";
    public static final String VALUE = "value";
    public static final String NON_ACTUAL_SLOT = "non_actual_slot";
    public static final String NON_ACTUAL_QUALITY = "non_actual_quality";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_POSITION = "source_position";
    public static final String POSITION_STEP = "source_position_step";
    public static final String VALUE_COUNT = "value_count";

    /**
     * Footer key of a store file's daily totals: one line per service point and channel,
     * {@code service_point_id TAB channel TAB first day (yyyy-mm-dd) TAB milli-units per day TAB intervals
     * per day}, the per-day lists comma-separated from the first day on (a day without intervals is 0),
     * summed over the file's series, so consolidation can total days without decoding values.
     */
    public static final String DAILY_TOTALS = "meterbill.daily_totals";

    /** Column order is the field order: writers and readers index fields by it. */
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message interval_series {
              required binary service_point_id (STRING);
              required binary channel (STRING);
              required binary meter_serial (STRING);
              required int64 start (TIMESTAMP(MILLIS,true));
              required int32 interval_minutes;
              repeated int64 value;
              repeated int32 non_actual_slot;
              repeated binary non_actual_quality (STRING);
              required binary source_file (STRING);
              required int64 source_position;
              required int32 source_position_step;
              required int32 value_count;
            }""");

    /** The columns that say where each series lies (not its values): enough to find overlaps. */
    public static final MessageType OUTLINE = MessageTypeParser.parseMessageType("""
            message interval_series {
              required binary service_point_id (STRING);
              required binary channel (STRING);
              required int64 start (TIMESTAMP(MILLIS,true));
              required int32 interval_minutes;
              required int32 value_count;
            }""");

    /** Appends a stream's line of {@link #DAILY_TOTALS}. */
    public static void appendDailyTotals(StringBuilder out, String servicePoint, String channelCode, DayTotals totals) {
        out.append(servicePoint).append('\t').append(channelCode).append('\t').append(totals.firstDay()).append('\t');
        for (int i = 0; i < totals.days(); i++) {
            out.append(i == 0 ? "" : ",").append(totals.milliAt(i));
        }
        out.append('\t');
        for (int i = 0; i < totals.days(); i++) {
            out.append(i == 0 ? "" : ",").append(totals.intervalsAt(i));
        }
        out.append('\n');
    }

    /**
     * Adds the streams of a {@link #DAILY_TOTALS} footer to {@code into}, keyed
     * {@code service_point_id TAB channel}.
     */
    public static void addDailyTotals(String footer, Map<String, DayTotals> into) {
        int at = 0;
        while (at < footer.length()) {
            int end = footer.indexOf('\n', at);
            end = end < 0 ? footer.length() : end;
            int channelEnd = footer.indexOf('\t', footer.indexOf('\t', at) + 1);
            int dayEnd = footer.indexOf('\t', channelEnd + 1);
            int milliEnd = footer.indexOf('\t', dayEnd + 1);
            if (channelEnd < 0 || dayEnd < 0 || milliEnd < 0 || milliEnd > end) {
                throw new IllegalArgumentException("store footer line is not 'service point, channel, first day,"
                        + " totals, intervals': " + footer.substring(at, Math.min(end, at + 200)));
            }
            LocalDate day = LocalDate.parse(footer.substring(channelEnd + 1, dayEnd));
            DayTotals totals = into.computeIfAbsent(footer.substring(at, channelEnd), k -> new DayTotals());
            int m = dayEnd + 1;
            int n = milliEnd + 1;
            while (m < milliEnd) {
                int mEnd = footer.indexOf(',', m);
                mEnd = mEnd < 0 || mEnd > milliEnd ? milliEnd : mEnd;
                int nEnd = footer.indexOf(',', n);
                nEnd = nEnd < 0 || nEnd > end ? end : nEnd;
                int intervals = Integer.parseInt(footer, n, nEnd, 10);
                if (intervals > 0) {
                    totals.add(day, Long.parseLong(footer, m, mEnd, 10), intervals);
                }
                day = day.plusDays(1);
                m = mEnd + 1;
                n = nEnd + 1;
            }
            at = end + 1;
        }
    }

    public static final String SUFFIX = ".parquet";
    private static final String IN_PROGRESS = ".inprogress";

    private final Path root;
    private final int buckets;

    /**
     * @param root the store's root directory as a Hadoop path or URI ({@code file:/...}, {@code hdfs://...},
     *     {@code s3a://...}; a plain path is a local directory)
     * @param buckets how many service-point buckets a cycle is split into (fixed for the life of a store)
     */
    public IntervalStoreLayout(URI root, int buckets) {
        if (buckets < 1 || buckets > 9999) {
            throw new IllegalArgumentException("buckets must be 1-9999, not " + buckets);
        }
        this.root = new Path(root);
        this.buckets = buckets;
    }

    public Path root() {
        return root;
    }

    public int buckets() {
        return buckets;
    }

    /** The bucket of a service point: stable across runs and JVMs (String.hashCode is specified). */
    public int bucketOf(ServicePointId servicePoint) {
        return Math.floorMod(servicePoint.value().hashCode(), buckets);
    }

    public Path cycleDirectory(String cycle) {
        return new Path(root, "cycle=" + cycle);
    }

    public Path bucketDirectory(String cycle, int bucket) {
        return new Path(cycleDirectory(cycle), String.format("bucket=%03d", bucket));
    }

    /** A complete store file of a bucket; {@code name} identifies what wrote it (e.g. one input file). */
    public Path file(String cycle, int bucket, String name) {
        if (name.isEmpty() || name.startsWith(".") || name.startsWith("_") || name.contains("/")) {
            throw new IllegalArgumentException("store file name '" + name + "' must not be empty, hidden or a path");
        }
        return new Path(bucketDirectory(cycle, bucket), name + SUFFIX);
    }

    /** The hidden name a file is written under until it is complete. */
    public static Path inProgress(Path file) {
        return new Path(file.getParent(), "." + file.getName() + IN_PROGRESS);
    }

    /** Whether a listed file is a complete store file (not in progress, not a Hadoop marker such as _SUCCESS). */
    public static boolean isComplete(Path file) {
        String name = file.getName();
        return name.endsWith(SUFFIX) && !name.startsWith(".") && !name.startsWith("_");
    }
}
