package dev.apikey.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits RFC 7239 {@code Forwarded} headers into elements and reads their parameters, honouring quoted strings. */
final class ForwardedHeader {

    private ForwardedHeader() {}

    /** The comma-separated elements of every header instance, in order. */
    static List<String> elements(List<String> headerValues) {
        List<String> elements = new ArrayList<>();
        for (String value : headerValues) {
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted && i + 1 < value.length()) {
                    current.append(c).append(value.charAt(++i));
                    continue;
                } else if (c == ',' && !quoted) {
                    elements.add(current.toString().strip());
                    current.setLength(0);
                    continue;
                }
                current.append(c);
            }
            elements.add(current.toString().strip());
        }
        return elements;
    }

    /** The value of parameter {@code name} (case-insensitive) in one element, unquoted; {@code null} if absent. */
    static String parameter(String element, String name) {
        for (String pair : splitPairs(element)) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return unquote(pair.substring(equals + 1).strip());
            }
        }
        return null;
    }

    private static List<String> splitPairs(String element) {
        List<String> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                pairs.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        pairs.add(current.toString());
        return pairs;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
