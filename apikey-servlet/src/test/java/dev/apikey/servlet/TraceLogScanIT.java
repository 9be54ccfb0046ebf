package dev.apikey.servlet;

import dev.apikey.testing.TraceLogScan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** After this module's tests: nothing they logged, at any level down to TRACE, holds a plaintext key. */
final class TraceLogScanIT {

    @Test
    void noPlaintextKeyInAnythingTheTestsLogged() throws Exception {
        TraceLogScan.assertNoKeyLogged(Path.of("target"));
    }
}
