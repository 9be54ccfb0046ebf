package dev.apikey.jdbc;

import dev.apikey.KeyStore;
import dev.apikey.tck.KeyStoreTck;

/** The key store TCK on PostgreSQL, each test in a schema of its own. */
final class PostgresKeyStoreTckTest extends KeyStoreTck {

    private TestDatabases.PostgresSchema schema;
    private JdbcKeyStore jdbc;

    @Override
    protected KeyStore newStore() {
        schema = TestDatabases.freshPostgresSchema();
        jdbc = JdbcKeyStore.url(schema.url()).build();
        jdbc.createSchema();
        return jdbc;
    }

    @Override
    protected void closeStore() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (schema != null) {
            schema.close();
        }
    }
}
