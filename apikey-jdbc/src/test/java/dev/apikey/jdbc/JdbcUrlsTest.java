package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void anUnsupportedDatabaseIsNamedWithWhatIsSupportedNotNoSuitableDriver() {
        assertThatThrownBy(() -> JdbcKeyStore.url("jdbc:oracle:thin:app/hunter2@//db:1521/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jdbc:oracle:… is not a database apikey-jdbc stores keys in")
                .hasMessageContaining("supported: jdbc:sqlite:FILE")
                .hasMessageContaining("jdbc:mariadb://HOST:PORT/DATABASE")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("db:1521");
        assertThatThrownBy(() -> JdbcKeyStore.url("jdbc:mysql://db:3306/app?user=app&password=hunter2"))
                .as("MySQL is supported, but its driver is not on this class path")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no JDBC driver for jdbc:mysql:… on the class path: add com.mysql:mysql-connector-j to the"
                        + " application's dependencies");
        assertThatThrownBy(() -> JdbcKeyStore.url("jdbc:ha ck:x")).hasMessageStartingWith("jdbc:(unrecognised):…");
        assertThatThrownBy(() -> JdbcKeyStore.url("postgresql://db/app")).hasMessageContaining("starts with jdbc:");
        assertThat(JdbcUrls.supported("jdbc:sqlite:keys.db")).isEqualTo("jdbc:sqlite:keys.db");
        assertThat(JdbcUrls.supported("jdbc:postgresql://127.0.0.1/test"))
                .isEqualTo("jdbc:postgresql://127.0.0.1/test");
        assertThat(JdbcUrls.supported("jdbc:mariadb://127.0.0.1/test")).isEqualTo("jdbc:mariadb://127.0.0.1/test");
    }
}
