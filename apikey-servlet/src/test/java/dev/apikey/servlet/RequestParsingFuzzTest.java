package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.apikey.IpNetwork;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
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
        assertThat(presented.toString()).doesNotContain(sent.size() == 1 ? sent.iterator().next() : "\u0000never");
        if (presented.key() != null) {
            assertThat(presented.fromHeader() || presented.fromAuthorization() || presented.fromQuery()).isTrue();
        }
    }

    /**
     * The client is the peer unless the peer is trusted; behind trusted proxies it is a hop that was sent (the
     * first untrusted one from the right, or the leftmost when every hop is trusted), or unknown.
     */
    @FuzzTest(maxDuration = "10m")
    void clientAddressIsAHopOrThePeer(byte[] input) {
        ScriptedRequest request = ScriptedRequest.parse(new String(input, StandardCharsets.UTF_8));
        Optional<InetAddress> peer = ClientAddressResolver.parseHop(request.remoteAddress);

        for (ForwardedHeaders mode : ForwardedHeaders.values()) {
            ClientAddressResolver resolver = new ClientAddressResolver(TRUSTED, mode);
            Optional<InetAddress> client = resolver.resolve(request.asServletRequest());
            boolean secure = resolver.isSecure(request.asServletRequest());

            if (peer.isEmpty() || !trusted(peer.get())) {
                assertThat(client).isEqualTo(peer);
                assertThat(secure).isEqualTo(request.secure);
                continue;
            }
            List<InetAddress> hops = new ArrayList<>();
            for (String hop : hopsOf(request, mode)) {
                ClientAddressResolver.parseHop(hop).ifPresent(hops::add);
            }
            client.ifPresent(address -> {
                assertThat(hops).as("client %s among the hops sent", address).contains(address);
                if (trusted(address)) {
                    assertThat(hops).allMatch(RequestParsingFuzzTest::trusted);
                }
            });
        }
    }

    private static List<String> hopsOf(ScriptedRequest request, ForwardedHeaders mode) {
        List<String> hops = new ArrayList<>();
        if (mode == ForwardedHeaders.FORWARDED) {
            for (String element : ForwardedHeader.elements(request.headers("Forwarded"))) {
                String hop = ForwardedHeader.parameter(element, "for");
                if (hop != null) {
                    hops.add(hop);
                }
            }
        } else {
            request.headers("X-Forwarded-For").forEach(value -> hops.addAll(List.of(value.split(",", -1))));
        }
        return hops;
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
