package dev.apikey.http;

import dev.apikey.Verification;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A refused request, complete: the status, the headers to send with it ({@code Cache-Control: no-store}; on 401
 * {@code WWW-Authenticate}; on 503 and 429 {@code Retry-After}; the {@code RateLimit-*} fields when the key's limits
 * are known) and the RFC 9457 problem ({@link ProblemJson}): a stable {@code code}, a {@code title} and a
 * {@code detail} that says what to do. Only the layer makes refusals, so every integration answers alike.
 *
 * @param status  the HTTP status: 400, 401, 403, 429 or 503
 * @param code    stable machine-readable code, e.g. {@code invalid_api_key}
 * @param title   short summary of the problem type
 * @param detail  what happened and what to do, safe to show to the client (never echoes a key)
 * @param reason  the verification's reason, when the refusal came from the validator
 * @param headers the response headers to set, by name, in order (unmodifiable)
 */
public record Refusal(
        int status,
        String code,
        String title,
        String detail,
        Optional<Verification.Reason> reason,
        Map<String, String> headers) {

    /**
     * Checks every component is present.
     *
     * @throws IllegalArgumentException if one is null or the status is not an error status
     */
    public Refusal {
        if (status < 400
                || status > 599
                || code == null
                || title == null
                || detail == null
                || reason == null
                || headers == null) {
            throw new IllegalArgumentException(
                    "a Refusal needs an error status, a code, a title, a detail, an Optional" + " reason and headers");
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The refusal of a verification that failed for {@code reason}; no headers yet. */
    static Refusal of(Verification.Reason reason, String headerName, Set<String> requiredScopes) {
        return switch (reason) {
            case MISSING ->
                bare(
                        401,
                        "missing_api_key",
                        "API key required",
                        "This endpoint requires an API key: send it in the " + headerName + " header.",
                        reason);
            case MALFORMED, UNKNOWN, REVOKED ->
                bare(
                        401,
                        "invalid_api_key",
                        "Invalid API key",
                        "The API key is not valid. Check that it was copied completely, or ask for a new key.",
                        reason);
            case EXPIRED ->
                bare(
                        401,
                        "expired_api_key",
                        "Expired API key",
                        "The API key has expired. Use its replacement or ask for a new key.",
                        reason);
            case NOT_YET_VALID ->
                bare(
                        401,
                        "inactive_api_key",
                        "Inactive API key",
                        "The API key is not valid yet. Retry once its validity period has started.",
                        reason);
            case NETWORK_NOT_ALLOWED ->
                bare(
                        403,
                        "network_not_allowed",
                        "Network not allowed",
                        "This API key may not be used from your network address.",
                        reason);
            case INSUFFICIENT_SCOPE ->
                bare(
                        403,
                        "insufficient_scope",
                        "Insufficient scope",
                        requiredScopes.isEmpty()
                                ? "The API key lacks a permission this endpoint requires."
                                : "The API key lacks a scope this endpoint requires: "
                                        + String.join(", ", requiredScopes) + ".",
                        reason);
            case STORE_UNAVAILABLE ->
                bare(
                        503,
                        "auth_unavailable",
                        "Authentication unavailable",
                        "API keys cannot be checked right now. Retry later.",
                        reason);
            case RATE_LIMITED ->
                bare(
                        429,
                        "rate_limited",
                        "Rate limit exceeded",
                        "This API key made too many requests. Retry after the number of seconds in Retry-After.",
                        reason);
            case QUOTA_EXHAUSTED ->
                bare(
                        429,
                        "quota_exhausted",
                        "Quota exhausted",
                        "This API key has used up its quota. Retry after the number of seconds in Retry-After, or ask for a"
                                + " higher quota.",
                        reason);
        };
    }

    static Refusal ambiguous() {
        return bare(
                400,
                "ambiguous_api_key",
                "Ambiguous API key",
                "The request carries two different API keys. Send exactly one.",
                null);
    }

    static Refusal tooManyFailures() {
        return bare(
                429,
                "too_many_failed_attempts",
                "Too many failed attempts",
                "Too many requests from your address had a missing or invalid API key. Retry after the number of seconds"
                        + " in Retry-After.",
                null);
    }

    static Refusal forbidden() {
        return bare(403, "forbidden", "Forbidden", "This endpoint is not available.", null);
    }

    static Refusal httpsRequired() {
        return bare(
                403,
                "https_required",
                "HTTPS required",
                "API keys must be sent over HTTPS. Repeat the request with https://.",
                null);
    }

    private static Refusal bare(
            int status, String code, String title, String detail, Verification.@Nullable Reason reason) {
        return new Refusal(status, code, title, detail, Optional.ofNullable(reason), Map.of());
    }

    /** This refusal with {@code headers} to send. */
    Refusal withHeaders(Map<String, String> headers) {
        return new Refusal(status, code, title, detail, reason, headers);
    }
}
