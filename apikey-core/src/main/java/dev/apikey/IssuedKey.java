package dev.apikey;

/**
 * A newly issued key: its stored record and the plaintext key, which exists nowhere else. Show the secret to
 * its owner once; it cannot be recovered later. {@link #toString()} never reveals it.
 *
 * @param apiKey the stored record (id, name, hash, scopes, ...)
 * @param secret the plaintext key to hand to the client
 */
public record IssuedKey(ApiKey apiKey, String secret) {

    /**
     * Checks both parts are present.
     *
     * @throws IllegalArgumentException if one is missing
     */
    public IssuedKey {
        if (apiKey == null || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an issued key needs its record and its secret");
        }
    }

    /** The key's public id. */
    public String id() {
        return apiKey.id();
    }

    @Override
    public String toString() {
        return "IssuedKey[id=" + apiKey.id() + ", hint=" + apiKey.hint() + ", secret=<redacted>]";
    }
}
