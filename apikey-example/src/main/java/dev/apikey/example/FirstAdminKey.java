package dev.apikey.example;

import dev.apikey.ApiKey;
import dev.apikey.IssuedKey;
import dev.apikey.KeyGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin key of a first start. It has a fixed id, so when several servers start on one empty store at once
 * the store accepts exactly one, and only the server that saved it prints it.
 */
final class FirstAdminKey {

    static final String ID = "key_first_admin";

    private FirstAdminKey() {}

    static Optional<IssuedKey> issueIfStoreIsEmpty(KeyDatabase database) {
        if (!database.apiKeys.list().isEmpty()) {
            return Optional.empty();
        }
        String secret = KeyGenerator.secure(database.apiKeys.format().prefix()).generate();
        ApiKey admin = ApiKey.builder()
                .id(ID)
                .name("admin")
                .hash(database.apiKeys.hasher().hash(secret))
                .hint(database.apiKeys.format().hint(secret))
                .scopes(List.of("keys:admin"))
                .createdAt(Instant.now())
                .build();
        try {
            database.store.save(admin);
        } catch (IllegalStateException alreadyIssued) {
            return Optional.empty();
        }
        return Optional.of(new IssuedKey(admin, secret));
    }
}
