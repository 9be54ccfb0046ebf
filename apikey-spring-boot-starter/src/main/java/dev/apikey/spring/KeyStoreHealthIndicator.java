package dev.apikey.spring;

import dev.apikey.KeyHash;
import dev.apikey.KeyStore;
import dev.apikey.jdbc.Database;
import dev.apikey.jdbc.JdbcKeyStore;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's view of the key store: up while keys can be read, down when they cannot (requests needing a key are
 * then refused with 503). Its details name the kind of store, the database and schema version — never a URL, a
 * password, an error message or a key.
 */
final class KeyStoreHealthIndicator implements HealthIndicator {

    /** A hash no key has: looking it up reads the store and finds nothing. */
    private static final KeyHash PROBE = KeyHash.fromHex("00".repeat(32));

    private final KeyStore store;

    KeyStoreHealthIndicator(KeyStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        if (store instanceof JdbcKeyStore jdbc) {
            return database(jdbc);
        }
        Health.Builder health;
        try {
            store.findByHash(PROBE);
            health = Health.up();
        } catch (RuntimeException e) {
            health = Health.down()
                    .withDetail(
                            "problem", "the key store failed (" + e.getClass().getSimpleName() + ")");
        }
        return health.withDetail("store", store.getClass().getSimpleName()).build();
    }

    private static Health database(JdbcKeyStore store) {
        Optional<Integer> version = store.schemaVersion(); // read from the database, never from the key cache
        Health.Builder health = version.isPresent()
                ? Health.up().withDetail("schemaVersion", version.get())
                : Health.down().withDetail("problem", "the key database cannot be read");
        health.withDetail("store", "jdbc")
                .withDetail("database", store.database().name().toLowerCase(Locale.ROOT));
        if (store.database() == Database.POSTGRESQL) {
            health.withDetail("changeNotifications", store.receivesNotifications());
        }
        return health.build();
    }
}
