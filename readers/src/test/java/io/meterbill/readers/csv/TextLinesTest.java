package io.meterbill.readers.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.InputText;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLinesTest {

    private static List<String> lines(byte[] bytes, int max) throws IOException {
        TextLines lines = new TextLines(new ByteArrayInputStream(bytes), max);
        List<String> all = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            all.add(line);
        }
        return all;
    }

    /** Lines split where BufferedReader splits them, so the manifest's row counts and line numbers stay. */
    @Test
    void splitsLikeBufferedReader() throws IOException {
        for (String text : List.of("", "a", "a\n", "a\r\nb", "a\rb\r", "a\n\nb\n", "\r\n\r\n", "x\r", "a\r\r\nb")) {
            List<String> expected = new BufferedReader(new StringReader(text)).lines().toList();
            assertThat(lines(text.getBytes(StandardCharsets.UTF_8), 1 << 20)).as(text.replace("\r", "\\r")
                    .replace("\n", "\\n")).isEqualTo(expected);
        }
    }

    /** The bytes of a line as in the file, whatever they are: NUL kept, invalid UTF-8 as U+FFFD in the text. */
    @Test
    void aLineIsDescribedByItsOwnBytes() throws IOException {
        byte[] line = {'a', 0, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'z'};
        byte[] file = Arrays.copyOf(line, line.length + 2);
        file[line.length] = '\r';
        file[line.length + 1] = '\n';
        TextLines lines = new TextLines(new ByteArrayInputStream(file));
        assertThat(lines.next()).isEqualTo("a\u0000\uFFFD(\uFFFDz");
        assertThat(lines.overlong()).isFalse();
        assertThat(lines.original().bytes()).isEqualTo(6);
        assertThat(lines.original().sha256()).isEqualTo(InputText.sha256(line, 0, line.length));
        assertThat(lines.original().cut()).isFalse();
        assertThat(lines.next()).isNull();
    }

    /** A line past the bound is read through (counted and hashed) but only its start is kept. */
    @Test
    void anOverlongLineKeepsItsStartAndCountsAndHashesAll() throws IOException {
        byte[] big = ("\u20ac".repeat(100_000) + "x").getBytes(StandardCharsets.UTF_8); // 300,001 bytes
        byte[] file = new byte[big.length + 3];
        System.arraycopy(big, 0, file, 0, big.length);
        file[big.length] = '\n';
        file[big.length + 1] = 'b';
        file[big.length + 2] = '\n';
        TextLines lines = new TextLines(new ByteArrayInputStream(file), 1000);
        String first = lines.next();
        assertThat(lines.overlong()).isTrue();
        assertThat(first).isEqualTo("\u20ac".repeat(333)); // 999 bytes: the 334th euro would be split
        assertThat(lines.bytes()).isEqualTo(big.length);
        assertThat(lines.original().sha256()).isEqualTo(InputText.sha256(big, 0, big.length));
        assertThat(lines.original().cut()).isTrue();
        assertThat(lines.next()).isEqualTo("b");
        assertThat(lines.overlong()).isFalse();
        assertThat(lines.next()).isNull();
    }
}
