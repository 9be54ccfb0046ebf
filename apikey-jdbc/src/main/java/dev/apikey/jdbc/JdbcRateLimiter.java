package dev.apikey.jdbc;

import dev.apikey.ApiKey;
import dev.apikey.LimitArithmetic;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.RateLimiter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link RateLimiter} with its counters in the key database, shared by every instance: each decision reads,
 * decides and writes the key's counter row in one transaction that holds the row's lock (PostgreSQL
 * {@code SELECT … FOR UPDATE}, SQLite {@code BEGIN IMMEDIATE}), so instances take turns and together never let
 * more through than the limit. Counters are kept per {@linkplain ApiKey#limitsId() limits id}, so a rotated key's
 * successor shares them. Keys without limits cost nothing. Get one from {@link JdbcKeyStore#rateLimiter()}.
 */
public final class JdbcRateLimiter implements RateLimiter {

    private final JdbcKeyStore store;
    private final RateLimit defaultLimit;

    JdbcRateLimiter(JdbcKeyStore store, RateLimit defaultLimit) {
        this.store = store;
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

    private Optional<LimitStatus> decide(ApiKey key, long cost, Instant now, boolean store) {
        RateLimit rate = key.rateLimit().orElse(defaultLimit);
        Quota quota = key.quota().orElse(null);
        if (rate == null && quota == null) {
            return Optional.empty();
        }
        return Optional.of(this.store.inTransaction("counting a request of key " + key.id(), (connection, database, timeout) -> {
            if (store) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_key_limits (key_id, tokens,"
                        + " last_nanos, window_start, used) VALUES (?, NULL, 0, NULL, 0) ON CONFLICT (key_id) DO NOTHING")) {
                    insert.setQueryTimeout(timeout);
                    insert.setString(1, key.limitsId());
                    insert.executeUpdate();
                }
            }
            double[] tokens = {Double.NaN};
            long[] lastNanos = {0};
            Instant[] windowStart = {null};
            long[] used = {0};
            try (PreparedStatement select = connection.prepareStatement("SELECT tokens, last_nanos, window_start, used"
                    + " FROM api_key_limits WHERE key_id = ?" + database.lockRow())) {
                select.setQueryTimeout(timeout);
                select.setString(1, key.limitsId());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        double stored = row.getDouble("tokens");
                        tokens[0] = row.wasNull() ? Double.NaN : stored;
                        lastNanos[0] = row.getLong("last_nanos");
                        long window = row.getLong("window_start");
                        windowStart[0] = row.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(window, 1_000_000L),
                                Math.floorMod(window, 1_000_000L) * 1_000L);
                        used[0] = row.getLong("used");
                    }
                }
            }
            LimitStatus status = LimitArithmetic.consume(rate, quota, cost, now, new LimitArithmetic.Counters() {
                @Override public double tokens() { return tokens[0]; }
                @Override public long lastNanos() { return lastNanos[0]; }
                @Override public Instant windowStart() { return windowStart[0]; }
                @Override public long used() { return used[0]; }
                @Override public void store(double newTokens, long newLastNanos, Instant newWindowStart, long newUsed) {
                    tokens[0] = newTokens;
                    lastNanos[0] = newLastNanos;
                    windowStart[0] = newWindowStart;
                    used[0] = newUsed;
                }
            });
            if (store) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE api_key_limits SET tokens = ?,"
                        + " last_nanos = ?, window_start = ?, used = ? WHERE key_id = ?")) {
                    update.setQueryTimeout(timeout);
                    if (Double.isNaN(tokens[0])) {
                        update.setNull(1, Types.DOUBLE);
                    } else {
                        update.setDouble(1, tokens[0]);
                    }
                    update.setLong(2, lastNanos[0]);
                    KeyRows.setInstant(update, 3, windowStart[0]);
                    update.setLong(4, used[0]);
                    update.setString(5, key.limitsId());
                    update.executeUpdate();
                }
            }
            return status;
        }));
    }

    @Override
    public String toString() {
        return "JdbcRateLimiter[" + store + (defaultLimit == null ? "" : ", default " + defaultLimit) + "]";
    }

}
