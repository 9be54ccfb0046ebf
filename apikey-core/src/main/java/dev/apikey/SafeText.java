package dev.apikey;

/**
 * Makes untrusted or configured text safe to echo in a log line or error message: control characters
 * escaped, key-shaped runs redacted, and text longer than {@value #MAX_ECHOED_LENGTH} characters (every key is
 * longer) shown only by its length, so a key pasted in the wrong place is never repeated. For integrations that
 * echo what a user configured or a client sent.
 */
public final class SafeText {

    /** The longest text echoed as it is. */
    public static final int MAX_ECHOED_LENGTH = 50;

    private SafeText() {}

    /** {@code raw} fit to echo: {@code null} as {@code "null"}, long text as {@code "(n characters)"}. */
    public static String of(String raw) {
        if (raw == null) {
            return "null";
        }
        if (raw.length() > MAX_ECHOED_LENGTH) {
            return "(" + raw.length() + " characters)";
        }
        String text = KeyFormat.redact(raw); // a key cut short enough to fit still holds its secret body
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
