package dev.apikey.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.apikey.ApiKey;
import dev.apikey.IpNetwork;
import dev.apikey.IssuedKey;
import dev.apikey.LimitStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** JSON shapes of keys, shared by the admin API and {@code keys list --json}. Never includes a secret except {@link #issued}. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    /** A key's public description: id, name, hint, scopes, networks, times, usage, status. */
    static Map<String, Object> describe(ApiKey key, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("hint", key.hint());
        json.put("scopes", key.scopes());
        json.put(
                "allowedNetworks",
                key.allowedNetworks().stream().map(IpNetwork::toString).toList());
        json.put("metadata", key.metadata());
        json.put("status", key.statusAt(now).name().toLowerCase(Locale.ROOT));
        json.put("created", key.createdAt().toString());
        json.put("notBefore", key.notBefore().map(Instant::toString).orElse(null));
        json.put("expires", key.expiresAt().map(Instant::toString).orElse(null));
        json.put("revoked", key.revokedAt().map(Instant::toString).orElse(null));
        json.put("lastUsed", key.lastUsedAt().map(Instant::toString).orElse(null));
        json.put("useCount", key.useCount());
        json.put("rateLimit", key.rateLimit().map(Object::toString).orElse(null));
        json.put("quota", key.quota().map(Object::toString).orElse(null));
        return json;
    }

    /** {@link #describe} plus where the key stands against its limits ({@code remaining}), when it has any. */
    static Map<String, Object> describe(ApiKey key, Instant now, Optional<LimitStatus> standing) {
        Map<String, Object> json = describe(key, now);
        json.put("remaining", standing.map(LimitStatus::remaining).orElse(null));
        return json;
    }

    /** A newly issued key: its description plus the secret, shown this once. */
    static Map<String, Object> issued(IssuedKey issued, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", issued.secret());
        json.putAll(describe(issued.apiKey(), now));
        return json;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
