package io.meterbill.readers.interval;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.IntervalRead;
import io.meterbill.domain.read.MeterSeries;
import io.meterbill.domain.read.QuantityUnit;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.SeriesValues;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.domain.registry.MeterSerial;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Green Button / NAESB ESPI (REQ.21) usage files: an Atom feed whose entries hold a UsagePoint, its
 * MeterReadings, their ReadingTypes (unit, power-of-ten multiplier, interval length, flow direction)
 * and IntervalBlocks of IntervalReadings (time period start and duration in epoch seconds, value,
 * optional quality). Entries are linked by their Atom {@code self}, {@code up} and {@code related}
 * hrefs. The file is streamed with StAX, entry by entry, so its size does not matter; an IntervalBlock
 * that comes before its ReadingType waits until the type is seen.
 *
 * <p>ESPI identifies a usage point, not a meter: the UsagePoint entry's Atom title is taken as the meter
 * serial. Flow direction 1 (forward) is delivered energy, 19 (reverse) received energy (solar export).
 * Units (ESPI UnitSymbolKind): 72 Wh (delivered or received), 169 therm, 132 BTU, 42 m3, 134 litre and
 * 128 US gallon (delivered only); a value is value x 10^powerOfTenMultiplier of its unit and must be a
 * whole number of milli-units of its channel (Wh, milli-therms, litres, milli-gallons). Each
 * IntervalBlock becomes one series per run of contiguous readings; a reading's position is its ordinal
 * among the file's IntervalReadings. Malformed XML ends the file with a rejection naming line and column;
 * what was read before it stands.
 */
public final class GreenButtonFormat {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String ESPI = "http://naesb.org/espi";
    private static final int UOM_WH = 72;
    private static final int UOM_BTU = 132;
    /** ESPI unit codes read, and the unit a value (after its power of ten) is in; BTU is read as kBtu, 10^-3. */
    private static final Map<Integer, QuantityUnit> UNITS = Map.of(UOM_WH, QuantityUnit.WH, 169, QuantityUnit.THERM,
            UOM_BTU, QuantityUnit.KBTU, 42, QuantityUnit.M3, 134, QuantityUnit.L, 128, QuantityUnit.GAL);
    private static final int FORWARD = 1;
    private static final int REVERSE = 19;

    /** @param powerOfTenText the multiplier as written (null: none given, 0) */
    private record ReadingType(int uom, int powerOfTen, String powerOfTenText, int intervalSeconds, int flowDirection) {
    }

    /** The powers of ten ESPI's PowerOfTenMultiplierKind allows (nano to giga: -9 to 9). */
    static final int MIN_POWER_OF_TEN = -9;
    static final int MAX_POWER_OF_TEN = 9;

    /**
     * The StAX factory both the manifest and the import read Green Button files with: the JDK's own
     * implementation (whatever provider, e.g. Hadoop's shaded Woodstox, is on the classpath), no DTD
     * processing, no external entities, no external DTD access. A DOCTYPE is then reported as an event (and
     * refused by the import) and an entity reference other than XML's five predefined ones is an error:
     * nothing outside the file is ever fetched and no entity expands.
     */
    static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    /** One Atom entry as far as linking needs: its links and its ESPI content. */
    private static final class Entry {
        String self;
        String up;
        final List<String> related = new ArrayList<>();
        String title;
        String kind;
        ReadingType readingType;
        final List<long[]> readings = new ArrayList<>(); // {start, duration, ordinal, quality}
        final List<String> values = new ArrayList<>();
        long line;
    }

    private final Map<String, String> usagePointTitles = new HashMap<>();
    private final Map<String, String> meterReadingTypes = new HashMap<>();
    private final Map<String, ReadingType> readingTypes = new HashMap<>();
    private final List<Entry> waiting = new ArrayList<>();
    private long ordinal;

    /** Parses one Green Button file, passing a record per interval block (or rejection) to {@code sink}. */
    public static void read(InputStream in, String source, Consumer<SeriesRecord> sink) {
        new GreenButtonFormat().parse(in, source, sink);
    }

