package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.apikey.IpNetwork;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes what the filter reads from a request before any key is checked: the presented key (key header, every
 * {@code Authorization} scheme, query parameter) and the client address behind trusted proxies
 * ({@code X-Forwarded-For} and RFC 7239 {@code Forwarded}). Requests are {@link ScriptedRequest}s, so header
 * values may hold control characters no container passes on.
 *
 * <p>Seeds: {@code src/test/resources/dev/apikey/http/RequestParsingFuzzTestInputs/<method>/}.
 */
final class RequestParsingFuzzTest {

    private static final List<IpNetwork> TRUSTED =
            List.of(IpNetwork.parse("10.0.0.0/8"), IpNetwork.parse("2001:db8::/32"));
    private static final KeyExtractor EXTRACTOR =
            new KeyExtractor("X-API-Key", EnumSet.allOf(AuthorizationScheme.class), "api_key");

    /**
     * The key found is one the request sent (stripped, from an accepted place); two different ones are ambiguous;
     * none is none. Checked against a plain restatement of the rules. Every place that carried a key is reported,
     * ambiguous or not (the filter hides each of them from the application), and no other.
     */
    @FuzzTest(maxDuration = "10m")
    void keyExtractionFindsOnlyWhatWasSent(byte[] input) {
        ScriptedRequest request = ScriptedRequest.parse(new String(input, StandardCharsets.UTF_8));

        PresentedKey presented = EXTRACTOR.extract(request);

        Set<String> sent = new LinkedHashSet<>();
        Set<String> inHeader = new LinkedHashSet<>();
        Set<String> inAuthorization = new LinkedHashSet<>();
        Set<String> inQuery = new LinkedHashSet<>();
        request.headers("X-API-Key").forEach(value -> addNonEmpty(inHeader, value));
        for (String authorization : request.headers("Authorization")) {
            String[] parts = authorization.strip().split(" ", 2);
            if (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("ApiKey")) {
                addNonEmpty(inAuthorization, parts.length < 2 ? "" : parts[1]);
            }
        }
        if (request.query != null) {
            for (String pair : request.query.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                if (decode(nameAndValue[0]).equals("api_key")) {
                    addNonEmpty(inQuery, nameAndValue.length < 2 ? "" : decode(nameAndValue[1]));
                }
            }
        }
        sent.addAll(inHeader);
        sent.addAll(inAuthorization);
        sent.addAll(inQuery);
        assertThat(presented.ambiguous()).as("ambiguous for %s", sent).isEqualTo(sent.size() > 1);
        assertThat(presented.key()).isEqualTo(sent.size() == 1 ? sent.iterator().next() : null);
        assertThat(presented.fromHeader()).as("header").isEqualTo(!inHeader.isEmpty());
        assertThat(presented.fromAuthorization()).as("authorization").isEqualTo(!inAuthorization.isEmpty());
        assertThat(presented.fromQuery()).as("query").isEqualTo(!inQuery.isEmpty());
        for (String value : sent) {
            if (value.length() > 30) {
                assertThat(presented.toString()).doesNotContain(value);
            }
        }
        if (presented.key() != null) {
            assertThat(presented.fromHeader() || presented.fromAuthorization() || presented.fromQuery())
                    .isTrue();
        }
    }

