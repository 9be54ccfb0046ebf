package dev.apikey;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a key stands against its rate limit and quota after a request, as the IETF {@code RateLimit-*} headers
 * report it: the tighter of the two.
 *
 * @param limit      requests the tighter limit allows per window ({@code RateLimit-Limit})
 * @param remaining  requests left in it ({@code RateLimit-Remaining})
 * @param reset      time until it is whole again ({@code RateLimit-Reset}); zero for a total quota
 * @param refusal    {@link Verification.Reason#RATE_LIMITED} or {@link Verification.Reason#QUOTA_EXHAUSTED} when
 *                   the request was refused
 * @param retryAfter when a refused request may succeed ({@code Retry-After}); empty when it never will
 */
public record LimitStatus(
        long limit,
        long remaining,
        Duration reset,
        Optional<Verification.Reason> refusal,
        Optional<Duration> retryAfter) {

    /**
     * Validates the status.
     *
     * @throws IllegalArgumentException for negative figures or missing parts
     */
    public LimitStatus {
        if (limit < 0
                || remaining < 0
                || reset == null
                || reset.isNegative()
                || refusal == null
                || retryAfter == null) {
            throw new IllegalArgumentException("limit, remaining and reset must be zero or more; optionals not null");
        }
    }

    /** Whether the request may go on. */
    public boolean allowed() {
        return refusal.isEmpty();
    }
}
