package dev.apikey;

import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How {@link ApiKeys} makes a key: a secret, a random id, the record stored under the secret's hash. */
final class KeyIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final int ID_LENGTH = 20;

    private final KeyGenerator generator;
    private final KeyHasher hasher;
    private final KeyStore store;
    private final SecureRandom idRandom = new SecureRandom();

    KeyIssuer(KeyGenerator generator, KeyHasher hasher, KeyStore store) {
        this.generator = generator;
        this.hasher = hasher;
        this.store = store;
    }

    /** Generates a key with these attributes, stores its record and returns the plaintext once. */
    IssuedKey issue(
            String name,
            KeySpec attributes,
            @Nullable Instant notBefore,
            @Nullable Instant expiresAt,
            Instant now,
            @Nullable String lineage) {
        String secret = generator.generate();
        ApiKey key = ApiKey.builder()
                .id(newId())
                .name(name)
                .hash(hasher.hash(secret))
                .hint(generator.format().hint(secret))
                .scopes(attributes.scopes())
                .allowedNetworks(attributes.allowedNetworks())
                .metadata(attributes.metadata())
                .createdAt(now)
                .notBefore(notBefore)
                .expiresAt(expiresAt)
                .rateLimit(attributes.rateLimit().orElse(null))
                .quota(attributes.quota().orElse(null))
                .lineage(lineage)
                .build();
        store.save(key);
        LOG.info("issued key {} ({}) named '{}'", key.id(), key.hint(), SafeText.field(key.name(), 80));
        return new IssuedKey(key, secret);
    }

    /** {@code start + amount}, refusing results a key cannot carry (beyond 9999-12-31). */
    static Instant later(Instant start, Duration amount, String what) {
        try {
            Instant end = start.plus(amount);
            KeyAttributes.instant(what, end);
            return end;
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    what + " " + amount + " is too long: the key's instants must lie before 9999-12-31");
        }
    }

    private String newId() {
        byte[] bytes = new byte[15];
        idRandom.nextBytes(bytes);
        return "key_" + Base62.encode(bytes, ID_LENGTH + 1).substring(1);
    }
}
