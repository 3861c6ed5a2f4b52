package io.meterbill.writers.sample;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * One file of generated reads in one of the interval formats meterbill imports. Each account's month
 * of 15-minute values (Wh) is handed over whole, delivered and, with solar, received; every format
 * writes the same values.
 */
abstract class SampleReadsFile implements Closeable {

    /**
     * What a generated series measures and how each format writes it: the channel code, the interval
     * length, the unit of CSV values (written with three decimals: the series is in milli-units of it),
     * the unit and divisor of Parquet's whole-number values, and the Green Button ReadingType's uom and
     * powerOfTenMultiplier (its values are the series' milli-units).
     */
    record SampleChannel(String code, int minutes, String csvUnit, String parquetUnit, long parquetDivisor,
            int espiUom, int espiPowerOfTen) {
        static final SampleChannel DELIVERED = new SampleChannel("kwh_del", 15, "kWh", "Wh", 1, 72, 0);
        static final SampleChannel RECEIVED = new SampleChannel("kwh_rec", 15, "kWh", "Wh", 1, 72, 0);
        /** hourly gas in milli-therms, whole kBtu (ten milli-therms) so Parquet carries them exactly */
        static final SampleChannel GAS = new SampleChannel("therm_del", 60, "therm", "kBtu", 10, 169, -3);
        /** hourly water in litres (milli-m3) */
        static final SampleChannel WATER = new SampleChannel("m3_del", 60, "m3", "L", 1, 42, -3);
    }

    /** The month the values cover, and the zone of its local days. */
    record Month(YearMonth month, ZoneId zone) {
        Instant start() {
            return month.atDay(1).atStartOfDay(zone).toInstant();
        }

