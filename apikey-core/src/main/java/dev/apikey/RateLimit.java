package dev.apikey;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket: up to {@code capacity} requests at once, refilled continuously at {@code capacity} per
 * {@code period}. Written {@code 100/1s}, {@code 1000/1h}, {@code 20/1m}.
 *
 * @param capacity tokens the bucket holds (the burst), at least 1
 * @param period   time to refill the whole bucket, at least 1 ms
 */
public record RateLimit(long capacity, Duration period) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,12})/(.+)");

    /**
     * Validates the limit.
     *
     * @throws IllegalArgumentException for a capacity below 1 or a period outside 1 ms .. 366 days
     */
    public RateLimit {
        if (capacity < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 request, got " + capacity);
        }
        if (period == null || period.toMillis() < 1 || period.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("a rate limit's period lies between 1 ms and 366 days, e.g. 100/1s");
        }
    }

    /**
     * Parses {@code <requests>/<duration>}, e.g. {@code 100/1s} or {@code 5000/1h}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static RateLimit parse(String text) {
        Matcher matcher = text == null ? null : TEXT.matcher(text.strip());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("rate limit " + SafeText.quoted(text)
                    + " is invalid: write <requests>/<duration>, e.g. 100/1s or 5000/1h");
        }
        String period = matcher.group(2);
        return new RateLimit(
                Long.parseLong(matcher.group(1)),
                HumanDuration.parse(Character.isDigit(period.charAt(0)) ? period : "1" + period));
    }

    /**
     * Tokens added per nanosecond: the refill rate of the token bucket, as {@link LimitArithmetic} computes with it (a
     * limiter that decides elsewhere, e.g. in a Redis script, must use this very value).
     */
    public double tokensPerNano() {
        return (double) capacity / period.toNanos();
    }

    /** The text {@link #parse(String)} reads, e.g. {@code 100/1s}. */
    @Override
    public String toString() {
        return capacity + "/" + HumanDuration.format(period);
    }
}
