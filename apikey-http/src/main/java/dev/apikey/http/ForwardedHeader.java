package dev.apikey.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Parses RFC 7239 {@code Forwarded} headers strictly, or not at all:
 *
 * <pre>
 * Forwarded         = 1#forwarded-element              ; OWS around "," (RFC 7230 list syntax)
 * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )   ; OWS around ";" tolerated
 * forwarded-pair    = token "=" value
 * value             = token / quoted-string            ; RFC 7230: qdtext and quoted-pair
 * </pre>
 *
 * <p>A trusted proxy <em>appends</em> its element to the header line the client sent (RFC 7239 §4), so a line
 * is partly the client's. Where the client's part ends can only be told if the whole line follows the grammar:
 * a quote the client opens and never closes would otherwise swallow the proxy's element, and a parser that
 * skipped the bad part would still have to guess where it ends. So any header line off the grammar (an
 * unbalanced quote, a bad escape, stray or control characters, a pair without {@code =}, a parameter twice in
 * one element) makes the whole header unusable: {@link #parse} answers empty and the client address is unknown.
 */
final class ForwardedHeader {

    private ForwardedHeader() {}

    /**
     * The elements of every header instance, in order, each a map of lower-case parameter names to values
     * (quotes and escapes removed; an empty element is an empty map); empty if any instance breaks the grammar.
     */
    static Optional<List<Map<String, String>>> parse(List<String> headerValues) {
        List<Map<String, String>> elements = new ArrayList<>();
        for (String value : headerValues) {
            if (value == null || !new Line(value).parseInto(elements)) {
                return Optional.empty();
            }
        }
        return Optional.of(Collections.unmodifiableList(elements));
    }

    /** One header line, read once from left to right. */
    private static final class Line {
        private final String text;
        private int at;

        Line(String text) {
            this.text = text;
        }

        /** Adds the line's elements to {@code elements}; false if the line breaks the grammar. */
        boolean parseInto(List<Map<String, String>> elements) {
            skipWhitespace();
            while (true) {
                Map<String, String> element = new HashMap<>(4);
                if (!element(element)) {
                    return false;
                }
                elements.add(Collections.unmodifiableMap(element));
                if (at == text.length()) {
                    return true;
                }
                at++; // element() stops only at the end or at a ","
                skipWhitespace();
            }
        }

        /** Reads pairs up to the end or an unquoted "," (not consumed). */
        private boolean element(Map<String, String> element) {
            while (true) {
                if (at == text.length() || text.charAt(at) == ',') {
                    return true;
                }
                if (text.charAt(at) != ';') {
                    String name = token();
                    if (name == null || at == text.length() || text.charAt(at) != '=') {
                        return false;
                    }
                    at++;
                    String value = at < text.length() && text.charAt(at) == '"' ? quotedString() : token();
                    if (value == null || element.put(name.toLowerCase(Locale.ROOT), value) != null) {
                        return false; // no value, or a parameter given twice
                    }
                    skipWhitespace();
                    if (at == text.length() || text.charAt(at) == ',') {
                        return true;
                    }
                    if (text.charAt(at) != ';') {
                        return false; // stray characters after a value
                    }
                }
                at++; // the ";"
                skipWhitespace();
            }
        }

        /** A token (1*tchar), or {@code null} if none starts here. */
        private @Nullable String token() {
            int start = at;
            while (at < text.length() && isTokenChar(text.charAt(at))) {
                at++;
            }
            return at == start ? null : text.substring(start, at);
        }

        /** A quoted string starting at the opening quote, unescaped; {@code null} if it is unclosed or bad. */
        private @Nullable String quotedString() {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (at == text.length() || !isQuotedPairChar(text.charAt(at))) {
                        return null;
                    }
                    value.append(text.charAt(at++));
                } else if (isQdtext(c)) {
                    value.append(c);
                } else {
                    return null;
                }
            }
            return null; // unclosed
        }

        private void skipWhitespace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }
    }

    /** RFC 7230 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * RFC 7230 qdtext: HTAB, SP, visible ASCII but {@code "} and {@code \}, and obs-text — here any non-ASCII
     * character, however the container decoded the header's bytes (none of them is a delimiter).
     */
    private static boolean isQdtext(char c) {
        return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7E && c != '"' && c != '\\') || c >= 0x80;
    }

    /** What may follow a backslash in a quoted string: HTAB, SP, VCHAR, obs-text. */
    private static boolean isQuotedPairChar(char c) {
        return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7E) || c >= 0x80;
    }
}
