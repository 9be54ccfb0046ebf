package dev.apikey.jdbc;

import dev.apikey.KeyStore;
import dev.apikey.tck.KeyStoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The key store TCK on an SQLite file. */
final class SqliteKeyStoreTckTest extends KeyStoreTck {

    @TempDir
    Path directory;

    private JdbcKeyStore jdbc;

    @Override
    protected KeyStore newStore() {
        jdbc = JdbcKeyStore.sqlite(directory.resolve("keys.db")).build();
        jdbc.createSchema();
        return jdbc;
    }

    @Override
    protected void closeStore() {
        jdbc.close();
    }
}
