package dev.apikey;

import org.jspecify.annotations.Nullable;

/**
 * The one place that makes untrusted or configured text safe to echo in a log line or an error message: control
 * characters, line and paragraph separators, invisible formatting characters and backslashes escaped (so a value
 * can never start a forged log line or hide what it is), anything shaped like a key redacted, and text longer than
 * {@value #MAX_ECHOED_LENGTH} characters (every well-formed key is longer) shown only by its length — so a key
 * pasted in the wrong place is never repeated, whole or in part. For every module and integration that echoes
 * what a user configured or a client sent.
 */
public final class SafeText {

    /** The longest text echoed as it is. Every well-formed key is longer (at least 51 characters). */
    public static final int MAX_ECHOED_LENGTH = 50;

    private SafeText() {}

    /**
     * {@code raw} fit to echo: escaped and redacted; {@code null} as {@code "null"}, text longer than
     * {@value #MAX_ECHOED_LENGTH} characters as {@code "(n characters)"}.
     */
    public static String of(@Nullable CharSequence raw) {
        if (raw == null) {
            return "null";
        }
        if (raw.length() > MAX_ECHOED_LENGTH) {
            return "(" + raw.length() + " characters)";
        }
        return escape(KeyFormat.redact(raw), MAX_ECHOED_LENGTH);
    }

    /**
     * {@code raw} fit to echo inside a sentence: {@code 'escaped and redacted'} when short, {@code "(a value of n
     * characters)"} when longer than {@value #MAX_ECHOED_LENGTH}, {@code "null"} for {@code null}.
     */
    public static String quoted(@Nullable CharSequence raw) {
        if (raw == null) {
            return "null";
        }
        if (raw.length() > MAX_ECHOED_LENGTH) {
            return "(a value of " + raw.length() + " characters)";
        }
        return "'" + escape(KeyFormat.redact(raw), MAX_ECHOED_LENGTH) + "'";
    }

    /**
     * {@code text} with anything shaped like a key redacted and every non-printable character escaped, cut after
     * {@code maxLength} characters ({@code "...(n more)"}): for fields of a log line, such as a request's path, in
     * which a careless client may have put its key. {@code null} reads {@code "-"}.
     */
    public static String field(@Nullable CharSequence text, int maxLength) {
        if (text == null) {
            return "-";
        }
        return escape(KeyFormat.redact(text), maxLength);
    }

    /** {@code text} with every non-printable character escaped, cut after {@code maxLength} characters. */
    static String escape(@Nullable CharSequence text, int maxLength) {
        if (text == null) {
            return "-";
        }
        int end = Math.min(text.length(), maxLength);
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            appendEscaped(out, text.charAt(i));
        }
        if (text.length() > maxLength) {
            out.append("...(").append(text.length() - maxLength).append(" more)");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            default -> {
                if (c < 0x20
                        || c == 0x7F
                        || (c >= 0x80 && c < 0xA0)
                        || c == '\u2028'
                        || c == '\u2029'
                        || Character.getType(c) == Character.FORMAT) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }
}
