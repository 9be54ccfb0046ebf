package dev.apikey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of requests per calendar period in UTC ({@code 10000/month}, {@code 500/day}), or a fixed number of
 * uses that is never refilled ({@code 1000/total}).
 *
 * @param limit  requests allowed per period, at least 1
 * @param period when the count starts again
 */
public record Quota(long limit, Period period) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,15})/(day|month|total)", Pattern.CASE_INSENSITIVE);

    /** When a quota's count starts again. */
    public enum Period {
        /** At 00:00 UTC every day. */
        DAY,
        /** At 00:00 UTC on the first day of every month. */
        MONTH,
        /** Never: a fixed number of uses. */
        TOTAL
    }

    /**
     * Validates the quota.
     *
     * @throws IllegalArgumentException for a limit below 1 or a missing period
     */
    public Quota {
        if (limit < 1) {
            throw new IllegalArgumentException("a quota allows at least 1 request, got " + limit);
        }
        if (period == null) {
            throw new IllegalArgumentException("a quota needs a period: day, month or total");
        }
    }

    /**
     * Parses {@code <requests>/day}, {@code <requests>/month} or {@code <requests>/total}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Quota parse(String text) {
        Matcher matcher = text == null ? null : TEXT.matcher(text.strip());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("quota " + SafeText.quoted(text)
                    + " is invalid: write <requests>/day, <requests>/month or <requests>/total, e.g. 10000/month");
        }
        return new Quota(
                Long.parseLong(matcher.group(1)),
                Period.valueOf(matcher.group(2).toUpperCase(Locale.ROOT)));
    }

    /** The start of the period that contains {@code now} ({@link Instant#EPOCH} for a total). */
    public Instant windowStart(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (period) {
            case DAY -> day.atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> Instant.EPOCH;
        };
    }

    /** When the period that contains {@code now} ends (never, for a total: empty is modelled as {@link Instant#MAX}). */
    public Instant windowEnd(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (period) {
            case DAY -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH ->
                day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> Instant.MAX;
        };
    }

    /** The text {@link #parse(String)} reads, e.g. {@code 10000/month}. */
    @Override
    public String toString() {
        return limit + "/" + period.name().toLowerCase(Locale.ROOT);
    }
}
