package dev.apikey;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The rules every {@link KeyStore} applies to a change of a stored key, so that implementations agree:
 * id, hash and lineage are immutable, usage belongs to {@link KeyStore#recordUsage}.
 */
public final class KeyUpdates {

    private KeyUpdates() {}

    /**
     * Applies {@code change} to {@code current} under the {@link KeyStore#update} contract: the result keeps
     * the current usage figures, and a revocation can be neither undone nor postponed.
     *
     * @throws IllegalArgumentException if the change returns null, alters the id, hash or lineage, or undoes a revocation
     */
    public static ApiKey apply(ApiKey current, UnaryOperator<ApiKey> change) {
        ApiKey changed = change.apply(current);
        if (changed == null) {
            throw new IllegalArgumentException("an update must return the new record, not null");
        }
        if (!changed.id().equals(current.id())
                || !changed.hash().equals(current.hash())
                || !changed.lineage().equals(current.lineage())) {
            throw new IllegalArgumentException(
                    "an update must not change a key's id, hash or lineage (key " + current.id() + ")");
        }
        if (current.revokedAt().isPresent()
                && (changed.revokedAt().isEmpty()
                        || changed.revokedAt().get().isAfter(current.revokedAt().get()))) {
            throw new IllegalArgumentException("key " + current.id() + " is revoked; a revocation cannot be undone or"
                    + " postponed: issue a new key instead");
        }
        if (changed.useCount() == current.useCount() && changed.lastUsedAt().equals(current.lastUsedAt())) {
            return changed;
        }
        return changed.toBuilder()
                .useCount(current.useCount())
                .lastUsedAt(current.lastUsedAt().orElse(null))
                .build();
    }

    /** {@code current} with {@code usage} added: count summed (saturating), last use the later instant. */
    public static ApiKey withUsage(ApiKey current, KeyUsage usage) {
        long count = current.useCount() + usage.uses();
        if (count < 0) {
            count = Long.MAX_VALUE;
        }
        Instant lastUsed = current.lastUsedAt()
                .filter(previous -> previous.isAfter(usage.lastUsedAt()))
                .orElse(usage.lastUsedAt());
        return current.toBuilder().useCount(count).lastUsedAt(lastUsed).build();
    }
}
