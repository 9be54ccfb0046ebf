package dev.apikey.http;

import dev.apikey.IpNetwork;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client's address: the TCP peer, unless the peer is a trusted proxy; then the configured forwarding
 * header ({@code X-Forwarded-For} or RFC 7239 {@code Forwarded}, never whichever the client chose to send) is
 * read from right to left, skipping trusted hops, and the first untrusted hop is the client. A hop that cannot
 * be parsed ({@code unknown}, obfuscated, garbage), a {@code Forwarded} header off the RFC 7239 grammar (see
 * {@link ForwardedHeader}), or a trusted peer that forwarded no address, makes the address unknown, so a key
 * restricted to networks is refused rather than matched against a proxy or an address the client wrote.
 */
final class ClientAddressResolver {

    private static final int MAX_HOPS = 64;

    private final List<IpNetwork> trustedProxies;
    private final ForwardedHeaders headers;

    ClientAddressResolver(List<IpNetwork> trustedProxies, ForwardedHeaders headers) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.headers = headers;
    }

    Optional<InetAddress> resolve(HttpRequestView request) {
        Optional<InetAddress> peer = parseHop(request.peerAddress());
        if (peer.isEmpty() || !isTrusted(peer.get())) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        if (hops.isEmpty()) {
            return Optional.empty();
        }
        InetAddress nearest = peer.get();
        int examined = 0;
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (++examined > MAX_HOPS) {
                return Optional.empty();
            }
            Optional<InetAddress> hop = parseHop(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            if (!isTrusted(hop.get())) {
                return hop;
            }
            nearest = hop.get();
        }
        return Optional.of(nearest);
    }

    /** Whether the request reached the first trusted proxy over HTTPS (or reached us directly over it). */
    boolean isSecure(HttpRequestView request) {
        if (request.secure()) {
            return true;
        }
        Optional<InetAddress> peer = parseHop(request.peerAddress());
        if (peer.isEmpty() || !isTrusted(peer.get())) {
            return false;
        }
        if (headers == ForwardedHeaders.FORWARDED) {
            List<Map<String, String>> elements =
                    ForwardedHeader.parse(request.headers("Forwarded")).orElse(List.of());
            return !elements.isEmpty()
                    && "https"
                            .equalsIgnoreCase(elements.get(elements.size() - 1).get("proto"));
        }
        List<String> protos = splitList(request.headers("X-Forwarded-Proto"));
        return !protos.isEmpty() && "https".equalsIgnoreCase(protos.get(protos.size() - 1));
    }

    private boolean isTrusted(InetAddress address) {
        for (IpNetwork network : trustedProxies) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The hops, left to right; a {@code Forwarded} header off the grammar is a single unusable hop. */
    private List<String> forwardedFor(HttpRequestView request) {
        if (headers == ForwardedHeaders.FORWARDED) {
            Optional<List<Map<String, String>>> elements = ForwardedHeader.parse(request.headers("Forwarded"));
            if (elements.isEmpty()) {
                return List.of("");
            }
            List<String> hops = new ArrayList<>(elements.get().size());
            for (Map<String, String> element : elements.get()) {
                hops.add(element.getOrDefault("for", ""));
            }
            return hops;
        }
        return splitList(request.headers("X-Forwarded-For"));
    }

    private static List<String> splitList(List<String> values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /**
     * An address from a hop: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]},
     * {@code [2001:db8::1]:8080} or a bare IPv6 literal. Anything else is unknown.
     */
    static Optional<InetAddress> parseHop(@Nullable String hop) {
        if (hop == null) {
            return Optional.empty();
        }
        String value = hop.strip();
        if (value.isEmpty() || value.length() > 64) {
            return Optional.empty();
        }
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || (close + 1 < value.length() && !isPort(value.substring(close + 1)))) {
                return Optional.empty();
            }
            value = value.substring(1, close);
        } else {
            int colon = value.indexOf(':');
            if (colon >= 0 && colon == value.lastIndexOf(':') && isPort(value.substring(colon))) {
                value = value.substring(0, colon);
            }
        }
        try {
            return Optional.of(IpNetwork.parseAddress(value.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isPort(String text) {
        return text.length() >= 2
                && text.length() <= 6
                && text.charAt(0) == ':'
                && text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