        /** Intervals of {@code minutes} in a local day: 96 quarter hours, or 92 / 100 on the days clocks change. */
        int intervals(LocalDate day, int minutes) {
            return (int) (Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)).toMinutes()
                    / minutes);
        }
    }

    /**
     * What is wrong with one channel's month as written: quarter hours left out (gaps), and the row
     * holding a given quarter hour written twice or garbled. The writer fills in where it put them
     * ({@code *Position}: the line of a CSV file, the row of a Parquet file, the line of a Green Button
     * entry), how many values that row holds, and the reason the import should give for the garbled row.
     */
    static final class Damage {
        final java.util.BitSet gaps = new java.util.BitSet();
        int duplicateAt = -1;
        int malformedAt = -1;
        long duplicatePosition = -1;
        long malformedPosition = -1;
        int rowValues;
        /** the first interval of the duplicated or garbled row (its day's first, in row-per-day formats) */
        int rowFirst;
        String malformedReason;

        /** Whether quarter hours {@code from} (inclusive) to {@code to} (exclusive) are all gaps. */
        boolean allGaps(int from, int to) {
            int next = gaps.nextClearBit(from);
            return next >= to;
        }
    }

    private static final Damage INTACT = new Damage();

    /**
     * @param delivered the month's delivered energy per quarter hour, Wh
     * @param received exported energy per quarter hour (rooftop solar), Wh; null without solar
     */
    void account(String serial, long[] delivered, long[] received) throws IOException {
        account(serial, delivered, INTACT, received, INTACT);
    }

    /** As {@link #account(String, long[], long[])}, each channel damaged as described. */
    void account(String serial, long[] delivered, Damage deliveredDamage, long[] received, Damage receivedDamage)
            throws IOException {
        channel(serial, SampleChannel.DELIVERED, delivered, deliveredDamage);
        if (received != null) {
            channel(serial, SampleChannel.RECEIVED, received, receivedDamage);
        }
    }

    /** A gas or water meter's month: one channel. */
    void meter(String serial, SampleChannel channel, long[] values, Damage damage) throws IOException {
        channel(serial, channel, values, damage);
    }

    /** @param values the month's values in milli-units of the channel's CSV unit, one per interval */
    abstract void channel(String serial, SampleChannel channel, long[] values, Damage damage) throws IOException;

    /** Calls {@code day} for each local day of the month with its first interval and count. */
    void forEachDay(int minutes, DayWriter day) throws IOException {
        int q = 0;
        for (LocalDate date = month.month().atDay(1); !date.isAfter(month.month().atEndOfMonth()); date = date.plusDays(1)) {
            int n = month.intervals(date, minutes);
            day.write(date, q, n);
            q += n;
        }
    }

    interface DayWriter {
        void write(LocalDate date, int first, int count) throws IOException;
    }

    final Month month;

    SampleReadsFile(Month month) {
        this.month = month;
    }

    static SampleReadsFile open(SampleDataGenerator.Format format, Path path, Month month) throws IOException {
        return switch (format) {
            case CSV_LONG -> new CsvLong(path, month);
            case CSV_WIDE -> new CsvWide(path, month);
            case PARQUET -> new ParquetWide(path, month);
            case ESPI -> new Espi(path, month);
        };
    }

    static StringBuilder kwh(StringBuilder line, long wh) {
        line.append(wh / 1000).append('.');
        long milli = wh % 1000;
        if (milli < 100) {
            line.append('0');
        }
        if (milli < 10) {
            line.append('0');
        }
        return line.append(milli);
    }

    /**
     * {@code meter_serial,interval_start,interval_minutes,channel,value,unit}, a read per row; a gap is a
     * row left out, a garbled row has the value {@code #N/A}.
     */
    private static final class CsvLong extends SampleReadsFile {
        private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        private final BufferedWriter out;
        private final StringBuilder line = new StringBuilder(64);
        private long lines = 1;

        CsvLong(Path path, Month month) throws IOException {
            super(month);
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            out.write("meter_serial,interval_start,interval_minutes,channel,value,unit\n");
        }

        @Override
        void channel(String serial, SampleChannel channel, long[] wh, Damage damage) throws IOException {
            Instant t = month.start();
            for (int q = 0; q < wh.length; q++, t = t.plusSeconds(60L * channel.minutes())) {
                if (damage.gaps.get(q)) {
                    continue;
                }
                line.setLength(0);
                line.append(serial).append(',').append(ISO.format(t.atZone(month.zone()).toOffsetDateTime()))
                        .append(',').append(channel.minutes()).append(',').append(channel.code()).append(',');
                if (q == damage.malformedAt) {
                    line.append("#N/A");
                    damage.malformedPosition = lines + 1;
                    damage.malformedReason = "BAD_VALUE";
                    damage.rowValues = 1;
                    damage.rowFirst = q;
                } else {
                    kwh(line, wh[q]);
                }
                line.append(',').append(channel.csvUnit()).append('\n');
                out.write(line.toString());
                lines++;
                if (q == damage.duplicateAt) {
                    out.write(line.toString());
                    damage.duplicatePosition = ++lines;
                    damage.rowValues = 1;
                    damage.rowFirst = q;
                }
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * {@code meter_serial,channel,date,interval_minutes,unit,q1..q100}, a row per local day; a gap is a
     * blank column (a day with no values is left out), a garbled row has one value {@code #N/A}.
     */
    private static final class CsvWide extends SampleReadsFile {
        private final BufferedWriter out;
        private final StringBuilder line = new StringBuilder(1024);
        private long lines = 1;

        CsvWide(Path path, Month month) throws IOException {
            super(month);
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder("meter_serial,channel,date,interval_minutes,unit");
            for (int k = 1; k <= 100; k++) {
                header.append(",q").append(k);
            }
            out.write(header.append('\n').toString());
        }

        @Override
        void channel(String serial, SampleChannel channel, long[] wh, Damage damage) throws IOException {
            forEachDay(channel.minutes(), (day, first, n) -> {
                if (damage.allGaps(first, first + n)) {
                    return;
                }
                boolean garbled = damage.malformedAt >= first && damage.malformedAt < first + n;
                line.setLength(0);
                line.append(serial).append(',').append(channel.code()).append(',').append(day).append(',')
                        .append(channel.minutes()).append(',').append(channel.csvUnit());
                int values = 0;
                for (int q = first; q < first + n; q++) {
                    line.append(',');
                    if (garbled && q == damage.malformedAt) {
                        line.append("#N/A");
                    } else if (!damage.gaps.get(q)) {
                        kwh(line, wh[q]);
                        values++;
                    }
                }
                out.write(line.append('\n').toString());
                lines++;
                if (garbled) {
                    damage.malformedPosition = lines;
                    damage.malformedReason = "BAD_VALUE";
                    damage.rowValues = n;
                    damage.rowFirst = first;
                }
                if (damage.duplicateAt >= first && damage.duplicateAt < first + n) {
                    out.write(line.toString());
                    damage.duplicatePosition = ++lines;
                    damage.rowValues = values;
                    damage.rowFirst = first;
                }
            });
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Parquet, wide layout: a row per meter, channel and local day, the day's values a LIST of Wh; a gap
     * is a null element (a day with no values is left out), a garbled row has no meter serial.
     */
    private static final class ParquetWide extends SampleReadsFile {
        static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
                message intervals {
                  optional binary meter_serial (STRING);
                  required binary channel (STRING);
                  required int32 date (DATE);
                  required int32 interval_minutes;
                  required binary unit (STRING);
                  required group values (LIST) {
                    repeated group list {
                      optional int64 element;
                    }
                  }
                }""");
        private final ParquetWriter<Group> out;
        private final SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        private long written;

        ParquetWide(Path path, Month month) throws IOException {
            super(month);
            Configuration conf = new Configuration();
            // local files as meterbill writes them: no .crc side files (pages carry their own CRCs)
            conf.set("fs.file.impl", io.meterbill.readers.store.NioLocalFileSystem.class.getName());
            conf.setBoolean("fs.file.impl.disable.cache", true);
            this.out = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(path.toUri())).withConf(conf)
                    .withType(SCHEMA).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).build();
        }

        @Override
        void channel(String serial, SampleChannel channel, long[] wh, Damage damage) throws IOException {
            forEachDay(channel.minutes(), (day, first, n) -> {
                if (damage.allGaps(first, first + n)) {
                    return;
                }
                boolean garbled = damage.malformedAt >= first && damage.malformedAt < first + n;
                Group row = rows.newGroup();
                if (!garbled) {
                    row.append("meter_serial", serial);
                }
                row.append("channel", channel.code()).append("date", (int) day.toEpochDay())
                        .append("interval_minutes", channel.minutes()).append("unit", channel.parquetUnit());
                Group values = row.addGroup("values");
                int present = 0;
                for (int q = first; q < first + n; q++) {
                    Group element = values.addGroup("list");
                    if (!damage.gaps.get(q)) {
                        element.append("element", wh[q] / channel.parquetDivisor());
                        present++;
                    }
                }
                out.write(row);
                written++;
                if (garbled) {
                    damage.malformedPosition = written;
                    damage.malformedReason = "MALFORMED_ROW";
                    damage.rowValues = n;
                    damage.rowFirst = first;
                }
                if (damage.duplicateAt >= first && damage.duplicateAt < first + n) {
                    out.write(row);
                    damage.duplicatePosition = ++written;
                    damage.rowValues = present;
                    damage.rowFirst = first;
                }
            });
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Green Button (ESPI) XML: per account a UsagePoint titled with the meter serial; per channel a
     * MeterReading with its ReadingType (electricity in Wh every 15 minutes, flow 1 delivered, 19 received;
     * hourly gas in milli-therms, water in litres, as 10^-3 therm or m3) and an
     * IntervalBlock per local day, each entry on a line of its own. A gap is an IntervalReading left out
     * (a day with none is left out), a garbled block has one value {@code #N/A}.
     */
    private static final class Espi extends SampleReadsFile {
        private static final String ATOM = "http://www.w3.org/2005/Atom";
        private static final String ESPI = "http://naesb.org/espi";
        private final OutputStream file;
        private final XMLStreamWriter xml;
        private int usagePoints;
        private String usagePoint;
        private int readings;
        private long line = 1;

        Espi(Path path, Month month) throws IOException {
            super(month);
            this.file = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            try {
                xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(file, "UTF-8");
                xml.writeStartDocument("UTF-8", "1.0");
                xml.writeStartElement("feed");
                xml.writeDefaultNamespace(ATOM);
                element("id", "urn:meterbill:sample:" + path.getFileName());
                element("title", "meterbill sample reads " + month.month());
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        /** Starts an Atom entry on a new line; returns that line. */
        private long entry() throws XMLStreamException {
            xml.writeCharacters("\n");
            xml.writeStartElement("entry");
            return ++line;
        }

        private void element(String name, String text) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeCharacters(text);
            xml.writeEndElement();
        }

        private void link(String rel, String href) throws XMLStreamException {
            xml.writeEmptyElement("link");
            xml.writeAttribute("rel", rel);
            xml.writeAttribute("href", href);
        }

        @Override
        void account(String serial, long[] delivered, Damage deliveredDamage, long[] received, Damage receivedDamage)
                throws IOException {
            usagePoint(serial);
            super.account(serial, delivered, deliveredDamage, received, receivedDamage);
        }

        @Override
        void meter(String serial, SampleChannel channel, long[] values, Damage damage) throws IOException {
            usagePoint(serial);
            super.meter(serial, channel, values, damage);
        }

        /** Starts the UsagePoint of a meter (titled with its serial); its MeterReadings follow. */
        private void usagePoint(String serial) throws IOException {
            usagePoint = "RetailCustomer/1/UsagePoint/" + (++usagePoints);
            readings = 0;
            try {
                entry();
                link("self", usagePoint);
                link("related", usagePoint + "/MeterReading");
                element("title", serial);
                xml.writeStartElement("content");
                xml.writeStartElement("UsagePoint");
                xml.writeDefaultNamespace(ESPI);
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        /** A MeterReading of the current usage point, its ReadingType (forward or reverse flow), a block per day. */
        @Override
        void channel(String serial, SampleChannel channel, long[] wh, Damage damage) throws IOException {
            String reading = usagePoint + "/MeterReading/" + (++readings);
            String type = "ReadingType/" + usagePoints + "-" + readings;
            try {
                entry();
                link("self", reading);
                link("related", type);
                link("related", reading + "/IntervalBlock");
                xml.writeStartElement("content");
                xml.writeStartElement("MeterReading");
                xml.writeDefaultNamespace(ESPI);
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();

                entry();
                link("self", type);
                xml.writeStartElement("content");
                xml.writeStartElement("ReadingType");
                xml.writeDefaultNamespace(ESPI);
                element("flowDirection", channel == SampleChannel.RECEIVED ? "19" : "1");
                element("intervalLength", Integer.toString(60 * channel.minutes()));
                element("powerOfTenMultiplier", Integer.toString(channel.espiPowerOfTen()));
                element("uom", Integer.toString(channel.espiUom()));
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
            int[] block = {0};
            int seconds = 60 * channel.minutes();
            forEachDay(channel.minutes(), (day, first, n) -> {
                if (damage.allGaps(first, first + n)) {
                    return;
                }
                block[0]++;
                boolean garbled = damage.malformedAt >= first && damage.malformedAt < first + n;
                boolean twice = damage.duplicateAt >= first && damage.duplicateAt < first + n;
                for (int copy = 0; copy < (twice ? 2 : 1); copy++) {
                    long at = intervalBlock(reading + "/IntervalBlock/" + block[0], reading, wh, seconds, first, n,
                            damage);
                    if (garbled) {
                        damage.malformedPosition = at;
                        damage.malformedReason = "BAD_VALUE";
                        damage.rowValues = n;
                        damage.rowFirst = first;
                    }
                    if (copy == 1) {
                        damage.duplicatePosition = at;
                        damage.rowValues = n - damage.gaps.get(first, first + n).cardinality();
                        damage.rowFirst = first;
                    }
                }
            });
        }

        /** Writes one IntervalBlock entry of intervals {@code first} to {@code first + n}; returns its line. */
        private long intervalBlock(String self, String reading, long[] values, int seconds, int first, int n,
                Damage damage) throws IOException {
            long start = month.start().getEpochSecond();
            try {
                long at = entry();
                link("self", self);
                link("up", reading + "/IntervalBlock");
                xml.writeStartElement("content");
                xml.writeStartElement("IntervalBlock");
                xml.writeDefaultNamespace(ESPI);
                xml.writeStartElement("interval");
                element("duration", Integer.toString(seconds * n));
                element("start", Long.toString(start + (long) seconds * first));
                xml.writeEndElement();
                for (int q = first; q < first + n; q++) {
                    if (damage.gaps.get(q)) {
                        continue;
                    }
                    xml.writeStartElement("IntervalReading");
                    xml.writeStartElement("timePeriod");
                    element("duration", Integer.toString(seconds));
                    element("start", Long.toString(start + (long) seconds * q));
                    xml.writeEndElement();
                    element("value", q == damage.malformedAt ? "#N/A" : Long.toString(values[q]));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();
                return at;
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                xml.writeCharacters("\n");
                xml.writeEndElement();
                xml.writeEndDocument();
                xml.close();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            } finally {
                file.close();
            }
        }
    }
}
