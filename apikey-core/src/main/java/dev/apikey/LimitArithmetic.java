package dev.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The token-bucket and quota arithmetic shared by every {@link RateLimiter}: given the stored counters, decides
 * a request and computes the new counters. Callers make the read-decide-store atomic (a lock, a row lock).
 */
public final class LimitArithmetic {

    /**
     * How far ahead of a decision's own time a stored counter time is believed: enough for any decision that waited
     * for a lock (or ran on a clock a little ahead), small enough that a clock far ahead stops refills only briefly.
     * A limiter that decides elsewhere (a Redis script) applies the same bound.
     */
    public static final Duration MAX_SKEW = Duration.ofSeconds(10);

    private static final long MAX_SKEW_NANOS = MAX_SKEW.toNanos();

    private LimitArithmetic() {}

    /**
     * A key's stored counters.
     *
     * @param tokens      tokens in the bucket at {@code lastNanos}; NaN for a bucket never used (it starts full)
     * @param lastNanos   when the bucket was last refilled, in nanoseconds since the epoch
     * @param windowStart the start of the quota window the count belongs to, or null
     * @param used        requests counted in that window
     */
    public record Counters(
            double tokens, long lastNanos, @Nullable Instant windowStart, long used) {

        /** The counters of a key never counted. */
        public static final Counters NONE = new Counters(Double.NaN, 0, null, 0);
    }

    /**
     * A decided request.
     *
     * @param status   the key's standing, as the response reports it
     * @param counters the counters to store (the same counts when the request was refused)
     */
    public record Decision(LimitStatus status, Counters counters) {}

    /**
     * Decides one request of {@code cost} against the {@code stored} counters.
     *
     * @param rate  the bucket, or null
     * @param quota the quota, or null (not both: a key with neither is not metered)
     * @throws IllegalArgumentException if both are null
     */
    public static Decision consume(
            @Nullable RateLimit rate, @Nullable Quota quota, long cost, Instant now, Counters stored) {
        if (rate == null && quota == null) {
            throw new IllegalArgumentException("a key without a rate limit or quota is not metered: a RateLimiter"
                    + " returns Optional.empty() for it instead of calling LimitArithmetic.consume");
        }
        double tokens = stored.tokens();
        long presentNanos = nanos(now);
        // Never move a counter's clock backwards: a decision whose time was read before it waited for the lock (or
        // on an instance whose clock is behind) counts as made at the stored time, or the refill between the two
        // would be granted twice. A stored time is believed only up to MAX_SKEW ahead of this decision's: one
        // written by a clock that ran ahead (or before an NTP step back) would otherwise stop refills until real
        // time caught up, and be written back by every decision meanwhile.
        long storedNanos = Math.min(stored.lastNanos(), saturatedAdd(presentNanos, MAX_SKEW_NANOS));
        long nowNanos = Double.isNaN(tokens) ? presentNanos : Math.max(presentNanos, storedNanos);
        if (rate != null) {
            if (Double.isNaN(tokens)) {
                tokens = rate.capacity();
            } else {
                long elapsed = nowNanos - storedNanos;
                tokens = Math.min((double) rate.capacity(), tokens + (double) elapsed * rate.tokensPerNano());
            }
        }
        Instant windowStart = stored.windowStart();
        long used = stored.used();
        Instant quotaNow = now;
        if (quota != null) {
            Instant currentWindow = quota.windowStart(now);
            // A late decision from the previous window counts in the stored, next one rather than reopening the old
            // — if that window starts within MAX_SKEW of this decision and is one of this quota's windows (not a
            // window of a period since changed, nor one written by a clock far ahead, which would never reset).
            boolean nextWindowOfThisQuota = windowStart != null
                    && windowStart.isAfter(currentWindow)
                    && !windowStart.isAfter(now.plus(MAX_SKEW))
                    && quota.windowStart(windowStart).equals(windowStart);
            if (nextWindowOfThisQuota && windowStart != null) {
                quotaNow = windowStart;
            } else if (!currentWindow.equals(windowStart)) {
                windowStart = currentWindow;
                used = 0;
            }
        }
        Optional<Verification.Reason> refusal = Optional.empty();
        Optional<Duration> retryAfter = Optional.empty();
        if (quota != null && used + cost > quota.limit()) {
            refusal = Optional.of(Verification.Reason.QUOTA_EXHAUSTED);
            retryAfter = quota.period() == Quota.Period.TOTAL
                    ? Optional.empty()
                    : Optional.of(Duration.between(now, quota.windowEnd(quotaNow)));
        } else if (rate != null && tokens < cost) {
            refusal = Optional.of(Verification.Reason.RATE_LIMITED);
            retryAfter = cost > rate.capacity()
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos((long) Math.ceil((cost - tokens) / rate.tokensPerNano())));
        } else {
            tokens -= rate == null ? 0 : cost;
            used += quota == null ? 0 : cost;
        }
        Counters next = new Counters(rate == null ? Double.NaN : tokens, nowNanos, windowStart, used);

        LimitStatus byRate = rate == null
                ? null
                : new LimitStatus(
                        rate.capacity(),
                        (long) Math.floor(Math.max(0, tokens)),
                        Duration.ofNanos((long) Math.ceil((rate.capacity() - tokens) / rate.tokensPerNano())),
                        refusal,
                        retryAfter);
        LimitStatus byQuota = quota == null
                ? null
                : new LimitStatus(
                        quota.limit(),
                        Math.max(0, quota.limit() - used),
                        quota.period() == Quota.Period.TOTAL
                                ? Duration.ZERO
                                : Duration.between(now, quota.windowEnd(quotaNow)),
                        refusal,
                        retryAfter);
        return new Decision(tighter(byRate, byQuota, refusal), next);
    }

    /** The standing to report: the one that refused, else the one with fewer requests left. */
    private static LimitStatus tighter(
            @Nullable LimitStatus byRate, @Nullable LimitStatus byQuota, Optional<Verification.Reason> refusal) {
        if (byRate == null) {
            if (byQuota == null) {
                throw new IllegalArgumentException("a key without a rate limit or quota is not metered");
            }
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

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
