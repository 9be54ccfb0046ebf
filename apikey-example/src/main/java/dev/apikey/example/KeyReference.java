package dev.apikey.example;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeyFormat;
import java.util.Optional;

/**
 * What a user typed to name a key: its id, or — when they pasted the key itself, as happens when revoking a
 * leaked one — the key, resolved through its hash. Never echoes a key.
 */
final class KeyReference {

    private KeyReference() {}

    /** The id of the key {@code reference} names, if there is one. */
    static Optional<String> resolve(ApiKeys apiKeys, String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        if (KeyFormat.detect(reference).isPresent()) {
            return apiKeys.store().findByHash(apiKeys.hasher().hash(reference)).map(ApiKey::id);
        }
        return Optional.of(reference);
    }
}