    private void parse(InputStream in, String source, Consumer<SeriesRecord> sink) {
        XMLInputFactory factory = xmlFactory();
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(in);
            boolean sawFeed = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    int line = Math.max(1, xml.getLocation().getLineNumber());
                    sink.accept(new SeriesRecord.Unreadable(new SourceRow(source, line, "(Green Button file)"),
                            "refused: the file declares a DOCTYPE at line " + line + " (Green Button files have none;"
                            + " meterbill reads no DTD and expands no entity); the rest of the file is not read"));
                    return;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (!sawFeed) {
                    if (!"feed".equals(xml.getLocalName()) || !ATOM.equals(xml.getNamespaceURI())) {
                        sink.accept(new SeriesRecord.Unreadable(new SourceRow(source,
                                Math.max(1, xml.getLocation().getLineNumber()), "(Green Button file)"),
                                "not a Green Button file: the document is <" + InputText.echo(xml.getLocalName())
                                + ">, not an Atom feed"));
                        return;
                    }
                    sawFeed = true;
                } else if ("entry".equals(xml.getLocalName()) && ATOM.equals(xml.getNamespaceURI())) {
                    Entry entry = entry(xml);
                    accept(entry, source, sink);
                }
            }
            for (Entry entry : waiting) {
                sink.accept(new ReadRecord.Unparseable(new SourceRow(source, Math.max(1, entry.line),
                        "IntervalBlock " + entry.up + " (" + entry.readings.size() + " readings)"),
                        ReadRejectionReason.MALFORMED_ROW, "IntervalBlock " + InputText.echo(entry.up)
                        + " refers to a MeterReading whose ReadingType is not in the file", entry.readings.size()));
            }
        } catch (XMLStreamException e) {
            long line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNumber());
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber();
            String why = firstLine(e.getMessage());
            String detail = why.contains("was referenced, but not declared")
                    ? "refused: the file uses an undeclared entity" + where + " (" + InputText.echo(why, 200)
                            + "; meterbill expands no entity but XML's five predefined ones)"
                    : "malformed XML" + where + ": " + InputText.echo(why, 200);
            sink.accept(new SeriesRecord.Unreadable(new SourceRow(source, line, "(Green Button file)"), detail
                    + "; the rest of the file is not read"));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader that failed; the failure is already reported
                }
            }
        }
    }

    private Entry entry(XMLStreamReader xml) throws XMLStreamException {
        Entry entry = new Entry();
        entry.line = xml.getLocation().getLineNumber();
        int depth = 1;
        String element = null;
        long[] reading = null;
        String readingValue = null;
        String parent = null;
        Map<String, String> type = new HashMap<>();
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = xml.getLocalName();
                String ns = xml.getNamespaceURI();
                if (ATOM.equals(ns) && "link".equals(name)) {
                    String rel = xml.getAttributeValue(null, "rel");
                    String href = xml.getAttributeValue(null, "href");
                    if ("self".equals(rel)) {
                        entry.self = href;
                    } else if ("up".equals(rel)) {
                        entry.up = href;
                    } else if ("related".equals(rel)) {
                        entry.related.add(href);
                    }
                } else if (ATOM.equals(ns) && "title".equals(name)) {
                    entry.title = xml.getElementText().strip();
                    depth--;
                } else if (ESPI.equals(ns)) {
                    switch (name) {
                        case "UsagePoint", "MeterReading", "ReadingType", "IntervalBlock" -> entry.kind = name;
                        case "IntervalReading" -> {
                            reading = new long[] {-1, -1, ++ordinal, 0};
                            readingValue = null;
                        }
                        case "timePeriod", "interval", "ReadingQuality" -> parent = name;
                        default -> {
                            if ("ReadingType".equals(entry.kind) || reading != null) {
                                element = name;
                            }
                        }
                    }
                }
            } else if (event == XMLStreamConstants.CHARACTERS && element != null) {
                String text = xml.getText().strip();
                if (!text.isEmpty()) {
                    if (reading != null) {
                        if ("value".equals(element)) {
                            readingValue = text;
                        } else if ("timePeriod".equals(parent) && "start".equals(element)) {
                            reading[0] = number(text);
                        } else if ("timePeriod".equals(parent) && "duration".equals(element)) {
                            reading[1] = number(text);
                        } else if ("quality".equals(element)) {
                            reading[3] = number(text);
                        }
                    } else {
                        type.put(element, text);
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                String name = xml.getLocalName();
                if ("IntervalReading".equals(name) && reading != null) {
                    entry.readings.add(reading);
                    entry.values.add(readingValue);
                    reading = null;
                } else if (name.equals(parent)) {
                    parent = null;
                }
                element = null;
            }
        }
        if ("ReadingType".equals(entry.kind)) {
            entry.readingType = new ReadingType(integer(type, "uom", -1), integer(type, "powerOfTenMultiplier", 0),
                    type.get("powerOfTenMultiplier"), integer(type, "intervalLength", -1),
                    integer(type, "flowDirection", -1));
        }
        return entry;
    }

    /** A whole number, or -1 (never a valid start, duration or quality) when the text is not one. */
    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int integer(Map<String, String> values, String key, int otherwise) {
        String text = values.get(key);
        try {
            return text == null ? otherwise : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private void accept(Entry entry, String source, Consumer<SeriesRecord> sink) {
        if (entry.kind == null) {
            return;
        }
        switch (entry.kind) {
            case "UsagePoint" -> {
                if (entry.self != null) {
                    usagePointTitles.put(entry.self, entry.title == null ? "" : entry.title);
                }
            }
            case "MeterReading" -> {
                for (String href : entry.related) {
                    if (href.contains("ReadingType")) {
                        meterReadingTypes.put(entry.self, href);
                    }
                }
                retryWaiting(source, sink);
            }
            case "ReadingType" -> {
                readingTypes.put(entry.self, entry.readingType);
                retryWaiting(source, sink);
            }
            case "IntervalBlock" -> {
                if (!block(entry, source, sink)) {
                    waiting.add(entry);
                }
            }
            default -> {
            }
        }
    }

    private void retryWaiting(String source, Consumer<SeriesRecord> sink) {
        waiting.removeIf(entry -> block(entry, source, sink));
    }

    /** Emits a block's series; false when its MeterReading or ReadingType has not been seen yet. */
    private boolean block(Entry entry, String source, Consumer<SeriesRecord> sink) {
        String meterReading = entry.up == null ? null : stripSuffix(entry.up, "/IntervalBlock");
        String typeHref = meterReading == null ? null : meterReadingTypes.get(meterReading);
        ReadingType type = typeHref == null ? null : readingTypes.get(typeHref);
        if (type == null) {
            return false;
        }
        SourceRow row = new SourceRow(source, Math.max(1, entry.line), "IntervalBlock " + (entry.self != null ? entry.self
                : entry.up) + " (" + entry.readings.size() + " readings)");
        String typeShown = InputText.echo(typeHref);
        long rows = entry.readings.size();
        String usagePoint = usagePointOf(meterReading);
        if (usagePoint == null || usagePoint.isBlank()) {
            sink.accept(blockRejection(row, rows, ReadRejectionReason.MALFORMED_ROW, "the UsagePoint of "
                    + InputText.echo(meterReading) + " has no title to take as the meter serial"));
            return true;
        }
        MeterSerial meter;
        try {
            meter = new MeterSerial(usagePoint);
        } catch (IllegalArgumentException e) { // the title is not a serial: this block is refused, not the file
            sink.accept(blockRejection(row, rows, ReadRejectionReason.MALFORMED_ROW, "the title of the UsagePoint of "
                    + InputText.echo(meterReading) + " is not a meter serial: " + e.getMessage()));
            return true;
        }
        QuantityUnit unit = UNITS.get(type.uom());
        if (unit == null) {
            sink.accept(blockRejection(row, rows, ReadRejectionReason.UNKNOWN_UNIT, "uom " + type.uom() + " of "
                    + typeShown + " is not 72 (Wh), 169 (therm), 132 (BTU), 42 (m3), 134 (litre) or 128 (US gallon)"));
            return true;
        }
        if (type.powerOfTen() < MIN_POWER_OF_TEN || type.powerOfTen() > MAX_POWER_OF_TEN) {
            sink.accept(blockRejection(row, rows, ReadRejectionReason.UNKNOWN_UNIT, "powerOfTenMultiplier "
                    + InputText.echo(type.powerOfTenText()) + " of " + typeShown + " is "
                    + (type.powerOfTen() == Integer.MIN_VALUE ? "not a whole number" : "out of range") + ": ESPI allows "
                    + MIN_POWER_OF_TEN + " to " + MAX_POWER_OF_TEN));
            return true;
        }
        int powerOfTen = type.uom() == UOM_BTU ? type.powerOfTen() - 3 : type.powerOfTen();
        Channel channel = type.flowDirection() == FORWARD ? Channel.deliveredIn(unit)
                : type.flowDirection() == REVERSE && unit == QuantityUnit.WH ? Channel.KWH_RECEIVED : null;
        if (channel == null) {
            sink.accept(blockRejection(row, rows, ReadRejectionReason.UNKNOWN_CHANNEL, "flowDirection "
                    + type.flowDirection() + " of " + typeShown + " is neither 1 (forward) nor"
                    + (unit == QuantityUnit.WH ? "" : ", for energy in Wh only,") + " 19 (reverse)"));
            return true;
        }
        List<MeterSeries> series = new ArrayList<>();
        int i = 0;
        int n = entry.readings.size();
        long[] values = new long[n];
        while (i < n) {
            long[] first = entry.readings.get(i);
            long duration = first[1] > 0 ? first[1] : type.intervalSeconds();
            if (first[0] < 0 || duration <= 0 || duration % 60 != 0
                    || !IntervalRead.SUPPORTED_LENGTHS.contains(Duration.ofSeconds(duration))) {
                sink.accept(blockRejection(row, rows, ReadRejectionReason.BAD_INTERVAL_LENGTH, "IntervalReading "
                        + first[2] + ": time period start " + (first[0] < 0 ? "missing or not a number" : first[0])
                        + ", duration " + duration + " s: not a 1, 5, 10, 15, 30 or 60-minute interval"));
                return true;
            }
            int from = i;
            List<Integer> nonActual = new ArrayList<>();
            List<ReadQuality> qualities = new ArrayList<>();
            while (i < n) {
                long[] r = entry.readings.get(i);
                long d = r[1] > 0 ? r[1] : type.intervalSeconds();
                if (d != duration || r[0] != first[0] + duration * (i - from)) {
                    break;
                }
                String text = entry.values.get(i);
                try {
                    BigDecimal quantity = new BigDecimal(text == null ? "" : text).scaleByPowerOfTen(powerOfTen);
                    if (quantity.signum() < 0) {
                        sink.accept(blockRejection(row, rows, ReadRejectionReason.BAD_VALUE, "IntervalReading "
                                + r[2] + ": value " + InputText.echo(text) + " is negative"));
                        return true;
                    }
                    values[i] = unit.toMilliUnits(quantity);
                } catch (NumberFormatException e) {
                    sink.accept(blockRejection(row, rows, ReadRejectionReason.BAD_VALUE, "IntervalReading " + r[2]
                            + ": value '" + InputText.echo(text) + "' is not a number"));
                    return true;
                } catch (ArithmeticException e) {
                    sink.accept(blockRejection(row, rows, ReadRejectionReason.BAD_VALUE, "IntervalReading " + r[2]
                            + ": value " + InputText.echo(text) + " x 10^" + type.powerOfTen() + " " + (type.uom() == UOM_BTU ? "BTU"
                                    : unit.symbol()) + " is not a whole number of " + unit.milliUnitName()));
                    return true;
                }
                ReadQuality quality = quality(r[3]);
                if (quality != ReadQuality.ACTUAL) {
                    nonActual.add(i - from);
                    qualities.add(quality);
                }
                i++;
            }
            series.add(new MeterSeries(meter, channel, new SeriesValues(Instant.ofEpochSecond(first[0]),
                    (int) (duration / 60), java.util.Arrays.copyOfRange(values, from, i),
                    nonActual.stream().mapToInt(Integer::intValue).toArray(), qualities.toArray(new ReadQuality[0]),
                    source, first[2], 1)));
        }
        sink.accept(new SeriesRecord.Parsed(row, series, 0, rows));
        return true;
    }

    private static SeriesRecord blockRejection(SourceRow row, long rows, ReadRejectionReason reason, String detail) {
        return new ReadRecord.Unparseable(row, reason, detail, rows);
    }

    private String usagePointOf(String meterReading) {
        int at = meterReading.indexOf("/MeterReading");
        return at < 0 ? null : usagePointTitles.get(meterReading.substring(0, at));
    }

    /** ESPI reading quality codes: 0 valid, 7 manually edited, 8 and up estimated or derived. */
    private static ReadQuality quality(long code) {
        if (code == 0) {
            return ReadQuality.ACTUAL;
        }
        return code == 7 ? ReadQuality.EDITED : ReadQuality.ESTIMATED;
    }

    private static String stripSuffix(String text, String suffix) {
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String text = message.strip();
        int nl = text.lastIndexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1).strip();
    }
}
