package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.IpNetwork;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ClientAddressParsingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "192.0.2.1|192.0.2.1",
                "192.0.2.1:8080|192.0.2.1",
                "[2001:db8::1]|2001:db8:0:0:0:0:0:1",
                "[2001:db8::1]:4711|2001:db8:0:0:0:0:0:1",
                "2001:db8::1|2001:db8:0:0:0:0:0:1",
                "' 10.0.0.1 '|10.0.0.1",
                "::FFFF:10.0.0.1|10.0.0.1",
            })
    void parsesHopsWithPortsAndBrackets(String hop, String address) {
        assertThat(ClientAddressResolver.parseHop(hop).orElseThrow().getHostAddress())
                .isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "unknown",
                "_hidden",
                "[2001:db8::1",
                "[2001:db8::1]x",
                "192.0.2.1:port",
                "host.example",
                "192.0.2.1:99999999",
                "1.2.3.4.5",
                "[]"
            })
    void unparsableHopsAreUnknown(String hop) {
        assertThat(ClientAddressResolver.parseHop(hop)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "for=192.0.2.60;proto=http;by=203.0.113.43|192.0.2.60|http",
                "For=\"[2001:db8:cafe::17]:4711\"|[2001:db8:cafe::17]:4711|",
                "proto=https;for=\"10.0.0.1\"|10.0.0.1|https",
                "for=\"a,b;c\";proto=https|a,b;c|https",
                "for=\"x\\\"y\"|x\"y|",
                "for=\"\\a\\\\\"|a\\|",
                "for=192.0.2.60 ; proto=http|192.0.2.60|http",
                "';for=192.0.2.60;;proto=http;'|192.0.2.60|http",
                "for=\"\t \u00e9\"|'\t \u00e9'|",
                "x=y||",
            })
    void readsForwardedParameters(String element, String forValue, String proto) {
        List<Map<String, String>> elements =
                ForwardedHeader.parse(List.of(element)).orElseThrow();

        assertThat(elements).hasSize(1);
        assertThat(RequestParsingFuzzTest.wellFormedForwarded(List.of(element)))
                .as("the fuzz oracle agrees")
                .isTrue();
        assertThat(elements.get(0).get("for")).isEqualTo(forValue);
        assertThat(elements.get(0).get("proto")).isEqualTo(proto);
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=1.1.1.1, for=2.2.2.2", "for=1.1.1.1,for=2.2.2.2", "for=1.1.1.1 ,\tfor=2.2.2.2"})
    void splitsElementsOnUnquotedCommas(String header) {
        assertThat(ForwardedHeader.parse(List.of(header)).orElseThrow()).hasSize(2);
        assertThat(ForwardedHeader.parse(List.of(header, "for=3.3.3.3")).orElseThrow())
                .hasSize(3);
    }

    @Test
    void emptyElementsAreElementsWithoutParameters() {
        assertThat(ForwardedHeader.parse(List.of(", for=1.1.1.1,,for=2.2.2.2,")).orElseThrow())
                .extracting(element -> element.get("for"))
                .containsExactly(null, "1.1.1.1", null, "2.2.2.2", null);
        assertThat(ForwardedHeader.parse(List.of("")).orElseThrow()).containsExactly(Map.of());
        assertThat(ForwardedHeader.parse(List.of())).contains(List.of());
    }

    /** Anything off the RFC 7239 grammar makes the whole header unusable: nothing of it is believed. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "for=198.51.100.7;x=\"", // a quote opened and never closed
                "for=198.51.100.7;x=\", for=203.0.113.5;proto=http", // ... which swallows what a proxy appends
                "for=\"198.51.100.7",
                "for=\"a\\", // an escape at the end
                "for=\"a\\\u0001\"", // an escaped control character
                "for=\"a\u0001\"", // a control character in a quoted string
                "for=1.1.1.1\u0000",
                "for=1.1.1.1 x", // stray characters after a value
                "for=\"1.1.1.1\"x",
                "for=\"1.1.1.1\"\"x\"",
                "for=1.1.1.1\"x\"",
                "for", // a pair without "="
                "for;proto=http",
                "for=", // an empty unquoted value
                "=1.1.1.1",
                "for = 1.1.1.1", // whitespace around "="
                "for =1.1.1.1",
                "for= 1.1.1.1",
                "\"for\"=1.1.1.1",
                "fo r=1.1.1.1",
                "for=[2001:db8::1]", // ':' and '[' are no token characters: quote them
                "for=1.1.1.1:80",
                "for=1.1.1.1;for=2.2.2.2", // a parameter twice in one element
                "for=1.1.1.1;For=2.2.2.2",
                "proto=http;proto=https",
                "for=\u00e91.1.1.1", // non-ASCII outside a quoted string
                "for=1.1.1.1;proto=https\u2028",
                "for=1.1.1.1\r\n",
                "for=a(b)",
                "for=a/b",
                "for=a@b",
                "for=1.1.1.1\\",
            })
    void anythingOffTheGrammarIsMalformed(String header) {
        assertThat(ForwardedHeader.parse(List.of(header))).as(header).isEmpty();
        assertThat(RequestParsingFuzzTest.wellFormedForwarded(List.of(header)))
                .as("the fuzz oracle agrees")
                .isFalse();
        assertThat(ForwardedHeader.parse(List.of("for=10.0.0.1", header)))
                .as("one bad line spoils them all")
                .isEmpty();
        assertThat(ForwardedHeader.parse(List.of(header, "for=10.0.0.1"))).isEmpty();
    }

    private static final List<IpNetwork> TRUSTED = List.of(IpNetwork.parse("10.0.0.0/8"));

    private static Optional<InetAddress> client(ForwardedHeaders mode, String... headerLines) {
        return new ClientAddressResolver(TRUSTED, mode).resolve(request(headerLines));
    }

    private static boolean secure(ForwardedHeaders mode, String... headerLines) {
        return new ClientAddressResolver(TRUSTED, mode).isSecure(request(headerLines));
    }

    private static ScriptedRequest request(String... headerLines) {
        return ScriptedRequest.parse("@10.0.0.1\n" + String.join("\n", headerLines));
    }

    /**
     * Issue 12, item 1: the client sends {@code Forwarded: for=198.51.100.7;x="}, the proxy appends
     * {@code , for=<the client it saw>;proto=http} to the same line. The unclosed quote must not make the proxy's
     * element part of the client's: the line breaks the grammar, so the address is unknown and the request not
     * secure.
     */
    @Test
    void aQuoteTheClientLeavesOpenCannotSwallowWhatTheProxyAppends() throws Exception {
        assertThat(client(ForwardedHeaders.FORWARDED, "Forwarded: for=198.51.100.7;x=\", for=203.0.113.5;proto=http"))
                .isEmpty();
        assertThat(client(ForwardedHeaders.FORWARDED, "Forwarded: for=198.51.100.7;x=\"", "Forwarded: for=203.0.113.5"))
                .isEmpty();
        assertThat(client(ForwardedHeaders.FORWARDED, "Forwarded: for=10.9.9.9;x=\"\\\", for=203.0.113.5"))
                .isEmpty();
        assertThat(secure(
                        ForwardedHeaders.FORWARDED,
                        "Forwarded: for=198.51.100.7;proto=https;x=\", for=203.0.113.5;proto=http"))
                .isFalse();
        assertThat(secure(ForwardedHeaders.FORWARDED, "Forwarded: proto=https;x=\", for=203.0.113.5"))
                .isFalse();

        assertThat(client(ForwardedHeaders.FORWARDED, "Forwarded: for=198.51.100.7;x=\"\", for=203.0.113.5;proto=http"))
                .as("the same client element, well formed: the proxy's element wins")
                .contains(InetAddress.getByName("203.0.113.5"));
        assertThat(client(ForwardedHeaders.FORWARDED, "Forwarded: for=198.51.100.7;x=\"\", for=10.2.3.4;proto=https"))
                .as("behind a trusted hop, the element to its left")
                .contains(InetAddress.getByName("198.51.100.7"));
        assertThat(secure(
                        ForwardedHeaders.FORWARDED,
                        "Forwarded: for=1.1.1.1;proto=https;x=\"\", for=203.0.113.5;proto=https"))
                .isTrue();
        assertThat(client(
                        ForwardedHeaders.X_FORWARDED_FOR,
                        "X-Forwarded-For: 198.51.100.7;x=\", 203.0.113.5",
                        "Forwarded: for=1.1.1.1;x=\""))
                .as("X-Forwarded-For has no quoting: the proxy's hop is read")
                .contains(InetAddress.getByName("203.0.113.5"));
    }
}
