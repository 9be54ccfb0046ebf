package dev.apikey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.KeyStoreException;
import dev.apikey.Verification;
import dev.apikey.VerificationListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk under the SQLite file turns read-only (a real tmpfs remounted {@code ro}, since file modes do not stop
 * root) and later writable again: writes fail with an error that says what to do, verification never lets a key
 * through that it cannot vouch for, usage counted meanwhile is kept and written after recovery, and nothing
 * stored before is lost, all without reopening the store. Needs root and {@code mount} (skipped elsewhere, but
 * required when {@code CI=true}).
 */
final class SqliteReadOnlyDiskTest {

    @TempDir
    Path directory;

    @Test
    void aReadOnlyDiskRefusesWritesClearlyKeepsUsageAndRecoversWithoutARestart() throws Exception {
        Path disk = Files.createDirectories(directory.resolve("disk"));
        mountOrSkip(disk);
        try {
            JdbcKeyStore store = JdbcKeyStore.sqlite(disk.resolve("keys.db"))
                    .cacheTtl(Duration.ZERO)
                    .build();
            store.createSchema();
            try (store;
                    ApiKeys apiKeys = ApiKeys.builder()
                            .store(store)
                            .listener(VerificationListener.none())
                            .usageFlushInterval(Duration.ofHours(1))
                            .build()) {
                IssuedKey before = apiKeys.issue(KeySpec.builder("before").build());
                IssuedKey revokedBefore =
                        apiKeys.issue(KeySpec.builder("revoked-before").build());
                apiKeys.revoke(revokedBefore.id());
                for (int i = 0; i < 3; i++) {
                    assertThat(apiKeys.validator().verify(before.secret()).isValid())
                            .isTrue();
                }
                apiKeys.flushUsage();
                apiKeys.validator().verify(before.secret());
                apiKeys.validator().verify(before.secret());

                // A mount cannot turn read-only while a file on it is open for writing: the pool lets go of the file.
                store.evictIdleConnections();
                run("mount", "-o", "remount,ro", disk.toString());

                assertThatThrownBy(() -> apiKeys.issue(KeySpec.builder("during").build()))
                        .isInstanceOf(KeyStoreException.class)
                        .hasMessageContaining("read-only")
                        .hasMessageContaining("writable");
                assertThatThrownBy(() -> apiKeys.revoke(before.id())).isInstanceOf(KeyStoreException.class);
                int acceptedWhileReadOnly = 0;
                for (int i = 0; i < 5; i++) {
                    Verification verification = apiKeys.validator().verify(before.secret());
                    if (verification.isValid()) {
                        acceptedWhileReadOnly++;
                    } else {
                        assertThat(((Verification.Rejected) verification).reason())
                                .isEqualTo(Verification.Reason.STORE_UNAVAILABLE);
                    }
                    assertThat(apiKeys.validator()
                                    .verify(revokedBefore.secret())
                                    .isValid())
                            .isFalse();
                }
                assertThatThrownBy(apiKeys::flushUsage)
                        .as("two uses are waiting to be written")
                        .isInstanceOf(KeyStoreException.class)
                        .hasMessageContaining("read-only");

                run("mount", "-o", "remount,rw", disk.toString());

                IssuedKey after = apiKeys.issue(KeySpec.builder("after").build());
                assertThat(apiKeys.validator().verify(after.secret()).isValid()).isTrue();
                assertThat(apiKeys.validator().verify(before.secret()).isValid())
                        .as("the failed revocation did not apply")
                        .isTrue();
                apiKeys.flushUsage();
                assertThat(apiKeys.find(before.id()).orElseThrow().useCount())
                        .as("usage counted while read-only is kept")
                        .isEqualTo(3 + 2 + acceptedWhileReadOnly + 1);
                apiKeys.revoke(before.id());
                assertThat(apiKeys.validator().verify(before.secret()).isValid())
                        .isFalse();
                assertThat(apiKeys.list())
                        .extracting(key -> key.name())
                        .containsExactly("before", "revoked-before", "after");
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static void mountOrSkip(Path disk) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = mount.waitFor() == 0;
        if (!mounted && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but a tmpfs cannot be mounted (run the tests as root): " + output);
        }
        Assumptions.assumeTrue(mounted, "needs root and mount to make a disk read-only: " + output.strip());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
