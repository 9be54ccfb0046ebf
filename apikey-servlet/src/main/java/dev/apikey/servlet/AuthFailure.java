package dev.apikey.servlet;

import dev.apikey.Verification;
import java.util.Optional;

/**
 * Why the filter refused a request, as handed to an {@link ErrorResponder}: the HTTP status, a
 * machine-readable code, a title and a detail meant for the client developer.
 *
 * @param status HTTP status (400, 401, 403 or 503)
 * @param code   stable machine-readable code, e.g. {@code invalid_api_key}
 * @param title  short summary of the problem type
 * @param detail what happened and what to do, safe to show to the client
 * @param reason the verification's reason, when the refusal came from the validator
 */
public record AuthFailure(int status, String code, String title, String detail, Optional<Verification.Reason> reason) {

    /**
     * Checks every component is present.
     *
     * @throws IllegalArgumentException if one is null or the status is not an error status
     */
    public AuthFailure {
        if (status < 400 || status > 599 || code == null || title == null || detail == null || reason == null) {
            throw new IllegalArgumentException("an AuthFailure needs an error status, a code, a title, a detail and an Optional reason");
        }
    }

    static AuthFailure of(Verification.Reason reason, String headerName, java.util.Set<String> requiredScopes) {
        return switch (reason) {
            case MISSING -> new AuthFailure(401, "missing_api_key", "API key required",
                    "This endpoint requires an API key: send it in the " + headerName + " header.", Optional.of(reason));
            case MALFORMED, UNKNOWN, REVOKED -> new AuthFailure(401, "invalid_api_key", "Invalid API key",
                    "The API key is not valid. Check that it was copied completely, or ask for a new key.", Optional.of(reason));
            case EXPIRED -> new AuthFailure(401, "expired_api_key", "Expired API key",
                    "The API key has expired. Use its replacement or ask for a new key.", Optional.of(reason));
            case NOT_YET_VALID -> new AuthFailure(401, "inactive_api_key", "Inactive API key",
                    "The API key is not valid yet. Retry once its validity period has started.", Optional.of(reason));
            case NETWORK_NOT_ALLOWED -> new AuthFailure(403, "network_not_allowed", "Network not allowed",
                    "This API key may not be used from your network address.", Optional.of(reason));
            case INSUFFICIENT_SCOPE -> new AuthFailure(403, "insufficient_scope", "Insufficient scope",
                    "The API key lacks a scope this endpoint requires: " + String.join(", ", requiredScopes) + ".",
                    Optional.of(reason));
            case STORE_UNAVAILABLE -> new AuthFailure(503, "auth_unavailable", "Authentication unavailable",
                    "API keys cannot be checked right now. Retry later.", Optional.of(reason));
            case RATE_LIMITED -> new AuthFailure(429, "rate_limited", "Rate limit exceeded",
                    "This API key made too many requests. Retry after the number of seconds in Retry-After.", Optional.of(reason));
            case QUOTA_EXHAUSTED -> new AuthFailure(429, "quota_exhausted", "Quota exhausted",
                    "This API key has used up its quota. Retry after the number of seconds in Retry-After, or ask for a"
                            + " higher quota.", Optional.of(reason));
        };
    }

    static AuthFailure ambiguous() {
        return new AuthFailure(400, "ambiguous_api_key", "Ambiguous API key",
                "The request carries two different API keys. Send exactly one.", Optional.empty());
    }

    static AuthFailure tooManyFailures() {
        return new AuthFailure(429, "too_many_failed_attempts", "Too many failed attempts",
                "Too many requests from your address had a missing or invalid API key. Retry after the number of seconds"
                        + " in Retry-After.", Optional.empty());
    }

    static AuthFailure forbidden() {
        return new AuthFailure(403, "forbidden", "Forbidden", "This endpoint is not available.", Optional.empty());
    }

    static AuthFailure httpsRequired() {
        return new AuthFailure(403, "https_required", "HTTPS required",
                "API keys must be sent over HTTPS. Repeat the request with https://.", Optional.empty());
    }
}
