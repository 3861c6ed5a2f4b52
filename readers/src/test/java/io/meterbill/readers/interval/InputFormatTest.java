package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFormatTest {

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private Path gzip(String name, String text) throws IOException {
        Path path = tmp.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return path;
    }

    @Test
    void formatsAreToldByContentNotByName() throws IOException {
        assertThat(InputFormat.detect(file("a.txt", "meter_serial,interval_start,interval_minutes,channel,value,unit\n"))
                .format()).isEqualTo(InputFormat.CSV_LONG);
        assertThat(InputFormat.detect(file("b.csv", "\uFEFFmeter_serial,channel,date,interval_minutes,unit,v1\n"))
                .format()).isEqualTo(InputFormat.CSV_WIDE);
        assertThat(InputFormat.detect(file("c.dat", "  <?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
                .format()).isEqualTo(InputFormat.GREEN_BUTTON);
        assertThat(InputFormat.detect(Files.write(tmp.resolve("d.bin"), new byte[] {'P', 'A', 'R', '1', 0, 0}))
                .format()).isEqualTo(InputFormat.PARQUET);
        InputFormat.Detection gz = InputFormat.detect(gzip("e.csv.gz",
                "meter_serial,interval_start,interval_minutes,channel,value,unit\nM-1,..."));
        assertThat(gz.format()).isEqualTo(InputFormat.CSV_LONG);
        assertThat(gz.gzipped()).isTrue();
    }

    @Test
    void anythingElseIsRefusedWithTheReason() throws IOException {
        assertThat(InputFormat.detect(file("empty.csv", "")).refusal()).isEqualTo("file is empty");
        assertThat(InputFormat.detect(file("x.csv", "id,name\n1,a\n")).refusal()).startsWith("not an interval file");
        assertThat(InputFormat.detect(file("h.xml", "<html/>")).refusal())
                .isEqualTo("an XML document that is not an Atom feed (Green Button files are)");
        assertThat(InputFormat.detect(file("fake.gz", "not gzip at all")).refusal()).startsWith("not a gzip file");
        byte[] whole = Files.readAllBytes(gzip("t.csv.gz", "meter_serial,interval_start,interval_minutes,channel,value,unit\n"
                + "M-1,2025-11-01T00:00:00-04:00,15,kwh_del,0.1,kWh\n".repeat(50)));
        Path cut = Files.write(tmp.resolve("cut.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        // the whole (small) file is read for the peek, so the break shows already
        assertThat(InputFormat.detect(cut).refusal()).isEqualTo("the gzip stream is truncated");
    }
}
