package io.meterbill.domain.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputTextTest {

    @Test
    void aValueInAMessageIsEscapedAndCutToEightyCharactersWithItsLength() {
        assertThat(InputText.echo("kwh_del")).isEqualTo("kwh_del");
        assertThat(InputText.echo("x".repeat(80))).isEqualTo("x".repeat(80));
        assertThat(InputText.echo("x".repeat(100_000))).isEqualTo("x".repeat(80) + "\u2026 (100000 characters)");
        assertThat(InputText.echo("a\u0000b\u001b[2Jc\\d")).isEqualTo("a\\x00b\\x1b[2Jc\\\\d");
        assertThat(InputText.echo(null)).isEqualTo("null");
        // a surrogate pair is never split: 79 characters then the pair would be 81
        assertThat(InputText.echo("x".repeat(79) + "\uD83D\uDE00" + "y")).isEqualTo("x".repeat(79) + "\u2026 (82 characters)");
    }

    @Test
    void escapingIsReversibleAndLeavesOrdinaryTextAlone() {
        String ordinary = "M-1,2025-11-03T07:00:00-05:00,15,kwh_del,0.25,kWh\tcaf\u00e9 \uFFFD \uD83D\uDE00";
        assertThat(InputText.escape(ordinary)).isSameAs(ordinary);
        assertThat(InputText.escape("\u0000\u0001\n\r\u007f\u0085\u009f\\")).isEqualTo("\\x00\\x01\\x0a\\x0d\\x7f\\x85\\x9f\\\\");
        assertThat(InputText.escape("a\uD800b\uDC00")).isEqualTo("a\\ud800b\\udc00"); // lone surrogates
    }

    @Test
    void escapeAtMostNeverSplitsAnEscapeAndSaysWhetherItIsWhole() {
        assertThat(InputText.escapeAtMost("abc", 3)).isEqualTo(new InputText.Escaped("abc", true));
        assertThat(InputText.escapeAtMost("ab\u0000", 4)).isEqualTo(new InputText.Escaped("ab", false));
        assertThat(InputText.escapeAtMost("ab\u0000", 6)).isEqualTo(new InputText.Escaped("ab\\x00", true));
        assertThat(InputText.escapeAtMost("a\uD83D\uDE00", 2)).isEqualTo(new InputText.Escaped("a", false));
    }

    @Test
    void messagesAreMadeStorableWithoutDoublingBackslashes() {
        assertThat(InputText.storableMessage("C:\\in a\u0000b", 100)).isEqualTo("C:\\in a\\x00b");
        assertThat(InputText.storableMessage("m".repeat(50), 10)).isEqualTo("m".repeat(10) + "\u2026 (50 characters)");
    }

    @Test
    void utf8LengthAndShaAreThoseOfTheBytes() {
        String text = "caf\u00e9 \u20ac \uD83D\uDE00";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(InputText.utf8Length(text)).isEqualTo(bytes.length);
        assertThat(InputText.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    /** A refused row keeps 4096 escaped characters, its whole length in bytes and SHA-256 beside them. */
    @Test
    void aRowIsBoundedAndKeptWithItsWholeLengthAndSha() {
        String line = "M-1,\u0000," + "9".repeat(10_000);
        SourceRow row = new SourceRow("in.csv", 7, line);
        SourceRow bounded = row.bounded();
        assertThat(bounded.text()).hasSize(SourceRow.KEPT_CHARS);
        assertThat(bounded.original()).isEqualTo(new SourceRow.Original(line.length(), InputText.sha256(line), true));
        SourceRow.Kept kept = bounded.kept();
        assertThat(kept.text()).startsWith("M-1,\\x00,999").hasSize(SourceRow.KEPT_CHARS);
        assertThat(kept.bytes()).isEqualTo(line.length());
        assertThat(kept.sha256()).isEqualTo(InputText.sha256(line));
        assertThat(kept.whole()).isFalse();

        SourceRow.Kept small = new SourceRow("in.csv", 2, "a\u0000b").kept();
        assertThat(small).isEqualTo(new SourceRow.Kept("a\\x00b", 3, InputText.sha256("a\u0000b"), true));
        assertThat(new SourceRow("in.csv", 2, "short").bounded()).isEqualTo(new SourceRow("in.csv", 2, "short"));
        // escaping can make a row that fits unescaped too long to keep whole
        SourceRow.Kept nuls = new SourceRow("in.csv", 3, "\u0000".repeat(2000)).kept();
        assertThat(nuls.text()).hasSize(4096).isEqualTo("\\x00".repeat(1024));
        assertThat(nuls.whole()).isFalse();
        assertThat(nuls.bytes()).isEqualTo(2000);
    }
}
