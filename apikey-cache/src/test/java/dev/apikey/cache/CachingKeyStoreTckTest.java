package dev.apikey.cache;

import dev.apikey.KeyStore;
import dev.apikey.tck.KeyStoreTck;

/** The store TCK through the cache: whatever a store promises still holds with a cache in front of it. */
final class CachingKeyStoreTckTest extends KeyStoreTck {

    @Override
    protected KeyStore newStore() {
        return CachingKeyStore.wrapping(KeyStore.inMemory()).build();
    }
}
