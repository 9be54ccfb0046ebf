package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ClientAddressParsingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1|192.0.2.1",
        "192.0.2.1:8080|192.0.2.1",
        "[2001:db8::1]|2001:db8:0:0:0:0:0:1",
        "[2001:db8::1]:4711|2001:db8:0:0:0:0:0:1",
        "2001:db8::1|2001:db8:0:0:0:0:0:1",
        "' 10.0.0.1 '|10.0.0.1",
        "::FFFF:10.0.0.1|10.0.0.1",
    })
    void parsesHopsWithPortsAndBrackets(String hop, String address) {
        assertThat(ClientAddressResolver.parseHop(hop).orElseThrow().getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "_hidden", "[2001:db8::1", "[2001:db8::1]x", "192.0.2.1:port", "host.example",
        "192.0.2.1:99999999", "1.2.3.4.5", "[]"})
    void unparsableHopsAreUnknown(String hop) {
        assertThat(ClientAddressResolver.parseHop(hop)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "for=192.0.2.60;proto=http;by=203.0.113.43|192.0.2.60|http",
        "For=\"[2001:db8:cafe::17]:4711\"|[2001:db8:cafe::17]:4711|",
        "proto=https;for=\"10.0.0.1\"|10.0.0.1|https",
        "for=\"a,b;c\";proto=https|a,b;c|https",
        "for=\"x\\\"y\"|x\"y|",
    })
    void readsForwardedParameters(String element, String forValue, String proto) {
        List<String> elements = ForwardedHeader.elements(List.of(element));

        assertThat(elements).hasSize(1);
        assertThat(ForwardedHeader.parameter(elements.get(0), "for")).isEqualTo(forValue);
        assertThat(ForwardedHeader.parameter(elements.get(0), "proto")).isEqualTo(proto);
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=1.1.1.1, for=2.2.2.2", "for=1.1.1.1,for=2.2.2.2"})
    void splitsElementsOnUnquotedCommas(String header) {
        assertThat(ForwardedHeader.elements(List.of(header))).hasSize(2);
        assertThat(ForwardedHeader.elements(List.of(header, "for=3.3.3.3"))).hasSize(3);
    }
}
