package dev.apikey.testing;

import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStore;
import dev.apikey.KeyUsage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A store that passes every call to another; a test overrides the one method it wants to change. */
public class ForwardingKeyStore implements KeyStore {

    private final KeyStore delegate;

    /** Forwards to {@code delegate}. */
    public ForwardingKeyStore(KeyStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        return delegate.findByHash(hash);
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public void save(ApiKey key) {
        delegate.save(key);
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        return delegate.update(id, change);
    }

    @Override
    public List<ApiKey> list() {
        return delegate.list();
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        delegate.recordUsage(usage);
    }

    @Override
    public void bindHasher(KeyHasher hasher) {
        delegate.bindHasher(hasher);
    }
}
