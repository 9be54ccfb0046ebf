package dev.apikey.jdbc;

import dev.apikey.KeyStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an SQLite file. */
final class SqliteKeyStoreContractTest extends KeyStoreContract {

    @TempDir
    Path directory;
    private JdbcKeyStore jdbc;

    @Override
    KeyStore newStore() {
        jdbc = JdbcKeyStore.sqlite(directory.resolve("keys.db")).build();
        jdbc.createSchema();
        return jdbc;
    }

    @Override
    void closeStore() {
        jdbc.close();
    }
}
