package dev.apikey.http;

import dev.apikey.LimitStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The headers of every answer the layer decides: a refusal's, and the limit fields of an allowed request. */
final class ResponseHeaders {

    private ResponseHeaders() {}

    /** {@code bare} with its headers: the limit fields, then Retry-After (429), no-store, WWW-Authenticate, Retry-After (503). */
    static Refusal refusal(
            Refusal bare,
            String realm,
            Duration storeRetryAfter,
            Optional<LimitStatus> limits,
            Optional<Duration> retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        limits.ifPresent(status -> limitFields(headers, status));
        if (bare.status() == 429) {
            retryAfter.ifPresent(wait -> headers.put("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait)))));
        }
        headers.put("Cache-Control", "no-store");
        if (bare.status() == 401) {
            headers.put("WWW-Authenticate", "ApiKey realm=\"" + realm + "\"");
        }
        if (bare.status() == 503) {
            headers.put("Retry-After", Long.toString(storeRetryAfter.toSeconds()));
        }
        return bare.withHeaders(headers);
    }

    /** The IETF draft's {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds). */
    static void limitFields(Map<String, String> headers, LimitStatus limits) {
        headers.put("RateLimit-Limit", Long.toString(limits.limit()));
        headers.put("RateLimit-Remaining", Long.toString(limits.remaining()));
        headers.put("RateLimit-Reset", Long.toString(ceilSeconds(limits.reset())));
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
