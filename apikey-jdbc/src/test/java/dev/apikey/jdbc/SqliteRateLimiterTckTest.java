package dev.apikey.jdbc;

import dev.apikey.RateLimiter;
import dev.apikey.tck.RateLimiterTck;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The rate limiter TCK on an SQLite file. */
final class SqliteRateLimiterTckTest extends RateLimiterTck {

    @TempDir
    Path directory;

    private JdbcKeyStore jdbc;

    @Override
    protected RateLimiter newLimiter() {
        jdbc = JdbcKeyStore.sqlite(directory.resolve("keys.db")).build();
        jdbc.createSchema();
        return jdbc.rateLimiter();
    }

    @Override
    protected void closeLimiter() {
        jdbc.close();
    }
}
