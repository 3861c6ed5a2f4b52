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

    /** The month the values cover, and the zone of its local days. */
    record Month(YearMonth month, ZoneId zone) {
        Instant start() {
            return month.atDay(1).atStartOfDay(zone).toInstant();
        }

        /** Quarter hours in a local day: 96, or 92 / 100 on the days clocks change. */
        int quarterHours(LocalDate day) {
            return (int) (Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)).toMinutes() / 15);
        }
    }

    /**
     * @param delivered the month's delivered energy per quarter hour, Wh
     * @param received exported energy per quarter hour (rooftop solar), Wh; null without solar
     */
    void account(String serial, long[] delivered, long[] received) throws IOException {
        channel(serial, "kwh_del", delivered);
        if (received != null) {
            channel(serial, "kwh_rec", received);
        }
    }

    abstract void channel(String serial, String channel, long[] wh) throws IOException;

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

    /** {@code meter_serial,interval_start,interval_minutes,channel,value,unit}, a read per row. */
    private static final class CsvLong extends SampleReadsFile {
        private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        private final BufferedWriter out;
        private final Month month;
        private final StringBuilder line = new StringBuilder(64);

        CsvLong(Path path, Month month) throws IOException {
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            this.month = month;
            out.write("meter_serial,interval_start,interval_minutes,channel,value,unit\n");
        }

        @Override
        void channel(String serial, String channel, long[] wh) throws IOException {
            Instant t = month.start();
            for (long value : wh) {
                line.setLength(0);
                line.append(serial).append(',').append(ISO.format(t.atZone(month.zone()).toOffsetDateTime()))
                        .append(",15,").append(channel).append(',');
                kwh(line, value).append(",kWh\n");
                out.write(line.toString());
                t = t.plusSeconds(900);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** {@code meter_serial,channel,date,interval_minutes,unit,q1..q100}, a row per local day. */
    private static final class CsvWide extends SampleReadsFile {
        private final BufferedWriter out;
        private final Month month;
        private final StringBuilder line = new StringBuilder(1024);

        CsvWide(Path path, Month month) throws IOException {
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            this.month = month;
            StringBuilder header = new StringBuilder("meter_serial,channel,date,interval_minutes,unit");
            for (int k = 1; k <= 100; k++) {
                header.append(",q").append(k);
            }
            out.write(header.append('\n').toString());
        }

        @Override
        void channel(String serial, String channel, long[] wh) throws IOException {
            int q = 0;
            for (LocalDate day = month.month().atDay(1); !day.isAfter(month.month().atEndOfMonth()); day = day.plusDays(1)) {
                line.setLength(0);
                line.append(serial).append(',').append(channel).append(',').append(day).append(",15,kWh");
                for (int k = 0, n = month.quarterHours(day); k < n; k++) {
                    kwh(line.append(','), wh[q++]);
                }
                out.write(line.append('\n').toString());
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Parquet, wide layout: a row per meter, channel and local day, the day's values a LIST of Wh. */
    private static final class ParquetWide extends SampleReadsFile {
        static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
                message intervals {
                  required binary meter_serial (STRING);
                  required binary channel (STRING);
                  required int32 date (DATE);
                  required int32 interval_minutes;
                  required binary unit (STRING);
                  required group values (LIST) {
                    repeated group list {
                      required int64 element;
                    }
                  }
                }""");
        private final ParquetWriter<Group> out;
        private final SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        private final Month month;

        ParquetWide(Path path, Month month) throws IOException {
            Configuration conf = new Configuration();
            this.out = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(path.toUri())).withConf(conf)
                    .withType(SCHEMA).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).build();
            this.month = month;
        }

        @Override
        void channel(String serial, String channel, long[] wh) throws IOException {
            int q = 0;
            for (LocalDate day = month.month().atDay(1); !day.isAfter(month.month().atEndOfMonth()); day = day.plusDays(1)) {
                Group row = rows.newGroup().append("meter_serial", serial).append("channel", channel)
                        .append("date", (int) day.toEpochDay()).append("interval_minutes", 15).append("unit", "Wh");
                Group values = row.addGroup("values");
                for (int k = 0, n = month.quarterHours(day); k < n; k++) {
                    values.addGroup("list").append("element", wh[q++]);
                }
                out.write(row);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Green Button (ESPI) XML: per account a UsagePoint titled with the meter serial; per channel a
     * MeterReading with its ReadingType (Wh, 15 minutes; flow 1 delivered, 19 received) and an
     * IntervalBlock per local day.
     */
    private static final class Espi extends SampleReadsFile {
        private static final String ATOM = "http://www.w3.org/2005/Atom";
        private static final String ESPI = "http://naesb.org/espi";
        private final OutputStream file;
        private final XMLStreamWriter xml;
        private final Month month;
        private int usagePoints;
        private String usagePoint;
        private int readings;

        Espi(Path path, Month month) throws IOException {
            this.file = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            this.month = month;
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
        void account(String serial, long[] delivered, long[] received) throws IOException {
            usagePoint = "RetailCustomer/1/UsagePoint/" + (++usagePoints);
            readings = 0;
            try {
                xml.writeStartElement("entry");
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
            super.account(serial, delivered, received);
        }

        /** A MeterReading of the current usage point, its ReadingType (forward or reverse flow), a block per day. */
        @Override
        void channel(String serial, String channel, long[] wh) throws IOException {
            String reading = usagePoint + "/MeterReading/" + (++readings);
            String type = "ReadingType/" + usagePoints + "-" + readings;
            try {
                xml.writeStartElement("entry");
                link("self", reading);
                link("related", type);
                link("related", reading + "/IntervalBlock");
                xml.writeStartElement("content");
                xml.writeStartElement("MeterReading");
                xml.writeDefaultNamespace(ESPI);
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();

                xml.writeStartElement("entry");
                link("self", type);
                xml.writeStartElement("content");
                xml.writeStartElement("ReadingType");
                xml.writeDefaultNamespace(ESPI);
                element("flowDirection", channel.equals("kwh_rec") ? "19" : "1");
                element("intervalLength", "900");
                element("powerOfTenMultiplier", "0");
                element("uom", "72");
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();

                long start = month.start().getEpochSecond();
                int q = 0;
                int block = 0;
                for (LocalDate day = month.month().atDay(1); !day.isAfter(month.month().atEndOfMonth());
                        day = day.plusDays(1)) {
                    int n = month.quarterHours(day);
                    xml.writeStartElement("entry");
                    link("self", reading + "/IntervalBlock/" + (++block));
                    link("up", reading + "/IntervalBlock");
                    xml.writeStartElement("content");
                    xml.writeStartElement("IntervalBlock");
                    xml.writeDefaultNamespace(ESPI);
                    xml.writeStartElement("interval");
                    element("duration", Integer.toString(900 * n));
                    element("start", Long.toString(start + 900L * q));
                    xml.writeEndElement();
                    for (int k = 0; k < n; k++, q++) {
                        xml.writeStartElement("IntervalReading");
                        xml.writeStartElement("timePeriod");
                        element("duration", "900");
                        element("start", Long.toString(start + 900L * q));
                        xml.writeEndElement();
                        element("value", Long.toString(wh[q]));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                    xml.writeEndElement();
                    xml.writeEndElement();
                }
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
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
