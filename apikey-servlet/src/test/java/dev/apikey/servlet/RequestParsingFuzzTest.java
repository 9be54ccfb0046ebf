package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.apikey.IpNetwork;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes what the filter reads from a request before any key is checked: the presented key (key header, every
 * {@code Authorization} scheme, query parameter) and the client address behind trusted proxies
 * ({@code X-Forwarded-For} and RFC 7239 {@code Forwarded}). Requests are {@link ScriptedRequest}s, so header
 * values may hold control characters no container passes on.
 *
 * <p>Seeds: {@code src/test/resources/dev/apikey/servlet/RequestParsingFuzzTestInputs/<method>/}.
 */
final class RequestParsingFuzzTest {

    private static final List<IpNetwork> TRUSTED = List.of(IpNetwork.parse("10.0.0.0/8"), IpNetwork.parse("2001:db8::/32"));
    private static final KeyExtractor EXTRACTOR = new KeyExtractor("X-API-Key", EnumSet.allOf(AuthorizationScheme.class), "api_key");

    /**
     * The key found is one the request sent (stripped, from an accepted place); two different ones are ambiguous;
     * none is none. Checked against a plain restatement of the rules.
     */
    @FuzzTest(maxDuration = "10m")
    void keyExtractionFindsOnlyWhatWasSent(byte[] input) {
        ScriptedRequest request = ScriptedRequest.parse(new String(input, StandardCharsets.UTF_8));

        PresentedKey presented = EXTRACTOR.extract(request.asServletRequest());

        Set<String> sent = new LinkedHashSet<>();
        request.headers("X-API-Key").forEach(value -> addNonEmpty(sent, value));
        for (String authorization : request.headers("Authorization")) {
            String[] parts = authorization.strip().split(" ", 2);
            if (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("ApiKey")) {
                addNonEmpty(sent, parts.length < 2 ? "" : parts[1]);
            }
        }
        if (request.query != null) {
            for (String pair : request.query.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                if (decode(nameAndValue[0]).equals("api_key")) {
                    addNonEmpty(sent, nameAndValue.length < 2 ? "" : decode(nameAndValue[1]));
                }
            }
        }
        assertThat(presented.ambiguous()).as("ambiguous for %s", sent).isEqualTo(sent.size() > 1);
        assertThat(presented.key()).isEqualTo(sent.size() == 1 ? sent.iterator().next() : null);
        for (String value : sent) {
            if (value.length() > 30) {
                assertThat(presented.toString()).doesNotContain(value);
            }
        }
        if (presented.key() != null) {
            assertThat(presented.fromHeader() || presented.fromAuthorization() || presented.fromQuery()).isTrue();
        }
    }

    /**
     * The client address and the HTTPS flag follow the documented rule, restated here: the peer unless the peer is
     * a trusted proxy; behind trusted proxies the hops of the one configured header are read from the right, the
     * first untrusted hop is the client, an unparsable hop (or a 65th one) makes it unknown, all trusted gives the
     * leftmost; HTTPS is the request's own or, from a trusted peer, the last proto the proxies set. Hops are
     * parsed with {@code ClientAddressResolver.parseHop} and {@code Forwarded} is split with
     * {@code ForwardedHeader}, both covered by their own tests; the fuzzer checks the rule on top of them.
     */
    @FuzzTest(maxDuration = "10m")
    void clientAddressIsAHopOrThePeer(byte[] input) {
        ScriptedRequest request = ScriptedRequest.parse(new String(input, StandardCharsets.UTF_8));
        Optional<InetAddress> peer = ClientAddressResolver.parseHop(request.remoteAddress);
        boolean peerTrusted = peer.isPresent() && trusted(peer.get());

        for (ForwardedHeaders mode : ForwardedHeaders.values()) {
            ClientAddressResolver resolver = new ClientAddressResolver(TRUSTED, mode);

            Optional<InetAddress> expected = peerTrusted ? clientBehindProxies(hopsOf(request, mode)) : peer;
            assertThat(resolver.resolve(request.asServletRequest())).as("%s client", mode).isEqualTo(expected);

            boolean expectedSecure = request.secure || (peerTrusted && "https".equalsIgnoreCase(lastProto(request, mode)));
            assertThat(resolver.isSecure(request.asServletRequest())).as("%s secure", mode).isEqualTo(expectedSecure);
        }
    }