    /**
     * The client address and the HTTPS flag follow the documented rule, restated here: the peer unless the peer is
     * a trusted proxy; behind trusted proxies the hops of the one configured header are read from the right, the
     * first untrusted hop is the client, an unparsable hop (or a 65th one) makes it unknown, all trusted gives the
     * leftmost; HTTPS is the request's own or, from a trusted peer, the last proto the proxies set; a
     * {@code Forwarded} header off the RFC 7239 grammar gives no address and no HTTPS. Hops are parsed with
     * {@code ClientAddressResolver.parseHop} and {@code Forwarded} is split with {@code ForwardedHeader}, both
     * covered by their own tests (and the grammar by {@link #clientAddressFromWrittenHops}'s independent check);
     * the fuzzer checks the rule on top of them.
     */
    @FuzzTest(maxDuration = "10m")
    void clientAddressIsAHopOrThePeer(byte[] input) {
        ScriptedRequest request = ScriptedRequest.parse(new String(input, StandardCharsets.UTF_8));
        Optional<InetAddress> peer = ClientAddressResolver.parseHop(request.remoteAddress);
        boolean peerTrusted = peer.isPresent() && trusted(peer.get());

        for (ForwardedHeaders mode : ForwardedHeaders.values()) {
            ClientAddressResolver resolver = new ClientAddressResolver(TRUSTED, mode);

            Optional<InetAddress> expected = peerTrusted ? clientBehindProxies(hopsOf(request, mode)) : peer;
            assertThat(resolver.resolve(request)).as("%s client", mode).isEqualTo(expected);

            boolean expectedSecure =
                    request.secure || (peerTrusted && "https".equalsIgnoreCase(lastProto(request, mode)));
            assertThat(resolver.isSecure(request)).as("%s secure", mode).isEqualTo(expectedSecure);
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
     *
     * <p>When the first proxy saw an untrusted client, that client may also have sent the header itself: the
     * fuzzer then writes arbitrary bytes of the client's before what the first proxy appended to the same line
     * ({@code <client's bytes>, <first proxy's element>}). The client's bytes must never choose the address: in
     * {@code Forwarded} mode the result is the one the chosen hops designate if the whole header is well formed
     * per RFC 7239 (decided by {@link #wellFormedForwarded}, a regular-expression restatement of the grammar that
     * shares nothing with the parser under test), and unknown otherwise; {@code X-Forwarded-For} has no quoting,
     * so the chosen hops decide whatever the client wrote. The HTTPS flag is the last proxy's {@code proto} in
     * {@code Forwarded} mode (when the header is well formed), never one the client wrote.
     */
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({
        "\"",
        "\\",
        "=",
        ";",
        ",",
        " ",
        "\t",
        "for=",
        "For=",
        "proto=https",
        "x=\"",
        "for=\"",
        "198.51.100.7",
        "\"[2001:db9::7]:80\"",
        "for=10.0.0.1"
    })
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
        String lastProto = null;
        int hopsInInstance = 0; // not instance.isEmpty(): an empty hop written first must still be followed by a comma
        for (int i = 0; i < hops.size(); i++) {
            if (hopsInInstance++ > 0) {
                instance.append(',').append(" ".repeat(data.consumeInt(0, 2)));
            }
            if (mode == ForwardedHeaders.FORWARDED) {
                Element element = element(data, hops.get(i).written());
                instance.append(element.text());
                lastProto = element.proto();
            } else {
                instance.append(hops.get(i).written());
            }
            if (i == hops.size() - 1 || data.consumeInt(0, 7) == 0) { // sometimes a proxy adds another header instance
                script.append('\n').append(header).append(": ").append(instance);
                instance.setLength(0);
                hopsInInstance = 0;
            }
        }
        boolean clientWrote = !hops.isEmpty()
                && !(hops.get(0).address() != null && trusted(hops.get(0).address()))
                && data.consumeBoolean();
        if (clientWrote) {
            int firstValue = script.indexOf("\n" + header + ": ") + header.length() + 3;
            script.insert(firstValue, clientBytes(data) + "," + " ".repeat(data.consumeInt(0, 2)));
        }

        ScriptedRequest request = ScriptedRequest.parse(script.toString());
        ClientAddressResolver resolver = new ClientAddressResolver(TRUSTED, mode);
        Optional<InetAddress> client = resolver.resolve(request);
        boolean secure = resolver.isSecure(request);

        boolean wellFormed = mode != ForwardedHeaders.FORWARDED || wellFormedForwarded(request.headers("Forwarded"));
        Optional<InetAddress> expected;
        if (!peerTrusted) {
            expected = Optional.of(peer);
        } else if (!wellFormed) {
            expected = Optional.empty(); // nothing of a header off the grammar is believed
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
        assertThat(secure)
                .as("secure: %s", script)
                .isEqualTo(
                        peerTrusted && mode == ForwardedHeaders.FORWARDED && wellFormed && "https".equals(lastProto));
    }

    /** What a client may put on a header line: any bytes (as ISO-8859-1, as containers read them) but line breaks. */
    private static String clientBytes(FuzzedDataProvider data) {
        byte[] bytes = data.consumeBytes(data.consumeInt(0, 96));
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (c != '\r' && c != '\n') {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static final String TCHAR = "[!#$%&'*+.^_`|~0-9A-Za-z-]";
    private static final String QDTEXT = "[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x{80}-\\x{10FFFF}]";
    private static final String QUOTED_PAIR = "\\\\[\\t \\x21-\\x7E\\x{80}-\\x{10FFFF}]";
    private static final String QUOTED_STRING = "\"" + QDTEXT + "*+(?:" + QUOTED_PAIR + QDTEXT + "*+)*+\"";
    /** One lexeme of a {@code Forwarded} line: whitespace, ",", ";", or a pair {@code token=(token|quoted-string)}. */
    private static final Pattern LEXEME =
            Pattern.compile("([ \\t]++)|(,)|(;)|(" + TCHAR + "++)=(?:" + TCHAR + "++|" + QUOTED_STRING + ")");

    /**
     * RFC 7239 restated without the parser under test: {@code Forwarded = 1#forwarded-element},
     * {@code forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )}, {@code forwarded-pair = token "="
     * value}, {@code value = token / quoted-string} (RFC 7230 tokens; quoted strings of qdtext and quoted-pairs,
     * non-ASCII as obs-text), whitespace allowed around "," and ";". A line must split into the lexemes above
     * (regular expressions of the grammar's terminals), no two pairs may follow each other without a ";" or ","
     * between them, and no parameter may come twice in one element. (One regular expression for a whole line
     * overflows the stack on long lines: Java's regex engine recurses once per repetition of a group.)
     */
    static boolean wellFormedForwarded(List<String> lines) {
        for (String line : lines) {
            Matcher lexeme = LEXEME.matcher(line);
            Set<String> names = new java.util.HashSet<>();
            boolean afterPair = false;
            for (int at = 0; at < line.length(); at = lexeme.end()) {
                lexeme.region(at, line.length());
                if (!lexeme.lookingAt()) {
                    return false;
                }
                if (lexeme.group(2) != null) {
                    names.clear();
                    afterPair = false;
                } else if (lexeme.group(3) != null) {
                    afterPair = false;
                } else if (lexeme.group(4) != null) {
                    if (afterPair || !names.add(lexeme.group(4).toLowerCase(Locale.ROOT))) {
                        return false;
                    }
                    afterPair = true;
                }
            }
        }
        return true;
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
            return new Hop(null, data.pickValue(new String[] {
                "unknown", "_hidden", "_SEVKISEK", "not-an-address", "300.1.2.3", "[2001:db8::1", "1.2.3.4:123456", ""
            }));
        }
        InetAddress address = address(data, kind >= 4);
        String text = address.getHostAddress();
        if (data.consumeBoolean()) {
            text = text.toUpperCase(Locale.ROOT);
        }
        boolean v6 = text.contains(":");
        boolean port = data.consumeBoolean();
        String portText = ":" + data.consumeInt(0, 65535);
        String written = v6
                ? (port || mode == ForwardedHeaders.FORWARDED ? "[" + text + "]" + (port ? portText : "") : text)
                : text + (port ? portText : "");
        return new Hop(address, written);
    }

    /** A {@code Forwarded} element as a proxy writes it, and the {@code proto} it holds ({@code null}: none). */
    private record Element(String text, String proto) {}

    /** A {@code Forwarded} element holding {@code for=hop}, quoted when RFC 7239 needs it, among other parameters. */
    private static Element element(FuzzedDataProvider data, String hop) {
        boolean quote = hop.isEmpty() || hop.contains(":") || hop.contains("[") || data.consumeBoolean();
        List<String> pairs = new ArrayList<>();
        pairs.add((data.consumeBoolean() ? "for" : "For") + "=" + (quote ? "\"" + hop + "\"" : hop));
        String proto = null;
        if (data.consumeBoolean()) {
            proto = data.consumeBoolean() ? "https" : "http";
            pairs.add(data.consumeInt(0, 1), "proto=" + proto);
        }
        if (data.consumeBoolean()) {
            pairs.add(data.consumeInt(0, pairs.size()), "by=\"[2001:db8::99]:443\"");
        }
        return new Element(String.join(data.consumeBoolean() ? ";" : "; ", pairs), proto);
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

    /**
     * Every hop of the configured header, left to right; an element without {@code for=} is an empty hop. A
     * {@code Forwarded} header off the grammar is one unusable hop: nothing of it is believed.
     */
    private static List<String> hopsOf(ScriptedRequest request, ForwardedHeaders mode) {
        List<String> hops = new ArrayList<>();
        if (mode == ForwardedHeaders.FORWARDED) {
            Optional<List<Map<String, String>>> elements = ForwardedHeader.parse(request.headers("Forwarded"));
            if (elements.isEmpty()) {
                return List.of("");
            }
            for (Map<String, String> element : elements.get()) {
                hops.add(element.getOrDefault("for", ""));
            }
        } else {
            request.headers("X-Forwarded-For").forEach(value -> hops.addAll(List.of(value.split(",", -1))));
        }
        return hops;
    }

    private static String lastProto(ScriptedRequest request, ForwardedHeaders mode) {
        if (mode == ForwardedHeaders.FORWARDED) {
            List<Map<String, String>> elements =
                    ForwardedHeader.parse(request.headers("Forwarded")).orElse(List.of());
            return elements.isEmpty() ? null : elements.get(elements.size() - 1).get("proto");
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
