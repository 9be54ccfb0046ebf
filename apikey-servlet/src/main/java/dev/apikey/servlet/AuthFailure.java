package dev.apikey.servlet;

import dev.apikey.Verification;
import dev.apikey.http.Refusal;
import java.util.Optional;

/**
 * Why the filter refused a request, as handed to an {@link ErrorResponder}: the HTTP status, a
 * machine-readable code, a title and a detail meant for the client developer.
 *
 * @param status HTTP status (400, 401, 403, 429 or 503)
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
            throw new IllegalArgumentException(
                    "an AuthFailure needs an error status, a code, a title, a detail and an Optional reason");
        }
    }

    /** The failure of a refusal the HTTP layer decided. */
    static AuthFailure of(Refusal refusal) {
        return new AuthFailure(refusal.status(), refusal.code(), refusal.title(), refusal.detail(), refusal.reason());
    }
}
