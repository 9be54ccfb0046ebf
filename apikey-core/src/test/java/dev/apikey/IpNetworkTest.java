package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class IpNetworkTest {

    private static InetAddress ip(String literal) {
        return IpNetwork.parseAddress(literal);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "0.0.0.0/0, 203.0.113.7, true",
        "0.0.0.0/0, 255.255.255.255, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "203.0.113.7/32, 203.0.113.7, true",
        "203.0.113.7/32, 203.0.113.8, false",
        "203.0.113.7, 203.0.113.7, true",
        "192.168.1.128/25, 192.168.1.200, true",
        "192.168.1.128/25, 192.168.1.127, false",
        "::/0, 2001:db8::1, true",
        "::/0, 203.0.113.7, true",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:db8::1/128, 2001:db8::1, true",
        "2001:db8::1/128, 2001:db8::2, false",
        "::1, ::1, true",
        "::ffff:10.0.0.0/104, 10.1.2.3, true",
        "::ffff:10.0.0.0/104, ::ffff:10.1.2.3, true",
        "::ffff:10.0.0.0/104, 11.1.2.3, false",
        "10.0.0.0/8, ::ffff:10.9.9.9, true",
        "10.0.0.0/8, ::a09:909, false",
    })
    void containsFollowsThePrefix(String cidr, String address, boolean expected) {
        assertThat(IpNetwork.parse(cidr).contains(ip(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "203.0.113.7, 203.0.113.7/32",
        "2001:DB8:0:0:0:0:0:0/32, 2001:db8::/32",
        "2001:db8::1, 2001:db8::1/128",
        "::, ::/128",
        "::/0, ::/0",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
        "::ffff:0:0/96, 0.0.0.0/0",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1/128",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3/128",
        "fe80::/10, fe80::/10",
        "' 10.1.0.0/16 ', 10.1.0.0/16",
    })
    void printsCanonicalCidr(String input, String canonical) {
        IpNetwork network = IpNetwork.parse(input);

        assertThat(network).hasToString(canonical);
        assertThat(IpNetwork.parse(canonical)).isEqualTo(network).hasSameHashCodeAs(network);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "10.0.0.0/",
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/-1",
                "10.0.0.0/08",
                "10.0.0/8",
                "10.0.0.0.0/8",
                "256.0.0.0/8",
                "010.0.0.0/8",
                "10.0.0.0/8/8",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "12345::",
                ":1::",
                "1:::",
                "localhost",
                "example.com",
                "fe80::1%eth0",
                "[::1]",
                "10.0.0.0 /8",
                "2001:db8::/３２",
                "١٠.0.0.0/8",
                "::ffff:1.2.3/120",
                "1:2:3:4:5:6:7::8",
                "g::1"
            })
    void refusesMalformedNetworksWithAClearMessage(String cidr) {
        assertThatThrownBy(() -> IpNetwork.parse(cidr))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .containsAnyOf("CIDR", "prefix length", "not a network", "required");
    }

    @Test
    void refusesHostBitsAndSuggestsTheNetwork() {
        assertThatThrownBy(() -> IpNetwork.parse("10.1.2.3/8")).hasMessageContaining("did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> IpNetwork.parse("2001:db8::1/32")).hasMessageContaining("did you mean 2001:db8::/32?");
    }

    @Test
    void parsesAddressesWithoutDns() {
        assertThat(ip("203.0.113.7").getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(ip("[::1]").isLoopbackAddress()).isTrue();
        assertThat(ip("fe80::1%eth0").getHostAddress()).startsWith("fe80:");
        assertThat(ip("::ffff:192.0.2.1")).isEqualTo(ip("192.0.2.1"));
        assertThat(ip("1:2:3:4:5:6:1.2.3.4").getHostAddress()).isEqualTo("1:2:3:4:5:6:102:304");
        assertThatThrownBy(() -> ip("localhost")).hasMessageContaining("host names are not accepted");
        assertThatThrownBy(() -> ip("")).hasMessageContaining("required");
    }

    @Test
    void echoesLongInputOnlyByLength() {
        String key = KeyGenerator.secure().generate();

        assertThatThrownBy(() -> IpNetwork.parse(key))
                .message()
                .doesNotContain(key)
                .contains("characters");
    }

    @Test
    void parsedAddressesAgreeWithTheJdkOnRandomLiterals() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(bytes);
            InetAddress expected = InetAddress.getByAddress(bytes);

            assertThat(ip(expected.getHostAddress())).isEqualTo(expected);
            int bits = random.nextInt(bytes.length * 8 + 1);
            IpNetwork network = IpNetwork.parse(networkOf(expected, bits));
            assertThat(network.contains(expected))
                    .as("%s in %s", expected, network)
                    .isTrue();
            assertThat(IpNetwork.parse(network.toString())).isEqualTo(network);
        }
    }

    private static String networkOf(InetAddress address, int bits) throws Exception {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] &= (byte) ((0xFF << (8 - keep)) & 0xFF);
        }
        return InetAddress.getByAddress(bytes).getHostAddress() + "/" + bits;
    }

    @Test
    void enclosesNetworksInsideItOfTheSameFamilyOnly() {
        IpNetwork tens = IpNetwork.parse("10.1.0.0/16");
        assertThat(tens.encloses(IpNetwork.parse("10.1.2.0/24"))).isTrue();
        assertThat(tens.encloses(tens)).isTrue();
        assertThat(tens.encloses(IpNetwork.parse("10.1.2.3"))).isTrue();
        assertThat(tens.encloses(IpNetwork.parse("10.0.0.0/8"))).isFalse();
        assertThat(tens.encloses(IpNetwork.parse("10.2.0.0/24"))).isFalse();
        assertThat(IpNetwork.parse("2001:db8::/32").encloses(IpNetwork.parse("2001:db8:1::/48")))
                .isTrue();
        assertThat(IpNetwork.parse("2001:db8::/32").encloses(IpNetwork.parse("2001:db9::/48")))
                .isFalse();
        assertThat(tens.encloses(null)).isFalse();
    }
}
