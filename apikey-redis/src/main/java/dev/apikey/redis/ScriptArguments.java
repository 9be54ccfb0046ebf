package dev.apikey.redis;

import dev.apikey.LimitArithmetic;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What {@code consume.lua} is given, and what its answer means: the one place its argument order is spelled. */
final class ScriptArguments {

    private static final long MAX_SKEW_MICROS = LimitArithmetic.MAX_SKEW.toNanos() / 1_000;

    private ScriptArguments() {}

    static String[] decide(
            @Nullable RateLimit rate,
            @Nullable Quota quota,
            long cost,
            Instant now,
            long want,
            long giveTokens,
            long giveUsed,
            @Nullable Instant giveWindow) {
        Instant nextWindow = quota != null && quota.period() != Quota.Period.TOTAL ? quota.windowEnd(now) : null;
        Instant windowAfterNext = quota != null && nextWindow != null ? quota.windowEnd(nextWindow) : null;
        return new String[] {
            Long.toString(micros(now)),
            Long.toString(cost),
            rate == null ? "-1" : Long.toString(rate.capacity()),
            rate == null ? "0" : Double.toString(rate.tokensPerNano()),
            quota == null ? "-1" : Long.toString(quota.limit()),
            quota == null ? "0" : Long.toString(micros(quota.windowStart(now))),
            nextWindow == null ? "-1" : Long.toString(micros(nextWindow)),
            Long.toString(MAX_SKEW_MICROS),
            rate == null ? "-1" : Long.toString(rate.period().toNanos() / 1_000),
            windowAfterNext == null ? "-1" : Long.toString(micros(windowAfterNext)),
            quota != null && quota.period() == Quota.Period.TOTAL ? "1" : "0",
            Long.toString(want),
            Long.toString(giveTokens),
            Long.toString(giveUsed),
            giveWindow == null ? "-1" : Long.toString(micros(giveWindow)),
            "decide"
        };
    }

    /**
     * The arguments that only give {@code lease}'s unused units back: no decision, no refill, no window moved (the
     * lease's limits may be old), tokens added only to a bucket that exists, quota units only in their own window.
     */
    static String[] giveBack(LocalLeases.Lease lease) {
        RateLimit rate = lease.rate;
        Instant window = lease.quotaWindow;
        return new String[] {
            "0",
            "0",
            rate == null ? "-1" : Long.toString(rate.capacity()),
            "0",
            "-1",
            "0",
            "-1",
            "0",
            "-1",
            "-1",
            "0",
            "0",
            rate == null ? "0" : Long.toString(lease.units),
            lease.quota == null ? "0" : Long.toString(lease.units),
            window == null ? "-1" : Long.toString(micros(window)),
            "return"
        };
    }

    static LimitArithmetic.Counters counters(List<Object> stored) {
        String tokens = text(stored.get(0));
        String last = text(stored.get(1));
        String windowStart = text(stored.get(2));
        String used = text(stored.get(3));
        return new LimitArithmetic.Counters(
                tokens == null ? Double.NaN : Double.parseDouble(tokens),
                last == null ? 0 : Long.parseLong(last) * 1_000,
                windowStart == null ? null : Instant.EPOCH.plus(Long.parseLong(windowStart), ChronoUnit.MICROS),
                used == null ? 0 : Long.parseLong(used));
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null ? null : value.toString();
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
