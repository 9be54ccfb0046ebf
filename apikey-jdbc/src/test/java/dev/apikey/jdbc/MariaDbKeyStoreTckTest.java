package dev.apikey.jdbc;

import dev.apikey.KeyStore;
import dev.apikey.tck.KeyStoreTck;

/** The key store TCK on MariaDB (the MySQL dialect, MariaDB Connector/J), each test in a database of its own. */
final class MariaDbKeyStoreTckTest extends KeyStoreTck {

    private TestDatabases.MariaDbDatabase database;
    private JdbcKeyStore jdbc;

    @Override
    protected KeyStore newStore() {
        database = TestDatabases.freshMariaDbDatabase();
        jdbc = JdbcKeyStore.url(database.url()).build();
        jdbc.createSchema();
        return jdbc;
    }

    @Override
    protected void closeStore() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
