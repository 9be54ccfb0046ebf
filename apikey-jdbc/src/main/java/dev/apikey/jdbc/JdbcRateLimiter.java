package dev.apikey.jdbc;

import dev.apikey.ApiKey;
import dev.apikey.LimitArithmetic;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.RateLimiter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RateLimiter} with its counters in the key database, shared by every instance: each decision reads,
 * decides and writes the key's counter row in one transaction that holds the row's lock (PostgreSQL
 * {@code SELECT … FOR UPDATE}, SQLite {@code BEGIN IMMEDIATE}), so instances take turns and together never let
 * more through than the limit. Counters are kept per {@linkplain ApiKey#limitsId() limits id}, so a rotated key's
 * successor shares them. Keys without limits cost nothing. Get one from {@link JdbcKeyStore#rateLimiter()}.
 */
public final class JdbcRateLimiter implements RateLimiter {

    private final JdbcKeyStore store;
    private final Transactions transactions;
    private final Database database;
    private final int timeout;
    private final @Nullable RateLimit defaultLimit;

    JdbcRateLimiter(
            JdbcKeyStore store,
            Transactions transactions,
            Database database,
            int queryTimeoutSeconds,
            @Nullable RateLimit defaultLimit) {
        this.store = store;
        this.transactions = transactions;
        this.database = database;
        this.timeout = queryTimeoutSeconds;
        this.defaultLimit = defaultLimit;
    }

    @Override
    public Optional<LimitStatus> consume(ApiKey key, long cost, Instant now) {
        return decide(key, cost, now, true);
    }

    /** Where {@code key} stands now, without counting a request (e.g. for {@code keys list}). */
    public Optional<LimitStatus> standing(ApiKey key, Instant now) {
        return decide(key, 0, now, false);
    }

    private Optional<LimitStatus> decide(ApiKey key, long cost, Instant now, boolean record) {
        RateLimit rate = key.rateLimit().orElse(defaultLimit);
        Quota quota = key.quota().orElse(null);
        if (rate == null && quota == null) {
            return Optional.empty();
        }
        try {
            // Counters only: on SQLite the commit is not synced to disk, so the write lock is held for microseconds.
            return Optional.of(
                    transactions.write(false, connection -> count(connection, key, rate, quota, cost, now, record)));
        } catch (SQLException e) {
            throw transactions.failure("counting a request of key " + key.id(), e);
        }
    }

    private LimitStatus count(
            Connection connection,
            ApiKey key,
            @Nullable RateLimit rate,
            @Nullable Quota quota,
            long cost,
            Instant now,
            boolean record)
            throws SQLException {
        if (record) {
            try (PreparedStatement insert = connection.prepareStatement(database.insertLimitRowIfAbsent())) {
                insert.setQueryTimeout(timeout);
                insert.setString(1, key.limitsId());
                insert.executeUpdate();
            }
        }
        LimitArithmetic.Counters stored = LimitRows.select(connection, key.limitsId(), database.lockRow(), timeout)
                .orElse(LimitArithmetic.Counters.NONE);
        LimitArithmetic.Decision decision = LimitArithmetic.consume(rate, quota, cost, now, stored);
        if (record) {
            try (PreparedStatement update = connection.prepareStatement(LimitRows.UPDATE)) {
                update.setQueryTimeout(timeout);
                LimitRows.bindUpdate(update, key.limitsId(), decision.counters());
                update.executeUpdate();
            }
        }
        return decision.status();
    }

    @Override
    public String toString() {
        return "JdbcRateLimiter[" + store + (defaultLimit == null ? "" : ", default " + defaultLimit) + "]";
    }
}
