package dev.apikey;

/**
 * Makes untrusted text (request paths, methods, key names) safe to put in a log line or an error message:
 * control characters, line and paragraph separators and backslashes are escaped, so a value can never start
 * a forged log line, and long values are cut.
 */
final class AuditText {

    private AuditText() {}

    /**
     * {@link #escape(CharSequence, int)} after replacing anything shaped like a key with {@code <redacted>}: for
     * values such as request paths in which a careless client may have put its key.
     */
    static String escapeRedactingKeys(CharSequence text, int maxLength) {
        if (text == null) {
            return "-";
        }
        return escape(redactKeys(text), maxLength);
    }

    /**
     * {@code text} with anything that {@linkplain KeyFormat#redact may be (part of) a key} replaced by {@code <redacted>}.
     */
    static String redactKeys(CharSequence text) {
        return KeyFormat.redact(text);
    }

    /**
     * The longest input echoed in an error message. Every well-formed key is longer (at least 51
     * characters), so quoting input through {@link #quoteShort(CharSequence)} can never reveal a whole key; a key
     * cut short enough to fit is redacted.
     */
    static final int MAX_ECHOED_LENGTH = 50;

    /** {@code 'text'} escaped when it is short, otherwise only its length: for echoing input in errors. */
    static String quoteShort(CharSequence text) {
        if (text == null) {
            return "null";
        }
        if (text.length() > MAX_ECHOED_LENGTH) {
            return "(a value of " + text.length() + " characters)";
        }
        return "'" + escapeRedactingKeys(text, MAX_ECHOED_LENGTH) + "'";
    }

    /** {@code text} with every non-printable character escaped, cut after {@code maxLength} characters. */
    static String escape(CharSequence text, int maxLength) {
        if (text == null) {
            return "-";
        }
        int end = Math.min(text.length(), maxLength);
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > maxLength) {
            out.append("...(").append(text.length() - maxLength).append(" more)");
        }
        return out.toString();
    }
}
