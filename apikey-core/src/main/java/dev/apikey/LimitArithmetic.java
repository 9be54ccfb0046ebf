package dev.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The token-bucket and quota arithmetic shared by every {@link RateLimiter}: given the stored counters, decides
 * a request and computes the new counters. Callers make the read-decide-store atomic (a lock, a row lock).
 */
public final class LimitArithmetic {

    private LimitArithmetic() {}

    /** A key's stored counters; {@code tokens} is NaN for a bucket never used (it starts full). */
    public interface Counters {
        /** Tokens in the bucket at {@link #lastNanos()}. */
        double tokens();

        /** When the bucket was last refilled, in nanoseconds since the epoch. */
        long lastNanos();

        /** The start of the quota window the count belongs to, or null. */
        Instant windowStart();

        /** Requests counted in that window. */
        long used();

        /** Writes the new counters. */
        void store(double tokens, long lastNanos, Instant windowStart, long used);
    }

    /**
     * Decides one request of {@code cost} and stores the new counters (unchanged counts when refused).
     *
     * @param rate  the bucket, or null
     * @param quota the quota, or null
     */
    public static LimitStatus consume(RateLimit rate, Quota quota, long cost, Instant now, Counters counters) {
        double tokens = counters.tokens();
        // Never move a counter's clock backwards: a decision whose time was read before it waited for the lock (or
        // on an instance whose clock is behind) counts as made at the stored time, or the refill between the two
        // would be granted twice.
        long nowNanos = Double.isNaN(tokens) ? nanos(now) : Math.max(nanos(now), counters.lastNanos());
        if (rate != null) {
            if (Double.isNaN(tokens)) {
                tokens = rate.capacity();
            } else {
                long elapsed = nowNanos - counters.lastNanos();
                tokens = Math.min(rate.capacity(), tokens + elapsed * rate.tokensPerNano());
            }
        }
        Instant windowStart = counters.windowStart();
        long used = counters.used();
        if (quota != null) {
            Instant currentWindow = quota.windowStart(now);
            // A late decision from the previous window counts in the stored, later one rather than reopening the old
            // (unless the stored window is not one of this quota's: the quota's period was changed).
            boolean laterWindowOfThisQuota = windowStart != null && windowStart.isAfter(currentWindow)
                    && quota.windowStart(windowStart).equals(windowStart);
            if (!currentWindow.equals(windowStart) && !laterWindowOfThisQuota) {
                windowStart = currentWindow;
                used = 0;
            }
        }
        Optional<Verification.Reason> refusal = Optional.empty();
        Optional<Duration> retryAfter = Optional.empty();
        if (quota != null && used + cost > quota.limit()) {
            refusal = Optional.of(Verification.Reason.QUOTA_EXHAUSTED);
            retryAfter = quota.period() == Quota.Period.TOTAL ? Optional.empty()
                    : Optional.of(Duration.between(now, quota.windowEnd(now)));
        } else if (rate != null && tokens < cost) {
            refusal = Optional.of(Verification.Reason.RATE_LIMITED);
            retryAfter = cost > rate.capacity() ? Optional.empty()
                    : Optional.of(Duration.ofNanos((long) Math.ceil((cost - tokens) / rate.tokensPerNano())));
        } else {
            tokens -= rate == null ? 0 : cost;
            used += quota == null ? 0 : cost;
        }
        counters.store(rate == null ? Double.NaN : tokens, nowNanos, windowStart, used);

        LimitStatus byRate = rate == null ? null : new LimitStatus(rate.capacity(), (long) Math.floor(Math.max(0, tokens)),
                Duration.ofNanos((long) Math.ceil((rate.capacity() - tokens) / rate.tokensPerNano())), refusal, retryAfter);
        LimitStatus byQuota = quota == null ? null : new LimitStatus(quota.limit(), Math.max(0, quota.limit() - used),
                quota.period() == Quota.Period.TOTAL ? Duration.ZERO : Duration.between(now, quota.windowEnd(now)),
                refusal, retryAfter);
        if (byRate == null) {
            return byQuota;
        }
        if (byQuota == null) {
            return byRate;
        }
        if (refusal.equals(Optional.of(Verification.Reason.QUOTA_EXHAUSTED))) {
            return byQuota;
        }
        if (refusal.equals(Optional.of(Verification.Reason.RATE_LIMITED))) {
            return byRate;
        }
        return byQuota.remaining() < byRate.remaining() ? byQuota : byRate;
    }

    private static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
