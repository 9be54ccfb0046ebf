package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the SQL store may print of caller input in its messages. */
final class JdbcUrlsTest {

    @Test
    void passwordsAreRemovedFromUrls() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/app?user=app&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://app:hunter2@db/app")).doesNotContain("hunter2");
    }

    @Test
    void idsThatLookLikeSecretsAreShownByLengthOnly() {
        String key = dev.apikey.KeyGenerator.secure().generate();

        assertThat(JdbcKeyStore.printableId("key_3xYzAbCdEfGhIjKlMnOp")).isEqualTo("key_3xYzAbCdEfGhIjKlMnOp");
        assertThat(JdbcKeyStore.printableId(key)).isEqualTo("(a value of 52 characters)");
        assertThat(JdbcKeyStore.printableId("x".repeat(80))).isEqualTo("(a value of 80 characters)");
        assertThat(JdbcKeyStore.printableId("key\n1")).startsWith("(a value of");
    }
}
