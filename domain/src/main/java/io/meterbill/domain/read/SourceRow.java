package io.meterbill.domain.read;

import java.util.Objects;

/** A row of an input file as it arrived: which file, which line (1-based, header included), and its raw text. */
public record SourceRow(String source, long line, String text) {
    public SourceRow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
    }

    @Override
    public String toString() {
        return source + ":" + line;
    }
}
