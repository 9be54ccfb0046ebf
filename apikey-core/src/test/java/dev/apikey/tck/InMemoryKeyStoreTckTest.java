package dev.apikey.tck;

import dev.apikey.KeyStore;

/** The TCK on the core's in-memory store: the reference every other store must match. */
final class InMemoryKeyStoreTckTest extends KeyStoreTck {

    @Override
    protected KeyStore newStore() {
        return KeyStore.inMemory();
    }
}
