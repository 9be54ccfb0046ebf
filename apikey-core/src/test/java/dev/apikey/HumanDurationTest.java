package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class HumanDurationTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "90d, P90D",
        "24h, PT24H",
        "1h30m, PT1H30M",
        "15m, PT15M",
        "30s, PT30S",
        "500ms, PT0.5S",
        "2w, P14D",
        "0s, PT0S",
        "1d12h, P1DT12H",
        "PT1H, PT1H",
        "pt90m, PT90M",
        "' 5m ', PT5M",
    })
    void parsesHumanAndIsoForms(String text, String iso) {
        assertThat(HumanDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "90", "d", "1.5h", "-1h", "1y", "1 h", "1H", "PT-1H", "P", "1h-", "9999999999d"})
    void refusesOtherFormsNamingTheAcceptedOnes(String text) {
        assertThatThrownBy(() -> HumanDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("90d");
    }

    @Test
    void formatReadsBackAsTheSameDuration() {
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            Duration duration = Duration.ofMillis(Math.abs(random.nextLong() % 10_000_000_000L));
            assertThat(HumanDuration.parse(HumanDuration.format(duration))).isEqualTo(duration);
        }
        assertThat(HumanDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(HumanDuration.format(Duration.ZERO)).isEqualTo("0s");
    }
}
