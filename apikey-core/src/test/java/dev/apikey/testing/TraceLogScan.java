package dev.apikey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scans what a module's whole test run logged at TRACE ({@code target/apikey-trace*.log}, written by every
 * module's {@code logback-test.xml}) for plaintext keys of any prefix, whole or in part: anything {@linkplain
 * PlaintextKeys that may be (part of) a key}, checksum or not (the body alone is the secret). Stack frames are
 * skipped: they hold code's identifiers, never data. Each module runs it from a {@code TraceLogScanIT},
 * after its tests. A finding is reported by file, line and the key's prefix and first body characters, never by
 * the key.
 */
public final class TraceLogScan {

    /** A stack trace's frame line, e.g. {@code \tat org.junit.Foo.bar(Foo.java:41)}. */
    private static final java.util.regex.Pattern STACK_FRAME =
            java.util.regex.Pattern.compile("\\s+at [\\w.$/@-]+\\([\\w.$ :-]*\\)(?: ~?\\[.*])?");

    private TraceLogScan() {}

    /** Fails if a trace log under {@code target} holds a key, or if there is no trace log with DEBUG or TRACE lines. */
    public static void assertNoKeyLogged(Path target) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(target)) {
            logs = files.filter(file -> file.getFileName().toString().matches("apikey-trace.*\\.log"))
                    .sorted()
                    .toList();
        }
        assertThat(logs)
                .as("trace logs in %s (written by the tests' logback-test.xml)", target)
                .isNotEmpty();
        List<String> findings = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines)
                    .as("DEBUG/TRACE lines in %s: the scan must see the most verbose output", log.getFileName())
                    .anyMatch(line -> line.contains(" TRACE [") || line.contains(" DEBUG ["));
            for (int i = 0; i < lines.size(); i++) {
                if (STACK_FRAME.matcher(lines.get(i)).matches()) {
                    continue; // code, not data: a frame names a class and a method, and identifiers grow long
                }
                for (String key : PlaintextKeys.in(lines.get(i))) {
                    findings.add(
                            log.getFileName() + ":" + (i + 1) + " " + key.substring(0, key.lastIndexOf('_') + 5) + "…");
                }
            }
        }
        assertThat(findings).as("plaintext keys in the trace logs").isEmpty();
    }
}
