package dev.apikey.example;

import dev.apikey.ApiKeys;
import dev.apikey.KeyHasher;
import dev.apikey.RateLimiter;
import dev.apikey.VerificationListener;
import dev.apikey.jdbc.HashingSchemeMismatchException;
import dev.apikey.jdbc.JdbcKeyStore;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the key store every command shares: {@code --db}, else {@code APIKEY_DB_URL}, else the SQLite file
 * {@value #DEFAULT_FILE}; hashed with HMAC-SHA256 under {@code APIKEY_PEPPER} when set.
 */
final class KeyDatabase implements AutoCloseable {

    static final String DEFAULT_FILE = "apikey-data/keys.db";
    private static final Logger LOG = LoggerFactory.getLogger(KeyDatabase.class);

    final JdbcKeyStore store;
    final ApiKeys apiKeys;
    final String description;
    private final RateLimiter limiter;

    private KeyDatabase(JdbcKeyStore store, ApiKeys apiKeys, String description, RateLimiter limiter) {
        this.store = store;
        this.apiKeys = apiKeys;
        this.description = description;
        this.limiter = limiter;
    }

    /**
     * Opens (and, on first use, creates) the store.
     *
     * @param dbUrl          the {@code --db} value, or null
     * @param usageFlushEvery how often usage is written (the server: every few seconds; the CLI: on close)
     * @param serving         the server: warns without a pepper, and counts limits where {@code APIKEY_LIMITS} says
     *     (the CLI verifies no key, so it counts nothing and needs no Redis)
     */
    static KeyDatabase open(String dbUrl, Duration usageFlushEvery, boolean serving) {
        String url = dbUrl != null ? dbUrl : System.getenv("APIKEY_DB_URL");
        JdbcKeyStore.Builder builder = url == null || url.isBlank()
                ? JdbcKeyStore.sqlite(Path.of(DEFAULT_FILE))
                : JdbcKeyStore.url(DatabaseUrl.check(url.strip(), dbUrl != null ? "--db" : "APIKEY_DB_URL"));
        JdbcKeyStore store = builder.build();
        RateLimiter limiter = null;
        try {
            store.createSchema();
            limiter = serving ? LimitsChoice.open(System.getenv(LimitsChoice.VARIABLE), store) : RateLimiter.none();
            String pepper = System.getenv("APIKEY_PEPPER");
            boolean peppered = pepper != null && !pepper.isEmpty();
            KeyHasher hasher = peppered ? KeyHasher.hmacSha256(pepper) : KeyHasher.sha256();
            ApiKeys apiKeys = bind(
                    ApiKeys.builder()
                            .store(store)
                            .hasher(hasher)
                            .usageFlushInterval(usageFlushEvery)
                            .rateLimiter(limiter)
                            .listener(VerificationListener.logging(true)),
                    pepper);
            if (!peppered && serving) {
                warnWithoutPepper(apiKeys.list().isEmpty());
            }
            String description = url == null || url.isBlank()
                    ? "SQLite file " + Path.of(DEFAULT_FILE).toAbsolutePath()
                    : store.toString();
            return new KeyDatabase(store, apiKeys, description, limiter);
        } catch (RuntimeException e) {
            if (limiter != null) {
                LimitsChoice.close(limiter);
            }
            store.close();
            throw e;
        }
    }

    /**
     * Says what running without a pepper means here: the hashing scheme is recorded on the database's first use, so
     * a pepper can only be chosen for a new database (a server or CLI given one is refused by this one).
     */
    private static void warnWithoutPepper(boolean firstStart) {
        if (firstStart) {
            LOG.warn(
                    "APIKEY_PEPPER is not set: the keys issued now (including the first admin key) are hashed without a"
                            + " pepper, as plain SHA-256. To use one, set APIKEY_PEPPER (e.g. to the output of `openssl rand -base64"
                            + " 32`) before the first start, on a new database: this one now records that its keys have no pepper,"
                            + " and refuses a server or CLI given one");
        } else {
            LOG.warn(
                    "APIKEY_PEPPER is not set: this database's keys are hashed without a pepper, as plain SHA-256. A pepper"
                            + " can only be chosen for a new database: set APIKEY_PEPPER (e.g. to the output of `openssl rand -base64"
                            + " 32`) before its first start");
        }
    }

    /** Builds the facade, which checks the hasher against the database; a mismatch says which variable to set. */
    private static ApiKeys bind(ApiKeys.Builder builder, String pepper) {
        try {
            return builder.build();
        } catch (HashingSchemeMismatchException e) {
            throw new IllegalStateException(
                    e.getMessage() + "; here: set APIKEY_PEPPER to the pepper the server uses"
                            + (pepper == null || pepper.isEmpty() ? " (it is not set here)" : ""),
                    e);
        }
    }

    @Override
    public void close() {
        apiKeys.close();
        LimitsChoice.close(limiter);
        store.close();
    }
}
