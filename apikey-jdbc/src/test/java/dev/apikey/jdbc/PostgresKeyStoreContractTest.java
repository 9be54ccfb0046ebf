package dev.apikey.jdbc;

import dev.apikey.KeyStore;

/** The contract on PostgreSQL, each test in a schema of its own. */
final class PostgresKeyStoreContractTest extends KeyStoreContract {

    private TestDatabases.PostgresSchema schema;
    private JdbcKeyStore jdbc;

    @Override
    KeyStore newStore() {
        schema = TestDatabases.freshPostgresSchema();
        jdbc = JdbcKeyStore.url(schema.url()).build();
        jdbc.createSchema();
        return jdbc;
    }

    @Override
    void closeStore() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (schema != null) {
            schema.close();
        }
    }
}
