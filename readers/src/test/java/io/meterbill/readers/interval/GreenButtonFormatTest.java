package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.Channel;
import io.meterbill.domain.read.MeterSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.SeriesRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreenButtonFormatTest {

    private static String sample() throws IOException {
        try (InputStream in = GreenButtonFormatTest.class.getResourceAsStream("/espi/two-channels.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<SeriesRecord> read(String xml) {
        List<SeriesRecord> records = new ArrayList<>();
        GreenButtonFormat.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "usage.xml", records::add);
        return records;
    }

    private static List<MeterSeries> series(SeriesRecord record) {
        assertThat(record).as(record.toString()).isInstanceOf(SeriesRecord.Parsed.class);
        return ((SeriesRecord.Parsed) record).series();
    }

    /**
     * The forward block: 250, 260, 270 (estimated, quality 8), 280 Wh from 05:00 UTC. The reverse block,
     * read before its ReadingType: 15000, 20000 and 5000 x 10^-3 = 15, 20 and 5 Wh, with 05:30 missing, so
     * two series. Positions are the readings' ordinals in the file (1-4, then 5-7).
     */
    @Test
    void readsBothFlowDirectionsWithUnitsQualityAndPositions() throws IOException {
        List<SeriesRecord> records = read(sample());
        assertThat(records).hasSize(2);
        MeterSeries delivered = series(records.get(0)).get(0);
        assertThat(delivered.meter().value()).isEqualTo("M-10000002");
        assertThat(delivered.channel()).isEqualTo(Channel.KWH_DELIVERED);
        assertThat(delivered.values().start()).isEqualTo(Instant.parse("2025-11-10T05:00:00Z"));
        assertThat(delivered.values().intervalMinutes()).isEqualTo(15);
        assertThat(delivered.values().values()).containsExactly(250, 260, 270, 280);
        assertThat(delivered.values().qualityAt(2)).isEqualTo(ReadQuality.ESTIMATED);
        assertThat(delivered.values().qualityAt(3)).isEqualTo(ReadQuality.ACTUAL);
        assertThat(delivered.values().sourcePositionOf(3)).isEqualTo(4);
        List<MeterSeries> received = series(records.get(1));
        assertThat(received).extracting(s -> s.channel() + " " + s.values().start() + " " + s.values().sourcePosition()
                + " " + java.util.Arrays.toString(s.values().values())).containsExactly(
                "KWH_RECEIVED 2025-11-10T05:00:00Z 5 [15, 20]", "KWH_RECEIVED 2025-11-10T05:45:00Z 7 [5]");
    }

    /** A file cut off mid-way keeps what came before and says where it broke. */
    @Test
    void aTruncatedFileKeepsWhatWasReadAndNamesWhereItBroke() throws IOException {
        String xml = sample();
        String truncated = xml.substring(0, xml.indexOf("<value>20000"));
        List<SeriesRecord> records = read(truncated);
        assertThat(series(records.get(0))).hasSize(1);
        assertThat(records.get(records.size() - 1)).isInstanceOfSatisfying(SeriesRecord.Unreadable.class, bad -> {
            assertThat(bad.detail()).startsWith("malformed XML at line ").endsWith("; the rest of the file is not read");
            assertThat(bad.row().source()).isEqualTo("usage.xml");
        });
    }

    @Test
    void otherDocumentsBadValuesAndEmptyFilesAreRejectedWithTheReason() throws IOException {
        assertThat(read("<html><body/></html>")).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class,
                bad -> assertThat(bad.detail()).isEqualTo("not a Green Button file: the document is <html>, not an Atom feed"));
        assertThat(read("")).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class,
                bad -> assertThat(bad.detail()).startsWith("malformed XML"));
        List<SeriesRecord> fraction = read(sample().replace("<value>5000</value>", "<value>5500</value>"));
        assertThat(fraction.get(1)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad -> {
            assertThat(bad.reason()).isEqualTo(ReadRejectionReason.BAD_VALUE);
            assertThat(bad.detail()).isEqualTo("IntervalReading 7: value 5500 x 10^-3 Wh is not a whole number of Wh");
        });
        List<SeriesRecord> cubicFeet = read(forwardUom("119"));
        assertThat(cubicFeet.get(0)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad -> {
            assertThat(bad.reason()).isEqualTo(ReadRejectionReason.UNKNOWN_UNIT);
            assertThat(bad.detail()).contains("uom 119 of").endsWith("is not 72 (Wh), 169 (therm), 132 (BTU), 42 (m3),"
                    + " 134 (litre) or 128 (US gallon)");
        });
        // gas and water flow one way: a reverse-flow therm reading type is refused
        List<SeriesRecord> reverseGas = read(sample().replace("<uom>72</uom>", "<uom>169</uom>"));
        assertThat(reverseGas.get(1)).isInstanceOfSatisfying(ReadRecord.Unparseable.class,
                bad -> assertThat(bad.reason()).isEqualTo(ReadRejectionReason.UNKNOWN_CHANNEL));
    }

    /** The first MeterReading (forward flow, values 250-280 x 10^0) in another ESPI unit. */
    private static String forwardUom(String uom) throws IOException {
        String marker = "</ReadingType>\n    </content>\n  </entry>\n  <entry>\n"
                + "    <link rel=\"self\" href=\"RetailCustomer/1/UsagePoint/1/MeterReading/1/IntervalBlock/1\"/>";
        return sample().replace("<uom>72</uom>\n      " + marker, "<uom>" + uom + "</uom>\n      " + marker);
    }

    /**
     * Gas and water in their ESPI units, kept in their channels' milli-units: 250 therm = 250,000
     * milli-therms; 250 BTU x 10^0 = 0.25 kBtu = 2.5 milli-therms, not whole (so refused), while the
     * same in 10^3 BTU is 2,500; 250 m3 = 250,000 litres; 250 litres; 250 US gallons = 250,000 milli-gallons.
     */
    @Test
    void gasAndWaterUnitsAreKeptInTheirChannels() throws IOException {
        record Case(String uom, Channel channel, long first) {
        }
        for (Case c : List.of(new Case("169", Channel.THERM_DELIVERED, 250_000), new Case("42", Channel.M3_DELIVERED,
                250_000), new Case("134", Channel.M3_DELIVERED, 250), new Case("128", Channel.GAL_DELIVERED, 250_000))) {
            MeterSeries series = series(read(forwardUom(c.uom())).get(0)).get(0);
            assertThat(series.channel()).as(c.uom()).isEqualTo(c.channel());
            assertThat(series.values().valueAt(0)).as(c.uom()).isEqualTo(c.first());
        }
        assertThat(read(forwardUom("132")).get(0)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad ->
                assertThat(bad.detail()).isEqualTo("IntervalReading 1: value 250 x 10^0 BTU is not a whole number of"
                        + " milli-therms"));
        String kiloBtu = forwardUom("132").replaceFirst("<powerOfTenMultiplier>0</powerOfTenMultiplier>",
                "<powerOfTenMultiplier>3</powerOfTenMultiplier>");
        MeterSeries gas = series(read(kiloBtu).get(0)).get(0);
        assertThat(gas.channel()).isEqualTo(Channel.THERM_DELIVERED);
        assertThat(gas.values().values()).containsExactly(2_500, 2_600, 2_700, 2_800);
    }

    /** A DOCTYPE (even one that is never used) refuses the file, saying so; nothing of it is fetched or expanded. */
    @Test
    void aDoctypeOrAnUndeclaredEntityRefusesTheFileNamingWhy() throws IOException {
        String xml = sample();
        int feed = xml.indexOf("<feed");
        String external = xml.substring(0, feed) + "<!DOCTYPE feed SYSTEM \"file:///etc/passwd\">\n" + xml.substring(feed);
        assertThat(read(external)).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class, bad ->
                assertThat(bad.detail()).startsWith("refused: the file declares a DOCTYPE at line ")
                        .doesNotContain("root:"));
        String internal = xml.substring(0, feed) + "<!DOCTYPE feed [<!ENTITY lol \"lol\">]>\n" + xml.substring(feed)
                .replace("<title>M-10000002</title>", "<title>&lol;</title>");
        assertThat(read(internal)).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class, bad ->
                assertThat(bad.detail()).startsWith("refused: the file declares a DOCTYPE"));
        // without a DOCTYPE, an entity other than XML's own five is undeclared
        String undeclared = xml.replace("<title>M-10000002</title>", "<title>&lol;</title>");
        int line = (int) undeclared.substring(0, undeclared.indexOf("&lol;")).lines().count();
        assertThat(read(undeclared)).singleElement().isInstanceOfSatisfying(SeriesRecord.Unreadable.class, bad ->
                assertThat(bad.detail()).startsWith("refused: the file uses an undeclared entity at line " + line + ", ")
                        .contains("\"lol\"").endsWith("; the rest of the file is not read"));
    }

    /** ESPI's powers of ten run from -9 (nano) to 9 (giga); another is out of range, not a fraction of a Wh. */
    @Test
    void aPowerOfTenOutsideEspisRangeIsReportedAsOutOfRange() throws IOException {
        String huge = sample().replaceFirst("<powerOfTenMultiplier>0</powerOfTenMultiplier>",
                "<powerOfTenMultiplier>300</powerOfTenMultiplier>");
        assertThat(read(huge).get(0)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad -> {
            assertThat(bad.reason()).isEqualTo(ReadRejectionReason.UNKNOWN_UNIT);
            assertThat(bad.detail()).startsWith("powerOfTenMultiplier 300 of ")
                    .endsWith(" is out of range: ESPI allows -9 to 9").doesNotContain("whole number of Wh");
            assertThat(bad.sourceRows()).isEqualTo(4);
        });
        String word = sample().replaceFirst("<powerOfTenMultiplier>0</powerOfTenMultiplier>",
                "<powerOfTenMultiplier>kilo</powerOfTenMultiplier>");
        assertThat(read(word).get(0)).isInstanceOfSatisfying(ReadRecord.Unparseable.class, bad ->
                assertThat(bad.detail()).startsWith("powerOfTenMultiplier kilo of ").contains("is not a whole number"));
        String nine = sample().replaceFirst("<powerOfTenMultiplier>0</powerOfTenMultiplier>",
                "<powerOfTenMultiplier>9</powerOfTenMultiplier>");
        assertThat(series(read(nine).get(0)).get(0).values().valueAt(0)).isEqualTo(250_000_000_000L); // 250 GWh in Wh
    }

    /** A usage point title that is no meter serial refuses its block with the title cut, not the file. */
    @Test
    void aHugeTitleRefusesItsBlockAndIsCutInTheMessage() throws IOException {
        String title = "T".repeat(100_000);
        List<SeriesRecord> records = read(sample().replace("<title>M-10000002</title>", "<title>" + title + "</title>"));
        assertThat(records).hasSize(2).allSatisfy(record -> assertThat(record).isInstanceOfSatisfying(
                ReadRecord.Unparseable.class, bad -> {
                    assertThat(bad.reason()).isEqualTo(ReadRejectionReason.MALFORMED_ROW);
                    assertThat(bad.detail()).contains("is not a meter serial: meter serial is longer than 64 characters: "
                            + "T".repeat(80) + "\u2026 (100000 characters)").hasSizeLessThan(400);
                }));
    }
}
