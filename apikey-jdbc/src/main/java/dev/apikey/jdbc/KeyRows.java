package dev.apikey.jdbc;

import dev.apikey.ApiKey;
import dev.apikey.IpNetwork;
import dev.apikey.KeyHash;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Maps key records to rows of {@code api_keys} and back. */
final class KeyRows {

    static final String COLUMNS = "id, name, key_hash, hint, scopes, allowed_networks, metadata, created_at, "
            + "not_before, expires_at, revoked_at, last_used_at, use_count, rate_limit, quota, lineage";

    private KeyRows() {}

    /** A row that cannot be read back as a key: names the key and the column, never a secret. */
    static final class CorruptRowException extends Exception {
        private static final long serialVersionUID = 1L;
        final String keyId;

        CorruptRowException(String keyId, String problem) {
            super("the row of key " + keyId + " is corrupt: " + problem
                    + "; fix or delete the row (until then the key is refused), and issue a new key if needed");
            this.keyId = keyId;
        }
    }

    static ApiKey read(ResultSet row) throws SQLException, CorruptRowException {
        String id = row.getString("id");
        String column = "id";
        try {
            ApiKey.Builder key = ApiKey.builder().id(id);
            column = "name";
            key.name(row.getString("name"));
            column = "key_hash";
            key.hash(KeyHash.fromHex(row.getString("key_hash")));
            column = "hint";
            key.hint(row.getString("hint"));
            column = "scopes";
            key.scopes(split(row.getString("scopes")));
            column = "allowed_networks";
            List<IpNetwork> networks = new ArrayList<>();
            for (String cidr : split(row.getString("allowed_networks"))) {
                networks.add(IpNetwork.parse(cidr));
            }
            key.allowedNetworks(networks);
            column = "metadata";
            key.metadata(decodeMetadata(row.getString("metadata")));
            column = "created_at";
            key.createdAt(instant(row, "created_at"));
            column = "not_before";
            key.notBefore(instant(row, "not_before"));
            column = "expires_at";
            key.expiresAt(instant(row, "expires_at"));
            column = "revoked_at";
            key.revokedAt(instant(row, "revoked_at"));
            column = "last_used_at";
            key.lastUsedAt(instant(row, "last_used_at"));
            column = "use_count";
            key.useCount(row.getLong("use_count"));
            column = "rate_limit";
            String rateLimit = row.getString("rate_limit");
            key.rateLimit(rateLimit == null ? null : RateLimit.parse(rateLimit));
            column = "quota";
            String quota = row.getString("quota");
            key.quota(quota == null ? null : Quota.parse(quota));
            column = "lineage";
            key.lineage(row.getString("lineage"));
            column = "a value";
            return key.build();
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException | DateTimeException e) {
            throw new CorruptRowException(safeId(id), column + ": " + e.getMessage());
        }
    }

    /** Binds every column in {@link #COLUMNS} order, starting at parameter 1. */
    static void bindAll(PreparedStatement statement, ApiKey key) throws SQLException {
        statement.setString(1, key.id());
        statement.setString(2, key.name());
        statement.setString(3, key.hash().toHex());
        statement.setString(4, key.hint());
        bindAttributes(statement, 5, key);
        setInstant(statement, 8, key.createdAt());
        setInstant(statement, 9, key.notBefore().orElse(null));
        setInstant(statement, 10, key.expiresAt().orElse(null));
        setInstant(statement, 11, key.revokedAt().orElse(null));
        setInstant(statement, 12, key.lastUsedAt().orElse(null));
        statement.setLong(13, key.useCount());
        bindLimits(statement, 14, key);
        statement.setString(16, key.lineage().orElse(null));
    }

    /** Binds rate limit and quota at {@code first} and {@code first + 1}. */
    static void bindLimits(PreparedStatement statement, int first, ApiKey key) throws SQLException {
        statement.setString(first, key.rateLimit().map(Object::toString).orElse(null));
        statement.setString(first + 1, key.quota().map(Object::toString).orElse(null));
    }

    /** Binds scopes, networks and metadata at {@code first}, {@code first + 1}, {@code first + 2}. */
    static void bindAttributes(PreparedStatement statement, int first, ApiKey key) throws SQLException {
        statement.setString(first, String.join(" ", key.scopes()));
        statement.setString(
                first + 1,
                key.allowedNetworks().stream().map(IpNetwork::toString).collect(Collectors.joining(" ")));
        statement.setString(first + 2, encodeMetadata(key.metadata()));
    }

    static void setInstant(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, micros(instant));
        }
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        if (row.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static Set<String> split(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is null");
        }
        return text.isBlank()
                ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(text.strip().split(" +")));
    }

    static String encodeMetadata(Map<String, String> metadata) {
        return metadata.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> decodeMetadata(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is null");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return metadata;
        }
        for (String pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("an entry is not key=value");
            }
            metadata.put(
                    pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return metadata;
    }

    private static String safeId(String id) {
        if (id == null) {
            return "(null id)";
        }
        return id.length() <= 64 && id.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? id : "(unprintable id)";
    }
}
