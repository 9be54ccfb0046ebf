package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code APIKEY_LIMITS} and {@code APIKEY_REDIS_BATCH}: what is accepted, and errors that never echo a password. */
final class LimitsChoiceTest {

    @Test
    void anUnknownLimiterSaysWhatToWriteShowingTheSchemeOnly() {
        assertThatThrownBy(() -> LimitsChoice.open("redis:/:hunter2@cache:6379", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("APIKEY_LIMITS=redis:")
                .hasMessageContaining("write-behind")
                .hasMessageContaining("redis://HOST:PORT")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> LimitsChoice.open("fast", null)).hasMessageContaining("is not a limiter");
    }

    @Test
    void theRedisBatchIsANumberFromOneTo10000() {
        assertThat(LimitsChoice.redisBatch(null)).isEqualTo(1_000);
        assertThat(LimitsChoice.redisBatch(" 1 ")).isEqualTo(1);
        assertThatThrownBy(() -> LimitsChoice.redisBatch("0")).hasMessageContaining("from 1");
        assertThatThrownBy(() -> LimitsChoice.redisBatch("lots")).hasMessageContaining("APIKEY_REDIS_BATCH=");
    }
}