    /** One hop a proxy recorded: the address it saw, or {@code null} for an unknown, obfuscated or garbled one. */
    private record Hop(InetAddress address, String written) {}

    /**
     * The client address behind trusted proxies with an oracle that parses nothing: the fuzzer chooses the hops
     * (trusted or not, IPv4 or IPv6, with or without a port, unknown, obfuscated or garbled), they are written into
     * {@code X-Forwarded-For} or {@code Forwarded} headers the ways proxies write them (spaces, quoting, other
     * parameters, several header instances), and the expected client is read off the chosen hops: from the right,
     * the first untrusted hop; unknown at the first unusable hop or past 64 hops; the leftmost if all are trusted;
     * the peer itself when the peer is no trusted proxy.
     */
    @FuzzTest(maxDuration = "10m")
    void clientAddressFromWrittenHops(FuzzedDataProvider data) throws UnknownHostException {
        ForwardedHeaders mode = data.pickValue(ForwardedHeaders.values());
        boolean peerTrusted = data.consumeBoolean();
        InetAddress peer = address(data, peerTrusted);
        List<Hop> hops = new ArrayList<>();
        for (int i = data.consumeInt(0, 70); i > 0; i--) {
            hops.add(hop(data, mode));
        }
        StringBuilder script = new StringBuilder("@").append(peer.getHostAddress());
        String header = mode == ForwardedHeaders.FORWARDED ? "Forwarded" : "X-Forwarded-For";
        StringBuilder instance = new StringBuilder();
        int hopsInInstance = 0; // not instance.isEmpty(): an empty hop written first must still be followed by a comma
        for (int i = 0; i < hops.size(); i++) {
            if (hopsInInstance++ > 0) {
                instance.append(',').append(" ".repeat(data.consumeInt(0, 2)));
            }
            instance.append(mode == ForwardedHeaders.FORWARDED ? element(data, hops.get(i).written()) : hops.get(i).written());
            if (i == hops.size() - 1 || data.consumeInt(0, 7) == 0) { // sometimes a proxy adds another header instance
                script.append('\n').append(header).append(": ").append(instance);
                instance.setLength(0);
                hopsInInstance = 0;
            }
        }

        Optional<InetAddress> client = new ClientAddressResolver(TRUSTED, mode)
                .resolve(ScriptedRequest.parse(script.toString()).asServletRequest());

        Optional<InetAddress> expected;
        if (!peerTrusted) {
            expected = Optional.of(peer);
        } else {
            expected = Optional.empty();
            for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= 64; i--) {
                InetAddress hop = hops.get(i).address();
                if (hop == null) {
                    expected = Optional.empty();
                    break;
                }
                expected = Optional.of(hop);
                if (!trusted(hop)) {
                    break;
                }
            }
            if (hops.size() > 64 && expected.isPresent() && trusted(expected.get())) {
                expected = Optional.empty(); // 64 trusted hops and more to the left: too many to believe
            }
        }
        assertThat(client).as("%s", script).isEqualTo(expected);
    }

    /** A trusted (10.0.0.0/8, 2001:db8::/32) or untrusted address, IPv4 or IPv6. */
    private static InetAddress address(FuzzedDataProvider data, boolean trusted) throws UnknownHostException {
        if (data.consumeBoolean()) {
            byte[] v4 = data.consumeBytes(4);
            v4 = java.util.Arrays.copyOf(v4, 4);
            v4[0] = trusted ? 10 : data.pickValue(new Byte[] {(byte) 192, (byte) 203, (byte) 198, (byte) 172, 11, 9});
            return InetAddress.getByAddress(v4);
        }
        byte[] v6 = java.util.Arrays.copyOf(data.consumeBytes(16), 16);
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = 0x0d;
        v6[3] = (byte) (trusted ? 0xb8 : data.pickValue(new Byte[] {(byte) 0xb9, (byte) 0xb7, 0x00}));
        return InetAddress.getByAddress(v6);
    }

    /** A hop as a proxy writes it into the given header kind. */
    private static Hop hop(FuzzedDataProvider data, ForwardedHeaders mode) throws UnknownHostException {
        int kind = data.consumeInt(0, 9);
        if (kind == 0) {
            return new Hop(null, data.pickValue(new String[] {"unknown", "_hidden", "_SEVKISEK", "not-an-address",
                    "300.1.2.3", "[2001:db8::1", "1.2.3.4:123456", ""}));
        }
        InetAddress address = address(data, kind >= 4);
        String text = address.getHostAddress();
        if (data.consumeBoolean()) {
            text = text.toUpperCase(Locale.ROOT);
        }
        boolean v6 = text.contains(":");
        boolean port = data.consumeBoolean();
        String portText = ":" + data.consumeInt(0, 65535);
        String written = v6 ? (port || mode == ForwardedHeaders.FORWARDED ? "[" + text + "]" + (port ? portText : "") : text)
                : text + (port ? portText : "");
        return new Hop(address, written);
    }

    /** A {@code Forwarded} element holding {@code for=hop}, quoted when RFC 7239 needs it, among other parameters. */
    private static String element(FuzzedDataProvider data, String hop) {
        boolean quote = hop.isEmpty() || hop.contains(":") || hop.contains("[") || data.consumeBoolean();
        List<String> pairs = new ArrayList<>();
        pairs.add((data.consumeBoolean() ? "for" : "For") + "=" + (quote ? "\"" + hop + "\"" : hop));
        if (data.consumeBoolean()) {
            pairs.add(data.consumeInt(0, 1), "proto=" + (data.consumeBoolean() ? "https" : "http"));
        }
        if (data.consumeBoolean()) {
            pairs.add(data.consumeInt(0, pairs.size()), "by=\"[2001:db8::99]:443\"");
        }
        return String.join(data.consumeBoolean() ? ";" : "; ", pairs);
    }

    private static Optional<InetAddress> clientBehindProxies(List<String> hops) {
        if (hops.isEmpty()) {
            return Optional.empty();
        }
        InetAddress leftmost = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (hops.size() - i > 64) {
                return Optional.empty();
            }
            Optional<InetAddress> hop = ClientAddressResolver.parseHop(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            if (!trusted(hop.get())) {
                return hop;
            }
            leftmost = hop.get();
        }
        return Optional.of(leftmost);
    }

    /** Every hop of the configured header, left to right; an element without {@code for=} is an empty hop. */
    private static List<String> hopsOf(ScriptedRequest request, ForwardedHeaders mode) {
        List<String> hops = new ArrayList<>();
        if (mode == ForwardedHeaders.FORWARDED) {
            for (String element : ForwardedHeader.elements(request.headers("Forwarded"))) {
                String hop = ForwardedHeader.parameter(element, "for");
                hops.add(hop == null ? "" : hop);
            }
        } else {
            request.headers("X-Forwarded-For").forEach(value -> hops.addAll(List.of(value.split(",", -1))));
        }
        return hops;
    }

    private static String lastProto(ScriptedRequest request, ForwardedHeaders mode) {
        if (mode == ForwardedHeaders.FORWARDED) {
            List<String> elements = ForwardedHeader.elements(request.headers("Forwarded"));
            return elements.isEmpty() ? null : ForwardedHeader.parameter(elements.get(elements.size() - 1), "proto");
        }
        List<String> protos = new ArrayList<>();
        request.headers("X-Forwarded-Proto").forEach(value -> protos.addAll(List.of(value.split(",", -1))));
        return protos.isEmpty() ? null : protos.get(protos.size() - 1).strip();
    }

    private static boolean trusted(InetAddress address) {
        return TRUSTED.stream().anyMatch(network -> network.contains(address));
    }

    private static void addNonEmpty(Set<String> sent, String value) {
        if (!value.strip().isEmpty()) {
            sent.add(value.strip());
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
