package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.apikey.testing.PlaintextKeys;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes the parsers of operator-written text: CIDR networks and addresses, durations, rate limits, quotas and
 * static key entries. Invariants: only {@link IllegalArgumentException} escapes, its message is short enough to
 * read and never carries a key found in the input; what parses round-trips through its canonical text.
 *
 * <p>Seeds: {@code src/test/resources/dev/apikey/ParsersFuzzTestInputs/<method>/}.
 */
final class ParsersFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void cidrParsingRoundTrips(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        IpNetwork network;
        try {
            network = IpNetwork.parse(text);
        } catch (IllegalArgumentException rejected) {
            assertReadable(rejected, text);
            return;
        }
        IpNetwork reparsed = IpNetwork.parse(network.toString());
        assertThat(reparsed).isEqualTo(network);
        assertThat(reparsed.hashCode()).isEqualTo(network.hashCode());
        assertThat(network.contains(network.address())).isTrue();
        assertThat(network.prefixLength()).isBetween(0, network.isIpv6() ? 128 : 32);
        InetAddress address = null;
        try {
            address = IpNetwork.parseAddress(text.strip());
        } catch (IllegalArgumentException notABareAddress) {
            assertReadable(notABareAddress, text);
        }
        if (address != null) {
            assertThat(network.contains(address)).isTrue();
            assertThat(IpNetwork.parseAddress(address.getHostAddress())).isEqualTo(address);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void durationsAndLimitsRoundTrip(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Duration duration = HumanDuration.parse(text);
            assertThat(duration.isNegative()).isFalse();
            assertThat(HumanDuration.parse(HumanDuration.format(duration))).isEqualTo(duration);
        } catch (IllegalArgumentException rejected) {
            assertReadable(rejected, text);
        }
        try {
            RateLimit limit = RateLimit.parse(text);
            assertThat(limit.capacity()).isPositive();
            assertThat(RateLimit.parse(limit.toString())).isEqualTo(limit);
        } catch (IllegalArgumentException rejected) {
            assertReadable(rejected, text);
        }
        try {
            Quota quota = Quota.parse(text);
            assertThat(quota.limit()).isPositive();
            assertThat(Quota.parse(quota.toString())).isEqualTo(quota);
        } catch (IllegalArgumentException rejected) {
            assertReadable(rejected, text);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void staticKeyEntriesLoadOrSayWhy(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        KeyStore store;
        try {
            store = KeyStore.fromEntries(text, "APIKEY_KEYS", KeyHasher.sha256());
        } catch (IllegalArgumentException rejected) {
            assertReadable(rejected, text);
            return;
        }
        List<String> keysInInput = PlaintextKeys.in(text);
        assertThat(store.list()).isNotEmpty().allSatisfy(key -> {
            assertThat(key.id()).startsWith(StaticKeyEntries.ID_PREFIX);
            assertThat(store.findByHash(key.hash())).contains(key);
            keysInInput.forEach(secret -> assertThat(key.toString()).doesNotContain(secret));
        });
    }

    /** The message says what is wrong without a stack trace's worth of text and without any key from the input. */
    private static void assertReadable(IllegalArgumentException rejected, String input) {
        String message = rejected.getMessage();
        assertThat(message).isNotBlank();
        assertThat(message.length()).as("message length").isLessThanOrEqualTo(600);
        for (String key : PlaintextKeys.in(input)) {
            assertThat(message).doesNotContain(key).doesNotContain(key.substring(Math.max(0, key.length() - 32)));
        }
        assertThat(message).doesNotContain("\n").doesNotContain("\r");
    }
}
