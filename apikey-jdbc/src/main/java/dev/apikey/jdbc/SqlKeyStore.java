package dev.apikey.jdbc;

import dev.apikey.ApiKey;
import dev.apikey.KeyHash;
import dev.apikey.KeyStore;
import dev.apikey.KeyStoreException;
import dev.apikey.KeyUpdates;
import dev.apikey.KeyUsage;
import dev.apikey.SafeText;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KeyStore} operations of a {@link JdbcKeyStore} (which puts a {@code CachingKeyStore} in front): every write in one
 * transaction ({@link Transactions}) that checks the hashing scheme first and, on PostgreSQL, notifies the other
 * instances; database failures as {@link KeyStoreException}s, a corrupt row as an unknown key.
 */
final class SqlKeyStore implements KeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcKeyStore.class);

    private final Transactions transactions;
    private final KeyTable table;
    private final HashingSchemeCheck hashing;

    SqlKeyStore(Transactions transactions, KeyTable table, HashingSchemeCheck hashing) {
        this.transactions = transactions;
        this.table = table;
        this.hashing = hashing;
    }

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        if (hash == null) {
            throw new IllegalArgumentException("hash must not be null");
        }
        return queryOne("key_hash", hash.toHex(), "looking up a key");
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        if (id == null) {
            throw new IllegalArgumentException("id must not be null");
        }
        return queryOne("id", id, "reading key " + SafeText.of(id));
    }

    private Optional<ApiKey> queryOne(String column, String value, String what) {
        try {
            hashing.confirm(); // once: a lookup under another pepper would find nothing and say so wrongly
        } catch (SQLException e) {
            throw failure(what, e);
        }
        try {
            return transactions.read(connection -> {
                try {
                    return table.selectOne(connection, column, value);
                } catch (KeyRows.CorruptRowException e) {
                    LOG.error("{}; refusing this key", e.getMessage());
                    return Optional.empty();
                }
            });
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public void save(ApiKey key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        try {
            transactions.run(true, connection -> {
                hashing.beforeWrite(connection);
                table.insert(connection, key);
                table.notifyChange(connection, key.hash());
            });
        } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
                throw new IllegalStateException("a key with id " + key.id() + " or the same hash is already stored");
            }
            throw failure("saving key " + key.id(), e);
        }
    }

    @Override
    public Optional<ApiKey> update(String id, UnaryOperator<ApiKey> change) {
        if (id == null || change == null) {
            throw new IllegalArgumentException("id and change must not be null");
        }
        try {
            return transactions.write(true, connection -> {
                Optional<ApiKey> current;
                try {
                    current = table.selectForUpdate(connection, id);
                } catch (KeyRows.CorruptRowException e) {
                    throw new KeyStoreException(String.valueOf(e.getMessage()));
                }
                if (current.isEmpty()) {
                    return Optional.empty();
                }
                ApiKey next = KeyUpdates.apply(current.get(), change);
                table.updateAttributes(connection, next);
                table.notifyChange(connection, next.hash());
                return Optional.of(next);
            });
        } catch (SQLException e) {
            throw failure("updating key " + SafeText.of(id), e);
        }
    }

    @Override
    public List<ApiKey> list() {
        try {
            return transactions.read(connection -> table.selectAll(
                    connection, corrupt -> LOG.error("{}; leaving it out of the list", corrupt.getMessage())));
        } catch (SQLException e) {
            throw failure("listing keys", e);
        }
    }

    @Override
    public void recordUsage(Collection<KeyUsage> usage) {
        if (usage == null) {
            throw new IllegalArgumentException("usage must not be null");
        }
        if (usage.isEmpty()) {
            return;
        }
        try {
            transactions.run(true, connection -> {
                table.addUsage(connection, usage);
            });
        } catch (SQLException e) {
            throw failure("recording usage of " + usage.size() + " keys", e);
        }
    }

    private KeyStoreException failure(String what, SQLException e) {
        return transactions.failure(what, e);
    }
}
