package dev.apikey.jdbc;

import dev.apikey.KeyStore;

/** The contract on the core's in-memory store: the reference the SQL stores must match. */
final class InMemoryKeyStoreContractTest extends KeyStoreContract {

    @Override
    KeyStore newStore() {
        return KeyStore.inMemory();
    }
}
