package dev.apikey;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.testing.TraceLogScan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceLogScanTest {

    @TempDir
    Path target;

    @Test
    void findsAKeyOfAnyPrefixAnywhereInALineAndNamesOnlyItsHint() throws Exception {
        String key = KeyGenerator.secure("acme_live").generate();
        Files.writeString(
                target.resolve("apikey-trace.log"),
                "10:00:00.000 DEBUG [main] x - fine\n" + "10:00:00.001 TRACE [main] x - header=xyz" + key + "; done\n");

        assertThatThrownBy(() -> TraceLogScan.assertNoKeyLogged(target))
                .hasMessageContaining("apikey-trace.log:2 xyzacme_live_")
                .satisfies(failure -> org.assertj.core.api.Assertions.assertThat(failure.getMessage())
                        .doesNotContain(key));
    }

    @Test
    void passesHintsAndHashes() throws Exception {
        String key = KeyGenerator.secure().generate();
        Files.writeString(
                target.resolve("apikey-trace-x.log"),
                "10:00:00.000 DEBUG [main] x - hint=" + KeyFormat.standard().hint(key) + " hash="
                        + KeyHasher.sha256().hash(key).toHex() + " id=key_3xYzAbCdEfGhIjKlMnOp\n");

        assertThatCode(() -> TraceLogScan.assertNoKeyLogged(target)).doesNotThrowAnyException();
    }

    @Test
    void findsAKeyWithAWrongOrMissingChecksum() throws Exception {
        String key = KeyGenerator.secure().generate();
        String broken = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        Files.writeString(
                target.resolve("apikey-trace-x.log"),
                "10:00:00.000 DEBUG [main] x - typo=" + broken + "\n" + "10:00:00.000 DEBUG [main] x - cut="
                        + key.substring(0, key.length() - 6) + "\n");

        assertThatThrownBy(() -> TraceLogScan.assertNoKeyLogged(target))
                .hasMessageContaining("apikey-trace-x.log:1 ak_")
                .hasMessageContaining("apikey-trace-x.log:2 ak_")
                .satisfies(failure -> org.assertj.core.api.Assertions.assertThat(failure.getMessage())
                        .doesNotContain(key.substring(0, 20)));
    }

    @Test
    void findsPartsOfAKeyWithOrWithoutItsPrefixButNotStackFramesOrHashes() throws Exception {
        String key = KeyGenerator.secure().generate();
        Files.writeString(
                target.resolve("apikey-trace-x.log"),
                "10:00:00.000 DEBUG [main] x - cut=" + key.substring(0, 3 + 40) + "\n"
                        + "10:00:00.000 DEBUG [main] x - body=" + key.substring(3 + 5, 3 + 5 + 32) + ".\n"
                        + "\tat org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService.invokeAll(SameThreadHierarchicalTestExecutorService.java:41)\n"
                        + "10:00:00.000 DEBUG [main] x - commit=" + "0123456789abcdef".repeat(4) + " ok\n");

        assertThatThrownBy(() -> TraceLogScan.assertNoKeyLogged(target))
                .hasMessageContaining("apikey-trace-x.log:1 ak_")
                .hasMessageContaining("apikey-trace-x.log:2 ")
                .satisfies(failure -> org.assertj.core.api.Assertions.assertThat(failure.getMessage())
                        .doesNotContain("x.log:3")
                        .doesNotContain("x.log:4")
                        .doesNotContain(key.substring(10, 30)));
    }

    @Test
    void refusesToPassWithoutAnyVerboseLine() throws Exception {
        Files.writeString(target.resolve("apikey-trace.log"), "10:00:00.000 INFO [main] x - only info\n");

        assertThatThrownBy(() -> TraceLogScan.assertNoKeyLogged(target)).hasMessageContaining("DEBUG/TRACE");
    }
}
