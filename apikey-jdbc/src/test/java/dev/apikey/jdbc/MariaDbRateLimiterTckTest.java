package dev.apikey.jdbc;

import dev.apikey.RateLimiter;
import dev.apikey.tck.RateLimiterTck;

/** The rate limiter TCK on MariaDB (the MySQL dialect, MariaDB Connector/J), each test in a database of its own. */
final class MariaDbRateLimiterTckTest extends RateLimiterTck {

    private TestDatabases.MariaDbDatabase database;
    private JdbcKeyStore jdbc;

    @Override
    protected RateLimiter newLimiter() {
        database = TestDatabases.freshMariaDbDatabase();
        jdbc = JdbcKeyStore.url(database.url()).build();
        jdbc.createSchema();
        return jdbc.rateLimiter();
    }

    @Override
    protected void closeLimiter() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
