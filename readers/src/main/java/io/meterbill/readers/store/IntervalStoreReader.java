package io.meterbill.readers.store;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePointId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads interval series back from the store with parquet-java's column API (one {@link ColumnReader}
 * per column, read in lockstep row by row); the record API would be several times slower. Strings
 * repeated in every row (service point, channel, meter, file) are decoded once per distinct value.
 */
public final class IntervalStoreReader {

    private final IntervalStoreLayout layout;
    private final Configuration conf;

    public IntervalStoreReader(IntervalStoreLayout layout, Configuration conf) {
        this.layout = layout;
        this.conf = conf;
    }

    /** The complete files of a bucket of a cycle, in name order (none if the bucket has none yet). */
    public List<Path> files(String cycle, int bucket) throws IOException {
        Path dir = layout.bucketDirectory(cycle, bucket);
        FileSystem fs = dir.getFileSystem(conf);
        FileStatus[] listed;
        try {
            listed = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (FileStatus status : listed) {
            if (status.isFile() && IntervalStoreLayout.isComplete(status.getPath())) {
                files.add(status.getPath());
            }
        }
        files.sort(null);
        return files;
    }

    public List<IntervalSeries> readAll(Path file) throws IOException {
        List<IntervalSeries> series = new ArrayList<>();
        read(file, series::add);
        return series;
    }

    /** Opens a store file, refusing a Parquet file of another schema. */
    private ParquetFileReader open(Path file) throws IOException {
        ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf),
                org.apache.parquet.HadoopReadOptions.builder(conf).build());
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        if (!schema.equals(IntervalStoreLayout.SCHEMA)) {
            reader.close();
            throw new IOException(file + " is not an interval store file (its schema is " + schema + ")");
        }
        return reader;
    }

    /** Passes each series of a store file, in file order, to {@code sink}. */
    public void read(Path file, Consumer<IntervalSeries> sink) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                readRowGroup(pages, createdBy, sink);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where a stored series lies, without its values. */
    public record SeriesOutline(ServicePointId servicePoint, Channel channel, long startMillis, int intervalMinutes,
            int valueCount) {
        public long endMillis() {
            return startMillis + 60_000L * intervalMinutes * valueCount;
        }
    }

    /**
     * A store file's outline: every series' place (read from the outline columns only, so no value is
     * decoded) and the file's daily totals from its footer (null if it has none).
     */
    public record Outline(List<SeriesOutline> series, String dailyTotals) {
    }

    public Outline readOutline(Path file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            reader.setRequestedSchema(IntervalStoreLayout.OUTLINE);
            List<SeriesOutline> series = new ArrayList<>();
            Map<Binary, ServicePointId> servicePoints = new HashMap<>();
            Map<Binary, Channel> channels = new HashMap<>();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, NO_CONVERSION, IntervalStoreLayout.OUTLINE,
                        createdBy);
                Column servicePoint = new Column(store, IntervalStoreLayout.SERVICE_POINT);
                Column channel = new Column(store, IntervalStoreLayout.CHANNEL);
                Column start = new Column(store, IntervalStoreLayout.START);
                Column minutes = new Column(store, IntervalStoreLayout.INTERVAL_MINUTES);
                Column count = new Column(store, IntervalStoreLayout.VALUE_COUNT);
                for (long row = 0, rows = pages.getRowCount(); row < rows; row++) {
                    series.add(new SeriesOutline(
                            decoded(servicePoints, servicePoint.nextBinary(), b -> new ServicePointId(b.toStringUsingUTF8())),
                            decoded(channels, channel.nextBinary(), IntervalStoreReader::channel), start.nextLong(),
                            minutes.nextInt(), count.nextInt()));
                }
            }
            return new Outline(series, reader.getFooter().getFileMetaData().getKeyValueMetaData()
                    .get(IntervalStoreLayout.DAILY_TOTALS));
        }
    }

    private static Channel channel(Binary code) {
        return Channel.fromCode(code.toStringUsingUTF8())
                .orElseThrow(() -> new IllegalStateException("store file has unknown channel " + code.toStringUsingUTF8()));
    }

    private static void readRowGroup(PageReadStore pages, String createdBy, Consumer<IntervalSeries> sink) {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, NO_CONVERSION, IntervalStoreLayout.SCHEMA,
                createdBy);
        Column servicePoint = new Column(store, IntervalStoreLayout.SERVICE_POINT);
        Column channel = new Column(store, IntervalStoreLayout.CHANNEL);
        Column meter = new Column(store, IntervalStoreLayout.METER);
        Column start = new Column(store, IntervalStoreLayout.START);
        Column minutes = new Column(store, IntervalStoreLayout.INTERVAL_MINUTES);
        Column value = new Column(store, IntervalStoreLayout.VALUE);
        Column slot = new Column(store, IntervalStoreLayout.NON_ACTUAL_SLOT);
        Column quality = new Column(store, IntervalStoreLayout.NON_ACTUAL_QUALITY);
        Column file = new Column(store, IntervalStoreLayout.SOURCE_FILE);
        Column position = new Column(store, IntervalStoreLayout.SOURCE_POSITION);
        Column step = new Column(store, IntervalStoreLayout.POSITION_STEP);
        Map<Binary, ServicePointId> servicePoints = new HashMap<>();
        Map<Binary, Channel> channels = new HashMap<>();
        Map<Binary, MeterSerial> meters = new HashMap<>();
        Map<Binary, String> files = new HashMap<>();
        long[] values = new long[1440];
        int[] slots = new int[16];
        ReadQuality[] qualities = new ReadQuality[16];
        for (long row = 0, rows = pages.getRowCount(); row < rows; row++) {
            ServicePointId sp = decoded(servicePoints, servicePoint.nextBinary(),
                    b -> new ServicePointId(b.toStringUsingUTF8()));
            Channel ch = decoded(channels, channel.nextBinary(), IntervalStoreReader::channel);
            MeterSerial m = decoded(meters, meter.nextBinary(), b -> new MeterSerial(b.toStringUsingUTF8()));
            Instant at = Instant.ofEpochMilli(start.nextLong());
            int length = minutes.nextInt();
            int count = 0;
            if (value.startList()) {
                do {
                    if (count == values.length) {
                        values = Arrays.copyOf(values, count * 2);
                    }
                    values[count++] = value.reader.getLong();
                } while (value.nextInList());
            }
            int nonActual = 0;
            if (slot.startList()) {
                do {
                    if (nonActual == slots.length) {
                        slots = Arrays.copyOf(slots, nonActual * 2);
                    }
                    slots[nonActual++] = slot.reader.getInteger();
                } while (slot.nextInList());
            }
            int qualityCount = 0;
            if (quality.startList()) {
                do {
                    if (qualityCount == qualities.length) {
                        qualities = Arrays.copyOf(qualities, qualityCount * 2);
                    }
                    qualities[qualityCount++] = ReadQuality.valueOf(quality.reader.getBinary().toStringUsingUTF8());
                } while (quality.nextInList());
            }
            String source = decoded(files, file.nextBinary(), Binary::toStringUsingUTF8);
            sink.accept(new IntervalSeries(sp, ch, m, new SeriesValues(at, length, Arrays.copyOf(values, count),
                    Arrays.copyOf(slots, nonActual), Arrays.copyOf(qualities, qualityCount), source, position.nextLong(),
                    step.nextInt())));
        }
    }

    /** The decoded form of a string column's value, made once per distinct value (keys are copied: readers reuse buffers). */
    private static <T> T decoded(Map<Binary, T> seen, Binary value, java.util.function.Function<Binary, T> decode) {
        T known = seen.get(value);
        if (known == null) {
            known = decode.apply(value);
            seen.put(value.copy(), known);
        }
        return known;
    }

    /** One column read value by value; for a repeated column, a row's values are a list. */
    private static final class Column {
        final ColumnReader reader;
        private final long total;
        private long consumed;

        Column(ColumnReadStoreImpl store, String name) {
            this.reader = store.getColumnReader(IntervalStoreLayout.SCHEMA.getColumnDescription(new String[] {name}));
            this.total = reader.getTotalValueCount();
        }

        private void consume() {
            reader.consume();
            consumed++;
        }

        Binary nextBinary() {
            Binary b = reader.getBinary();
            consume();
            return b;
        }

        long nextLong() {
            long v = reader.getLong();
            consume();
            return v;
        }

        int nextInt() {
            int v = reader.getInteger();
            consume();
            return v;
        }

        /** At the start of a row of a repeated column: false (and the row consumed) when its list is empty. */
        boolean startList() {
            if (reader.getCurrentDefinitionLevel() == 0) {
                consume();
                return false;
            }
            return true;
        }

        /** Consumes the current value; true when the next one belongs to the same row. */
        boolean nextInList() {
            consume();
            return consumed < total && reader.getCurrentRepetitionLevel() == 1;
        }
    }

    private static final GroupConverter NO_CONVERSION = new GroupConverter() {
        private final PrimitiveConverter primitive = new PrimitiveConverter() {
        };

        @Override
        public Converter getConverter(int fieldIndex) {
            return primitive;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    };
}
