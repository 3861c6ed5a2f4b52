package io.meterbill.domain.read;

import java.util.Objects;

/**
 * A row of an input file as it arrived: which file, which line (1-based, header included), and its raw text.
 * A row that leaves its reader keeps at most {@value #KEPT_CHARS} characters of text ({@link #bounded}); then
 * {@code original} describes the whole row, so nothing of it is lost without being counted.
 *
 * @param original the whole row as it is in the file, when {@code text} is not all of it or not its bytes
 *     (a line cut, or one that is not valid UTF-8); null: {@code text} is the whole row and its UTF-8
 *     encoding is the row's bytes
 */
public record SourceRow(String source, long line, String text, Original original) {

    /** Characters of a row's text kept once it leaves its reader, and stored (escaped) for a refused row. */
    public static final int KEPT_CHARS = 4096;

    /**
     * The whole row: its length in bytes as in the file (without the line end) and their SHA-256 (hex), and
     * whether {@code text} is only its start.
     */
    public record Original(long bytes, String sha256, boolean cut) {
        public Original {
            Objects.requireNonNull(sha256, "sha256");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes is negative");
            }
        }
    }

    /**
     * What is kept of a row: its text escaped ({@link InputText}) and cut to {@value #KEPT_CHARS} characters,
     * the whole row's length in bytes and SHA-256, and whether {@code text} shows all of the row.
     */
    public record Kept(String text, long bytes, String sha256, boolean whole) {
    }

    public SourceRow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
    }

    /** A row whose text is all of it. */
    public SourceRow(String source, long line, String text) {
        this(source, line, text, null);
    }

    /** This row with at most {@value #KEPT_CHARS} characters of text, the whole row described beside it. */
    public SourceRow bounded() {
        if (text.length() <= KEPT_CHARS) {
            return this;
        }
        Original whole = original != null ? original
                : new Original(InputText.utf8Length(text), InputText.sha256(text), false);
        return new SourceRow(source, line, InputText.prefix(text, KEPT_CHARS),
                new Original(whole.bytes(), whole.sha256(), true));
    }

    /** What a refused row keeps (see {@link Kept}). */
    public Kept kept() {
        InputText.Escaped escaped = InputText.escapeAtMost(text, KEPT_CHARS);
        boolean whole = escaped.whole() && (original == null || !original.cut());
        return original != null ? new Kept(escaped.text(), original.bytes(), original.sha256(), whole)
                : new Kept(escaped.text(), InputText.utf8Length(text), InputText.sha256(text), whole);
    }

    @Override
    public String toString() {
        return source + ":" + line;
    }
}
