package dev.apikey.jdbc;

import dev.apikey.LimitArithmetic;
import dev.apikey.LimitCounterStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The key database's {@code api_key_limits} table as a {@link LimitCounterStore} for {@link
 * dev.apikey.WriteBehindRateLimiter}: one read per key, one transaction per batch (rows in id order, so instances'
 * batches never lock crosswise). Counters are not synced to disk on SQLite, as the exact limiter's.
 */
final class SqlLimitCounters implements LimitCounterStore {

    private final Transactions transactions;
    private final Database database;
    private final int timeoutSeconds;
    private final String store;

    SqlLimitCounters(Transactions transactions, Database database, int timeoutSeconds, String store) {
        this.transactions = transactions;
        this.database = database;
        this.timeoutSeconds = timeoutSeconds;
        this.store = store;
    }

    @Override
    public Optional<LimitArithmetic.Counters> load(String limitsId) {
        try {
            return transactions.read(connection -> LimitRows.select(connection, limitsId, "", timeoutSeconds));
        } catch (SQLException e) {
            throw transactions.failure("reading the rate-limit counters of " + limitsId, e);
        }
    }

    @Override
    public void saveAll(Map<String, LimitArithmetic.Counters> counters) {
        if (counters.isEmpty()) {
            return;
        }
        Map<String, LimitArithmetic.Counters> ordered = new TreeMap<>(counters);
        try {
            transactions.run(false, connection -> {
                try (PreparedStatement insert = connection.prepareStatement(database.insertLimitRowIfAbsent())) {
                    insert.setQueryTimeout(timeoutSeconds);
                    for (String limitsId : ordered.keySet()) {
                        insert.setString(1, limitsId);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement update = connection.prepareStatement(LimitRows.UPDATE)) {
                    update.setQueryTimeout(timeoutSeconds);
                    for (Map.Entry<String, LimitArithmetic.Counters> entry : ordered.entrySet()) {
                        LimitRows.bindUpdate(update, entry.getKey(), entry.getValue());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw transactions.failure("writing the rate-limit counters of " + counters.size() + " keys", e);
        }
    }

    @Override
    public String toString() {
        return "limit counters of " + store;
    }
}
