package dev.apikey.spring;

import dev.apikey.KeyStore;
import dev.apikey.KeyStoreException;
import dev.apikey.jdbc.JdbcKeyStore;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key store {@code apikey.store.*} selects: in memory, or {@link JdbcKeyStore} on the application's
 * {@link DataSource} with its schema created, migrated or checked at start-up.
 */
final class KeyStoreSelection {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreSelection.class);

    private KeyStoreSelection() {}

    static KeyStore select(ApiKeyStoreProperties properties, @Nullable DataSource dataSource) {
        String type = properties.getType() == null
                ? "auto"
                : properties.getType().strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "memory" -> inMemory();
            case "auto" -> dataSource == null ? inMemory() : jdbc(properties, dataSource);
            case "jdbc" -> {
                if (dataSource == null) {
                    throw new UnusableKeyStoreException(
                            "apikey.store.type=jdbc, but the application has no DataSource",
                            "Add spring-boot-starter-jdbc and your database's JDBC driver (org.xerial:sqlite-jdbc or"
                                    + " org.postgresql:postgresql) and set spring.datasource.url, or set"
                                    + " apikey.store.type=memory.");
                }
                yield jdbc(properties, dataSource);
            }
            default -> throw new InvalidApiKeyPropertyException("apikey.store.type", "write auto, memory or jdbc");
        };
    }

    private static KeyStore inMemory() {
        LOG.warn("apikey: keys are kept in memory and vanish on restart; give the application a DataSource"
                + " (SQLite or PostgreSQL) to keep them in its database (apikey.store.type=auto or jdbc)");
        return KeyStore.inMemory();
    }

    private static JdbcKeyStore jdbc(ApiKeyStoreProperties properties, DataSource dataSource) {
        JdbcKeyStore.Builder builder = JdbcKeyStore.builder(dataSource).notifications(properties.isNotifications());
        if (properties.getQueryTimeout() != null) {
            ApiKeySettings.checked(
                    "apikey.store.query-timeout", () -> builder.queryTimeout(properties.getQueryTimeout()));
        }
        if (properties.getCacheTtl() != null) {
            ApiKeySettings.checked("apikey.store.cache-ttl", () -> builder.cacheTtl(properties.getCacheTtl()));
        }
        if (properties.getCacheSize() != null) {
            ApiKeySettings.checked("apikey.store.cache-size", () -> builder.cacheSize(properties.getCacheSize()));
        }
        JdbcKeyStore store;
        try {
            store = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UnusableKeyStoreException(
                    String.valueOf(e.getMessage()),
                    "Keep keys in SQLite or PostgreSQL (a DataSource of their own: define a JdbcKeyStore bean), or set"
                            + " apikey.store.type=memory.",
                    e);
        } catch (KeyStoreException e) {
            throw unreachable(e);
        }
        try {
            prepareSchema(store, properties.isInitializeSchema());
        } catch (RuntimeException e) {
            store.close();
            throw e instanceof KeyStoreException failure ? unreachable(failure) : e;
        }
        LOG.info("apikey: keys are kept in {} ({})", store.database(), store);
        return store;
    }

    private static void prepareSchema(JdbcKeyStore store, boolean initialize) {
        if (initialize) {
            store.createSchema();
            return;
        }
        Optional<Integer> version = store.schemaVersion();
        if (version.isEmpty()) {
            throw new UnusableKeyStoreException(
                    "the database has no apikey tables",
                    "Set apikey.store.initialize-schema=true to create them at start-up, or create them yourself"
                            + " with apikey-jdbc's schema-"
                            + store.database().name().toLowerCase(Locale.ROOT)
                            + ".sql.");
        }
        if (version.get() < JdbcKeyStore.SCHEMA_VERSION) {
            throw new UnusableKeyStoreException(
                    "the apikey tables are at schema version " + version.get() + "; this library needs version "
                            + JdbcKeyStore.SCHEMA_VERSION,
                    "Set apikey.store.initialize-schema=true to migrate them at start-up (their keys are kept).");
        }
        if (version.get() > JdbcKeyStore.SCHEMA_VERSION) {
            throw new UnusableKeyStoreException(
                    "the apikey tables are at schema version " + version.get() + ", newer than this library reads ("
                            + JdbcKeyStore.SCHEMA_VERSION + ")",
                    "Upgrade apikey to the version that wrote them.");
        }
    }

    private static UnusableKeyStoreException unreachable(KeyStoreException e) {
        return new UnusableKeyStoreException(
                String.valueOf(e.getMessage()),
                "Check spring.datasource.* and that the database runs and is reachable, or set"
                        + " apikey.store.type=memory.",
                e);
    }
}
