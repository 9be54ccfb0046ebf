package dev.apikey;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in command lines and configuration: {@code 90d}, {@code 24h},
 * {@code 1h30m}, {@code 15m}, {@code 30s}, {@code 500ms}, {@code 2w}, or ISO-8601 time-based durations
 * ({@code PT1H}, {@code P2DT3H}; ISO weeks, months and years are not durations of fixed length).
 */
public final class HumanDuration {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d|w))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private HumanDuration() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with the accepted forms when {@code text} is not one of them
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required, e.g. 90d, 24h, 1h30m, 15m or 30s");
        }
        String value = text.strip();
        if (value.length() > 64) {
            throw invalid(text);
        }
        if (value.charAt(0) == 'P' || value.charAt(0) == 'p') {
            try {
                Duration duration = Duration.parse(value);
                if (duration.isNegative()) {
                    throw invalid(text);
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(value).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        try {
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(
                        switch (part.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            case "h" -> Duration.ofHours(amount);
                            case "d" -> Duration.ofDays(amount);
                            case "w" -> Duration.ofDays(Math.multiplyExact(amount, 7));
                            default -> throw invalid(text);
                        });
            }
        } catch (ArithmeticException e) {
            throw invalid(text);
        }
        return total;
    }

    /**
     * Text that {@link #parse(String)} reads back as {@code duration}: {@code 1h30m} for whole milliseconds,
     * ISO-8601 for finer durations.
     */
    public static String format(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be zero or positive");
        }
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toString();
        }
        StringBuilder out = new StringBuilder();
        long days = duration.toDays();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (duration.toHoursPart() > 0) {
            out.append(duration.toHoursPart()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            out.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            out.append(duration.toSecondsPart()).append('s');
        }
        if (duration.toMillisPart() > 0) {
            out.append(duration.toMillisPart()).append("ms");
        }
        return out.length() == 0 ? duration.toString() : out.toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("duration " + SafeText.quoted(text) + " is invalid: write a number and"
                + " a unit (ms, s, m, h, d, w), e.g. 90d, 24h, 1h30m, or ISO-8601 such as PT1H");
    }
}
