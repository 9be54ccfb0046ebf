package dev.apikey;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Read-only {@link KeyStore} over keys fixed at start-up; usage is still counted in memory. */
final class StaticKeyStore implements KeyStore {

    private final InMemoryKeyStore keys = new InMemoryKeyStore();

    StaticKeyStore(List<ApiKey> keys) {
        keys.forEach(this.keys::save);
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        return keys.findByHash(hash);
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return keys.findById(id);
    }

    @Override
    public void save(ApiKey key) {
        throw readOnly();
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        throw readOnly();
    }

    @Override
    public List<ApiKey> list() {
        return keys.list();
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        keys.recordUsage(usage);
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("static keys are read-only: to add, change or revoke one, edit their"
                + " entries and restart; for keys managed at run time use KeyStore.inMemory() or apikey-jdbc");
    }

    @Override
    public String toString() {
        return "KeyStore.static(" + keys.list().size() + " keys)";
    }
}
