package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.KeyGenerator;
import dev.apikey.SafeText;
import org.junit.jupiter.api.Test;

/** What the SQL store may print of caller input in its messages (ids through core's {@code SafeText}). */
final class JdbcUrlsTest {

    @Test
    void passwordsAreRemovedFromUrls() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/app?user=app&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://app:hunter2@db/app")).doesNotContain("hunter2");
    }

    @Test
    void idsThatLookLikeSecretsAreShownByLengthOnly() {
        String key = KeyGenerator.secure().generate();

        assertThat(SafeText.of("key_3xYzAbCdEfGhIjKlMnOp")).isEqualTo("key_3xYzAbCdEfGhIjKlMnOp");
        assertThat(SafeText.of(key)).isEqualTo("(52 characters)");
        assertThat(SafeText.of("x".repeat(80))).isEqualTo("(80 characters)");
        assertThat(SafeText.of("key\n1")).isEqualTo("key\\n1");
    }
}
