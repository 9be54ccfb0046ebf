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

    /** {@code text} fit for a message: short ids as they are, anything longer or key-shaped by its length only. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() > 40 || !KeyFormat.redact(text).equals(text)) {
            return "(a value of " + text.length() + " characters)";
        }
        return "'" + text.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }

    /** {@code text} with anything shaped like a key, checksum or not, replaced by {@code <redacted>}. */
    static String redact(String text) {
        return KeyFormat.redact(text);
    }
}
