package dev.apikey.jdbc;

import dev.apikey.RateLimiter;
import dev.apikey.tck.RateLimiterTck;

/** The rate limiter TCK on PostgreSQL, each test in a schema of its own. */
final class PostgresRateLimiterTckTest extends RateLimiterTck {

    private TestDatabases.PostgresSchema schema;
    private JdbcKeyStore jdbc;

    @Override
    protected RateLimiter newLimiter() {
        schema = TestDatabases.freshPostgresSchema();
        jdbc = JdbcKeyStore.url(schema.url()).build();
        jdbc.createSchema();
        return jdbc.rateLimiter();
    }

    @Override
    protected void closeLimiter() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (schema != null) {
            schema.close();
        }
    }
}
