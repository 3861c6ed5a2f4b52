package io.meterbill.writers.store;

import io.meterbill.domain.read.DailyUsage;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.domain.registry.ServicePointId;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

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
    private ParquetWriter<IntervalSeries> writer;
    private long series;
    private long values;

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
        this.writer = new Builder(temporary, zones).withConf(conf)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryEncoding(true)
                .withDictionaryEncoding(IntervalStoreLayout.VALUE, false) // readings rarely repeat: plain is faster
                // per-value min/max and level histograms cost more than writing the value; nothing filters on them
                .withStatisticsEnabled(IntervalStoreLayout.VALUE, false)
                .withSizeStatisticsEnabled(IntervalStoreLayout.VALUE, false)
                .build();
    }

    public void write(IntervalSeries s) throws IOException {
        if (writer == null) {
            throw new IllegalStateException(file + " is already committed or closed");
        }
        writer.write(s);
        series++;
        values += s.values().size();
    }

    public long seriesWritten() {
        return series;
    }

    public long valuesWritten() {
        return values;
    }

    /** Closes the file and gives it its final name. */
    public Path commit() throws IOException {
        ParquetWriter<IntervalSeries> open = writer;
        writer = null;
        open.close();
        if (fs.exists(file) && !fs.delete(file, false)) {
            throw new IOException("cannot replace " + file);
        }
        if (!fs.rename(temporary, file)) {
            throw new IOException("cannot rename " + temporary + " to " + file);
        }
        return file;
    }

    /** Abandons an uncommitted file (its temporary file is deleted); after a commit, does nothing. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            ParquetWriter<IntervalSeries> open = writer;
            writer = null;
            try {
                open.close();
            } finally {
                fs.delete(temporary, false);
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<IntervalSeries, Builder> {
        private final Function<ServicePointId, ZoneId> zones;

        Builder(Path path, Function<ServicePointId, ZoneId> zones) {
            super(path);
            this.zones = zones;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<IntervalSeries> getWriteSupport(Configuration conf) {
            return new SeriesWriteSupport(zones);
        }
    }

    /** Writes a series as one row; field indexes follow {@link IntervalStoreLayout#SCHEMA}. */
    private static final class SeriesWriteSupport extends WriteSupport<IntervalSeries> {
        private final Function<ServicePointId, ZoneId> zones;
        /** (service point TAB channel TAB day) to {milli-units, intervals}, when zones are known */
        private final Map<String, long[]> daily = new TreeMap<>();
        private RecordConsumer out;
        private String lastServicePoint;
        private Binary servicePoint;
        private String lastMeter;
        private Binary meter;
        private String lastFile;
        private Binary file;
        private static final Binary[] CHANNELS = channelCodes();
        private static final Binary[] QUALITIES = qualityNames();

        SeriesWriteSupport(Function<ServicePointId, ZoneId> zones) {
            this.zones = zones;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(IntervalStoreLayout.SCHEMA, Map.of("meterbill.layout", "interval_series/1"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(IntervalSeries series) {
            SeriesValues s = series.values();
            if (!series.servicePoint().value().equals(lastServicePoint)) {
                lastServicePoint = series.servicePoint().value();
                servicePoint = Binary.fromString(lastServicePoint);
            }
            if (!series.meter().value().equals(lastMeter)) {
                lastMeter = series.meter().value();
                meter = Binary.fromString(lastMeter);
            }
            if (!s.sourceFile().equals(lastFile)) {
                lastFile = s.sourceFile();
                file = Binary.fromString(lastFile);
            }
            out.startMessage();
            binary(0, IntervalStoreLayout.SERVICE_POINT, servicePoint);
            binary(1, IntervalStoreLayout.CHANNEL, CHANNELS[series.channel().ordinal()]);
            binary(2, IntervalStoreLayout.METER, meter);
            out.startField(IntervalStoreLayout.START, 3);
            out.addLong(s.start().toEpochMilli());
            out.endField(IntervalStoreLayout.START, 3);
            out.startField(IntervalStoreLayout.INTERVAL_MINUTES, 4);
            out.addInteger(s.intervalMinutes());
            out.endField(IntervalStoreLayout.INTERVAL_MINUTES, 4);
            out.startField(IntervalStoreLayout.VALUE, 5);
            for (int i = 0, n = s.size(); i < n; i++) {
                out.addLong(s.valueAt(i));
            }
            out.endField(IntervalStoreLayout.VALUE, 5);
            int[] slots = s.nonActualSlots();
            if (slots.length > 0) {
                ReadQuality[] qualities = s.nonActualQualities();
                out.startField(IntervalStoreLayout.NON_ACTUAL_SLOT, 6);
                for (int slot : slots) {
                    out.addInteger(slot);
                }
                out.endField(IntervalStoreLayout.NON_ACTUAL_SLOT, 6);
                out.startField(IntervalStoreLayout.NON_ACTUAL_QUALITY, 7);
                for (ReadQuality quality : qualities) {
                    out.addBinary(QUALITIES[quality.ordinal()]);
                }
                out.endField(IntervalStoreLayout.NON_ACTUAL_QUALITY, 7);
            }
            binary(8, IntervalStoreLayout.SOURCE_FILE, file);
            out.startField(IntervalStoreLayout.SOURCE_POSITION, 9);
            out.addLong(s.sourcePosition());
            out.endField(IntervalStoreLayout.SOURCE_POSITION, 9);
            out.startField(IntervalStoreLayout.POSITION_STEP, 10);
            out.addInteger(s.positionStep());
            out.endField(IntervalStoreLayout.POSITION_STEP, 10);
            out.startField(IntervalStoreLayout.VALUE_COUNT, 11);
            out.addInteger(s.size());
            out.endField(IntervalStoreLayout.VALUE_COUNT, 11);
            out.endMessage();
            if (zones != null) {
                ZoneId zone = zones.apply(series.servicePoint());
                if (zone == null) {
                    throw new IllegalStateException("service point " + series.servicePoint() + " has no time zone");
                }
                String stream = lastServicePoint + '\t' + series.channel().code() + '\t';
                for (DailyUsage day : DailyUsage.of(zone, List.of(series))) {
                    long[] total = daily.computeIfAbsent(stream + day.day(), k -> new long[2]);
                    total[0] += day.milli();
                    total[1] += day.intervals();
                }
            }
        }

        @Override
        public FinalizedWriteContext finalizeWrite() {
            if (zones == null) {
                return new FinalizedWriteContext(Map.of());
            }
            StringBuilder text = new StringBuilder(daily.size() * 40);
            daily.forEach((key, total) -> text.append(key).append('\t').append(total[0]).append('\t').append(total[1])
                    .append('\n'));
            return new FinalizedWriteContext(Map.of(IntervalStoreLayout.DAILY_TOTALS, text.toString()));
        }

        private void binary(int index, String name, Binary value) {
            out.startField(name, index);
            out.addBinary(value);
            out.endField(name, index);
        }

        private static Binary[] channelCodes() {
            io.meterbill.domain.read.Channel[] channels = io.meterbill.domain.read.Channel.values();
            Binary[] codes = new Binary[channels.length];
            for (int i = 0; i < channels.length; i++) {
                codes[i] = Binary.fromConstantByteArray(channels[i].code().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return codes;
        }

        private static Binary[] qualityNames() {
            ReadQuality[] values = ReadQuality.values();
            Binary[] names = new Binary[values.length];
            for (int i = 0; i < values.length; i++) {
                names[i] = Binary.fromConstantByteArray(values[i].name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return names;
        }
    }
}
