package dev.apikey.jdbc;

import dev.apikey.LimitArithmetic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** The rows of {@code api_key_limits}: one key's counters each, read and written the one way both limiters use. */
final class LimitRows {

    static final String UPDATE =
            "UPDATE api_key_limits SET tokens = ?, last_nanos = ?, window_start = ?, used = ? WHERE key_id = ?";

    private LimitRows() {}

    /** The counters of {@code limitsId}, locked until the transaction ends when {@code lockClause} says so. */
    static Optional<LimitArithmetic.Counters> select(
            Connection connection, String limitsId, String lockClause, int timeoutSeconds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT tokens, last_nanos, window_start, used FROM api_key_limits WHERE key_id = ?" + lockClause)) {
            select.setQueryTimeout(timeoutSeconds);
            select.setString(1, limitsId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                double tokens = row.getDouble("tokens");
                boolean bucketUnused = row.wasNull();
                long lastNanos = row.getLong("last_nanos");
                long window = row.getLong("window_start");
                Instant windowStart = row.wasNull()
                        ? null
                        : Instant.ofEpochSecond(
                                Math.floorDiv(window, 1_000_000L), Math.floorMod(window, 1_000_000L) * 1_000L);
                return Optional.of(new LimitArithmetic.Counters(
                        bucketUnused ? Double.NaN : tokens, lastNanos, windowStart, row.getLong("used")));
            }
        }
    }

    /** Binds {@link #UPDATE}'s parameters: {@code counters} for {@code limitsId}. */
    static void bindUpdate(PreparedStatement update, String limitsId, LimitArithmetic.Counters counters)
            throws SQLException {
        if (Double.isNaN(counters.tokens())) {
            update.setNull(1, Types.DOUBLE);
        } else {
            update.setDouble(1, counters.tokens());
        }
        update.setLong(2, counters.lastNanos());
        KeyRows.setInstant(update, 3, counters.windowStart());
        update.setLong(4, counters.used());
        update.setString(5, limitsId);
    }
}
