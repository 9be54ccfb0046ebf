package dev.apikey;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses IPv4 and IPv6 address literals into their bytes without ever resolving a host name (unlike
 * {@link java.net.InetAddress#getByName(String)}, which would query DNS for anything that is not a literal).
 */
final class IpLiteral {

    private IpLiteral() {}

    /**
     * The 4 or 16 bytes of an address literal. IPv6 may be written in brackets and carry a zone id
     * ({@code fe80::1%eth0}), which is ignored.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an IP address is required, got an empty value");
        }
        String literal = text;
        if (literal.startsWith("[") && literal.endsWith("]") && literal.length() > 2) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.indexOf(':') >= 0) {
            int zone = literal.indexOf('%');
            if (zone >= 0) {
                String zoneId = literal.substring(zone + 1);
                if (zoneId.isEmpty()
                        || !zoneId.chars()
                                .allMatch(c -> (Character.isLetterOrDigit(c) && c < 128)
                                        || c == '.'
                                        || c == '_'
                                        || c == '-')) {
                    throw invalid(text);
                }
                literal = literal.substring(0, zone);
            }
            return parseIpv6(literal, text);
        }
        return parseIpv4(literal, text);
    }

    private static byte[] parseIpv4(String literal, String original) {
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= literal.length(); i++) {
            if (i == literal.length() || literal.charAt(i) == '.') {
                if (part == 4) {
                    throw invalid(original);
                }
                out[part++] = (byte) decimalOctet(literal, start, i, original);
                start = i + 1;
            }
        }
        if (part != 4) {
            throw invalid(original);
        }
        return out;
    }

    private static int decimalOctet(String text, int from, int to, String original) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            throw invalid(original); // leading zeros are refused: some parsers read them as octal
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(original);
            }
            value = value * 10 + (c - '0');
        }
        if (value > 255) {
            throw invalid(original);
        }
        return value;
    }

    private static byte[] parseIpv6(String literal, String original) {
        int gap = literal.indexOf("::");
        if (gap >= 0 && literal.indexOf("::", gap + 1) >= 0) {
            throw invalid(original);
        }
        List<Integer> head = groups(gap >= 0 ? literal.substring(0, gap) : literal, gap < 0, original);
        List<Integer> tail = gap >= 0 ? groups(literal.substring(gap + 2), true, original) : List.of();
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            throw invalid(original);
        }
        byte[] out = new byte[16];
        int index = 0;
        for (int group : head) {
            out[index++] = (byte) (group >>> 8);
            out[index++] = (byte) group;
        }
        index = 16 - tail.size() * 2;
        for (int group : tail) {
            out[index++] = (byte) (group >>> 8);
            out[index++] = (byte) group;
        }
        return out;
    }

    private static List<Integer> groups(String part, boolean ipv4AllowedLast, String original) {
        List<Integer> groups = new ArrayList<>(8);
        if (part.isEmpty()) {
            return groups;
        }
        String[] pieces = part.split(":", -1);
        if (pieces.length > 8) {
            throw invalid(original);
        }
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && ipv4AllowedLast && piece.indexOf('.') >= 0) {
                byte[] ipv4 = parseIpv4(piece, original);
                groups.add((ipv4[0] & 0xFF) << 8 | (ipv4[1] & 0xFF));
                groups.add((ipv4[2] & 0xFF) << 8 | (ipv4[3] & 0xFF));
            } else {
                groups.add(hexGroup(piece, original));
            }
        }
        return groups;
    }

    private static int hexGroup(String piece, String original) {
        if (piece.isEmpty() || piece.length() > 4) {
            throw invalid(original);
        }
        int value = 0;
        for (int i = 0; i < piece.length(); i++) {
            int digit = Character.digit(piece.charAt(i), 16);
            if (digit < 0 || piece.charAt(i) > 'f') {
                throw invalid(original);
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(SafeText.quoted(text) + " is not an IP address literal: write IPv4"
                + " as 203.0.113.7 or IPv6 as 2001:db8::7 (host names are not accepted)");
    }
}
