package io.meterbill.domain.read;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text that came from an input file, made safe to show and to store: any character sequence is data, so
 * none may stop a cycle (PostgreSQL refuses U+0000 in {@code text}; a terminal obeys control characters; a
 * 30 MB value floods a log). One escaping scheme for all of it, reversible: a backslash is written
 * {@code \\}, a control character (U+0000-U+001F except tab, U+007F-U+009F) {@code \xHH}, and a lone
 * surrogate {@code \\uHHHH}; everything else as it is (an invalid UTF-8 byte has already become U+FFFD
 * when the file was decoded).
 */
public final class InputText {

    /** Characters of an input value a message shows before it is cut. */
    public static final int ECHO_CHARS = 80;

    private InputText() {
    }

    /**
     * An input value as a message shows it: escaped, and when longer than {@value #ECHO_CHARS} characters its
     * first {@value #ECHO_CHARS} followed by {@code "… (N characters)"}, N the value's whole length.
     */
    public static String echo(String value) {
        return echo(value, ECHO_CHARS);
    }

    /** As {@link #echo(String)}, showing at most {@code max} characters of the value. */
    public static String echo(String value, int max) {
        if (value == null) {
            return "null";
        }
        int end = prefixEnd(value, max);
        String shown = escape(value, 0, end);
        return end == value.length() ? shown : shown + "\u2026 (" + value.length() + " characters)";
    }

    /** The whole text escaped (see the class comment). */
    public static String escape(String text) {
        return escape(text, 0, text.length());
    }

    private static String escape(String text, int from, int to) {
        int i = from;
        while (i < to && plain(text, i)) {
            i++;
        }
        if (i == to) {
            return from == 0 && to == text.length() ? text : text.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from + 16).append(text, from, i);
        for (; i < to; i++) {
            appendEscaped(out, text, i);
        }
        return out.toString();
    }

    /**
     * The text escaped and cut to at most {@code maxChars} characters (an escape is never split).
     *
     * @return the escaped start of the text, and whether all of the text is in it
     */
    public static Escaped escapeAtMost(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        int i = 0;
        int n = text.length();
        while (i < n) {
            int before = out.length();
            appendEscaped(out, text, i);
            int step = 1;
            if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(text.charAt(i + 1));
                step = 2;
            }
            if (out.length() > maxChars) {
                out.setLength(before);
                break;
            }
            i += step;
        }
        return new Escaped(out.toString(), i == n);
    }

    /** Escaped text and whether it holds all of its source. */
    public record Escaped(String text, boolean whole) {
    }

    /**
     * A message (not input data) made storable and bounded: control characters as {@code \xHH} (a
     * backslash stays as it is: a message need not be reversible), cut to {@code maxChars} with the length.
     */
    public static String storableMessage(String message, int maxChars) {
        if (message == null) {
            return "";
        }
        int end = prefixEnd(message, maxChars);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = message.charAt(i);
            if (control(c) || lone(message, i)) {
                appendEscaped(out, message, i);
            } else {
                out.append(c);
            }
        }
        if (end < message.length()) {
            out.append("\u2026 (").append(message.length()).append(" characters)");
        }
        return out.toString();
    }

    /** The first {@code maxChars} characters of {@code text} (fewer if that would split a surrogate pair). */
    public static String prefix(String text, int maxChars) {
        return text.substring(0, prefixEnd(text, maxChars));
    }

    private static int prefixEnd(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text.length();
        }
        int end = Math.max(0, maxChars);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** The text's length in UTF-8 bytes (a lone surrogate counts as the one byte {@code ?} it is written as). */
    public static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The SHA-256 of the text's UTF-8 bytes, lower-case hex. */
    public static String sha256(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return sha256(bytes, 0, bytes.length);
    }

    /** The SHA-256 of {@code bytes[offset, offset + length)}, lower-case hex. */
    public static String sha256(byte[] bytes, int offset, int length) {
        MessageDigest sha = newSha256();
        sha.update(bytes, offset, length);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static boolean plain(String text, int i) {
        char c = text.charAt(i);
        return c != '\\' && !control(c) && !lone(text, i);
    }

    private static boolean control(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);
    }

    /** Whether the char at {@code i} is a surrogate that is not half of a pair. */
    private static boolean lone(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    private static void appendEscaped(StringBuilder out, String text, int i) {
        char c = text.charAt(i);
        if (c == '\\') {
            out.append("\\\\");
        } else if (control(c)) {
            out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
        } else if (lone(text, i)) {
            out.append(String.format("\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }
}
