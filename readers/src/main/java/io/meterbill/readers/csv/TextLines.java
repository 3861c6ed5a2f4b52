package io.meterbill.readers.csv;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.SourceRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The lines of a UTF-8 text stream, split where {@link java.io.BufferedReader#readLine} splits them
 * ({@code \n}, {@code \r\n} or a lone {@code \r}), each decoded as UTF-8 with an invalid byte sequence as
 * U+FFFD. The bytes of the line just read stay at hand, so a refused line can be described exactly as it
 * is in the file ({@link #original()}: length in bytes and SHA-256). A line longer than
 * {@link #MAX_LINE_BYTES} is read through, counted and hashed, but only its start is kept: memory stays
 * bounded whatever one line holds.
 */
public final class TextLines {

    /** Bytes of one line kept; a longer line is {@link #overlong()}. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean skipLineFeed;
    private byte[] line = new byte[512];
    private int length;
    private long total;
    private MessageDigest overlongDigest;

    public TextLines(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    /** With a smaller bound on the bytes kept of a line (tests). */
    public TextLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = Math.max(16, maxLineBytes);
    }

    /** The next line's text (without its line end), or null at the end of the stream. */
    public String next() throws IOException {
        length = 0;
        total = 0;
        overlongDigest = null;
        boolean any = false;
        while (true) {
            if (pos >= limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                skipLineFeed = buffer[pos++] == '\r';
                break;
            }
        }
        return new String(line, 0, overlongDigest == null ? length : charBoundary(), StandardCharsets.UTF_8);
    }

    /** Whether the last line was longer than the bytes kept of it: its text is only its start. */
    public boolean overlong() {
        return overlongDigest != null;
    }

    /** The last line's length in bytes, as in the file. */
    public long bytes() {
        return total;
    }

    /** The last line as it is in the file: length in bytes, SHA-256 of them, and whether its text is cut. */
    public SourceRow.Original original() {
        String sha = overlongDigest != null ? HexFormat.of().formatHex(overlongDigest.digest())
                : InputText.sha256(line, 0, length);
        return new SourceRow.Original(total, sha, overlongDigest != null);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(0, n);
        return n > 0;
    }

    private void append(int from, int n) {
        total += n;
        if (overlongDigest == null && length + n <= maxLineBytes) {
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(length + n, line.length * 2)));
            }
            System.arraycopy(buffer, from, line, length, n);
            length += n;
            return;
        }
        if (overlongDigest == null) {
            overlongDigest = InputText.newSha256();
            overlongDigest.update(line, 0, length);
            if (line.length < maxLineBytes) {
                line = Arrays.copyOf(line, maxLineBytes);
            }
        }
        overlongDigest.update(buffer, from, n);
        int room = Math.min(n, maxLineBytes - length);
        System.arraycopy(buffer, from, line, length, room);
        length += room;
    }

    /** Where the kept bytes of a cut line end without splitting a UTF-8 sequence. */
    private int charBoundary() {
        int i = length - 1;
        while (i >= 0 && i > length - 4 && (line[i] & 0xC0) == 0x80) {
            i--;
        }
        if (i < 0 || (line[i] & 0x80) == 0) {
            return length;
        }
        int lead = line[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return i + need > length ? i : length;
    }
}
