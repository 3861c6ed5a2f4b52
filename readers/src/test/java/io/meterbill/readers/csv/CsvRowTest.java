package io.meterbill.readers.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvRowTest {

    @Test
    void splitsQuotedFieldsWithDelimitersAndDoubledQuotes() {
        assertThat(CsvRow.split("a,\"b, c\",\"say \"\"hi\"\"\",,", ','))
                .containsExactly("a", "b, c", "say \"hi\"", "", "");
    }

    @Test
    void refusesAnUnclosedQuoteOrTextAfterAClosingQuote() {
        assertThatThrownBy(() -> CsvRow.split("a,\"b", ',')).hasMessage("quote opened at column 3 is not closed");
        assertThatThrownBy(() -> CsvRow.split("\"a\"b,c", ',')).hasMessage("text after closing quote at column 4");
    }
}
