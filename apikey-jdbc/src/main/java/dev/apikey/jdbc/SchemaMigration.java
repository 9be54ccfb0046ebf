package dev.apikey.jdbc;

import dev.apikey.KeyStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schema and brings it to the current version ({@link JdbcKeyStore#createSchema()}). A schema that is
 * already current costs one read and takes no lock, so every start of a process (each CLI call) leaves the database
 * untouched and never waits for a writer. Only when something must change does it take the schema lock (SQLite
 * {@code BEGIN IMMEDIATE}, PostgreSQL an advisory lock) and read the version again under it, so processes that
 * migrate at once take turns and the later ones find nothing left to do.
 */
final class SchemaMigration {

    /** The row of {@code apikey_schema} this library owns. */
    static final String COMPONENT = "apikey";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcKeyStore.class);

    private SchemaMigration() {}

    /**
     * Brings the schema to {@code target}, writing nothing if it is there already.
     *
     * @throws KeyStoreException if the database holds a newer version than {@code target}
     */
    static void apply(Transactions transactions, Database database, int target) throws SQLException {
        Integer current = versionIfReadable(transactions);
        if (current != null && current >= target) {
            requireReadable(current, target);
            return;
        }
        if (database == Database.MYSQL) {
            // Each DDL statement commits by itself: statements run one by one under the session's named lock.
            try (Connection connection = transactions.open()) {
                // Reads on this connection may wait for the lock, and for DDL, longer than a query may take.
                Transactions.bound(connection, (LOCK_WAIT_SECONDS + 3) * 1000);
                database.lockSchema(connection, LOCK_WAIT_SECONDS);
                try {
                    migrate(connection, database, target);
                } finally {
                    database.unlockSchema(connection);
                }
            }
            return;
        }
        transactions.run(true, connection -> {
            database.lockSchema(connection, LOCK_WAIT_SECONDS);
            migrate(connection, database, target);
        });
    }

    /** How long a process waits for another that is creating or migrating the schema (MySQL's named lock). */
    private static final int LOCK_WAIT_SECONDS = 60;

    /** The recorded version read without any lock, or null when there is none (or it cannot be read now). */
    private static @Nullable Integer versionIfReadable(Connections connections) {
        try (Connection connection = connections.open()) {
            return version(connection);
        } catch (SQLException noSchemaYet) {
            return null; // no table yet, or a failure the locked path reports properly
        }
    }

    private static void migrate(Connection connection, Database database, int target) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(readScript(database.schemaScript()))) {
                statement.execute(sql);
            }
        }
        Integer recorded = version(connection);
        boolean created = recorded == null;
        int version;
        if (recorded != null) {
            version = recorded;
        } else {
            // The baseline script creates its baseline version; migrations bring it to the current version.
            version = database.baselineVersion();
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO apikey_schema (component, version) VALUES (?, ?)")) {
                insert.setString(1, COMPONENT);
                insert.setInt(2, version);
                insert.executeUpdate();
            }
        }
        requireReadable(version, target);
        for (int next = version + 1; next <= target; next++) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(readScript(database.migrationScript(next)))) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE apikey_schema SET version = ? WHERE component = ?")) {
                update.setInt(1, next);
                update.setString(2, COMPONENT);
                update.executeUpdate();
            }
            if (!created) {
                LOG.info("migrated the key database schema to version {}", next);
            }
        }
        if (created) {
            LOG.info("created the key database schema (version {})", target);
        }
    }

    /** The version recorded, or null when the row is missing; throws when the table is. */
    private static @Nullable Integer version(Connection connection) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT version FROM apikey_schema WHERE component = ?")) {
            query.setString(1, COMPONENT);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : null;
            }
        }
    }

    private static void requireReadable(int version, int target) {
        if (version > target) {
            throw new KeyStoreException("the key database has schema version " + version + ", newer than the " + target
                    + " this apikey-jdbc reads: upgrade apikey-jdbc");
        }
    }

    private static String readScript(String name) {
        try (InputStream in = SchemaMigration.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + name + " is missing from apikey-jdbc's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema script " + name, e);
        }
    }

    /** The statements of a script: comment lines dropped, split on {@code ;}. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";", -1)) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
