package dev.apikey.redis;

import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Units of a key's limits this instance took from Redis in advance ({@link RedisRateLimiter.Builder#localBatch}), so
 * that most requests of a busy key are decided in memory: a lease holds the units left, the standing Redis reported
 * when it was taken, and when it ends. A request the lease cannot cover, or one after it ended, goes to Redis, which
 * takes the lease's unused units back in the same script call. Nothing is admitted that Redis did not grant: leases
 * never over-admit; their price is that units leased to one instance wait there (at most the batch per instance) until
 * it uses or returns them.
 */
final class LocalLeases {

    /** One key's lease. Guarded by {@link #lock}. */
    static final class Lease {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        long units;
        /** How long the lease may be used: its lifetime, or less when its quota window ends sooner. */
        long validNanos;

        long grantedAtNanos;

        @Nullable
        Instant grantedAt;

        @Nullable
        String limits;

        @Nullable
        RateLimit rate;

        @Nullable
        Quota quota;

        @Nullable
        Instant quotaWindow;

        @Nullable
        LimitStatus standing;

        long usedSinceGrant;
    }

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final long lifetimeNanos;

    LocalLeases(long lifetimeNanos) {
        this.lifetimeNanos = lifetimeNanos;
    }

    /** The lease of {@code limitsId}, created empty on first use. */
    Lease of(String limitsId) {
        Lease lease = leases.get(limitsId);
        return lease != null ? lease : leases.computeIfAbsent(limitsId, id -> new Lease());
    }

    /**
     * Takes {@code cost} from the lease if it covers it, is current — on this machine's clock and on the time the
     * caller decides at (a caller that moves its time on sees refills) — and was granted for these limits: the
     * standing Redis reported, less what was used since. Empty when the request must go to Redis. Caller holds the
     * lease's lock.
     */
    Optional<LimitStatus> take(Lease lease, String limits, long cost, Instant now, long nowNanos) {
        LimitStatus standing = lease.standing;
        Instant grantedAt = lease.grantedAt;
        if (standing == null
                || grantedAt == null
                || lease.units < cost
                || !limits.equals(lease.limits)
                || nowNanos - lease.grantedAtNanos >= lease.validNanos
                || now.isBefore(grantedAt)
                || !now.isBefore(grantedAt.plusNanos(lease.validNanos))) {
            return Optional.empty();
        }
        lease.units -= cost;
        lease.usedSinceGrant += cost;
        return Optional.of(new LimitStatus(
                standing.limit(),
                Math.max(0, standing.remaining() - lease.usedSinceGrant),
                standing.reset(),
                Optional.empty(),
                Optional.empty()));
    }

    /**
     * Records a grant from Redis: {@code units} beyond the request's cost, and the standing after it; usable for the
     * lease lifetime, or until the quota window Redis decided in ends, whichever is first.
     */
    static void granted(
            Lease lease,
            @Nullable RateLimit rate,
            @Nullable Quota quota,
            long units,
            @Nullable Instant quotaWindow,
            LimitStatus standing,
            Instant decidedAt,
            Instant now,
            long nowNanos,
            long lifetimeNanos) {
        lease.grantedAt = now;
        // Quota units counted in one window must not be spent in the next (on the clock Redis decided on).
        long untilWindowEnds = quota == null || quotaWindow == null || quota.period() == Quota.Period.TOTAL
                ? Long.MAX_VALUE
                : java.time.Duration.between(decidedAt, quota.windowEnd(decidedAt))
                        .toNanos();
        lease.validNanos = Math.max(0, Math.min(lifetimeNanos, untilWindowEnds));
        lease.units = units;
        lease.limits = signature(rate, quota);
        lease.rate = rate;
        lease.quota = quota;
        lease.quotaWindow = quotaWindow;
        lease.standing = standing;
        lease.grantedAtNanos = nowNanos;
        lease.usedSinceGrant = 0;
    }

    /** Empties every lease with units left, handing each to {@code giveBack} (under the lease's lock). */
    void returnAll(BiConsumer<String, Lease> giveBack) {
        leases.forEach((id, lease) -> {
            lease.lock.lock();
            try {
                if (lease.units > 0) {
                    giveBack.accept(id, lease);
                    lease.units = 0;
                }
            } finally {
                lease.lock.unlock();
            }
        });
    }

    long lifetimeNanos() {
        return lifetimeNanos;
    }

    /**
     * The signature of a key's limits: a lease taken for other limits (the key was changed, or a default applies
     * now) is given back, not used.
     */
    static String signature(@Nullable RateLimit rate, @Nullable Quota quota) {
        return rate + "|" + quota;
    }
}
