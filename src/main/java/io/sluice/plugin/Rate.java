package io.sluice.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} requests in any window of length {@code period}, written {@code 50/s},
 * {@code 100/10s}, {@code 1000/min}, {@code 10000/h} or {@code 250000/day}.
 *
 * @param permits how many requests (positive)
 * @param period  the window length (positive)
 */
public record Rate(long permits, Duration period) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)?\\s*([a-z]+)");
    private static final String EXAMPLES = "e.g. 50/s, 100/10s, 1000/min, 10000/h, 250000/day";

    public Rate {
        Objects.requireNonNull(period, "period");
        if (permits <= 0) {
            throw new IllegalArgumentException("a rate needs a positive number of requests, got " + permits);
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs a positive period, got " + period);
        }
        try {
            period.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a rate's period is too long: " + period, e);
        }
    }

    /** {@code permits} requests per {@code period}. */
    public static Rate of(long permits, Duration period) {
        return new Rate(permits, period);
    }

    /**
     * Parses one rate. Units: {@code ms}, {@code s}/{@code sec}/{@code second(s)}, {@code m}/{@code min}/{@code
     * minute(s)}, {@code h}/{@code hour(s)}, {@code d}/{@code day(s)}, optionally preceded by a count.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Rate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("not a rate: '" + text + "' is empty (" + EXAMPLES + ")");
        }
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: '" + text + "' (expected <requests>/<period>, " + EXAMPLES + ")");
        }
        Duration unit = unit(m.group(3));
        if (unit == null) {
            throw new IllegalArgumentException("not a rate: '" + text + "' has unknown unit '" + m.group(3)
                    + "' (expected ms, s, min, h or day; " + EXAMPLES + ")");
        }
        try {
            long permits = Long.parseLong(m.group(1));
            long units = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
            if (permits == 0 || units == 0) {
                throw new IllegalArgumentException("not a rate: '" + text + "' must have positive numbers (" + EXAMPLES + ")");
            }
            Duration period = unit.multipliedBy(units);
            period.toNanos();
            return new Rate(permits, period);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a rate: '" + text + "' has a number too large", e);
        }
    }

    /**
     * Parses a comma-separated list such as {@code 100/10s, 250000/day}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<Rate> parseList(String text) {
        List<Rate> rates = new ArrayList<>();
        for (String part : (text == null ? "" : text).split(",")) {
            if (!part.isBlank()) {
                rates.add(parse(part.trim()));
            }
        }
        return List.copyOf(rates);
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(1);
            case "s", "sec", "second", "seconds" -> Duration.ofSeconds(1);
            case "m", "min", "minute", "minutes" -> Duration.ofMinutes(1);
            case "h", "hr", "hour", "hours" -> Duration.ofHours(1);
            case "d", "day", "days" -> Duration.ofDays(1);
            default -> null;
        };
    }

    /** The same text {@link #parse} accepts, in the largest whole unit: {@code 100/10s}, {@code 1000/min}. */
    @Override
    public String toString() {
        long nanos = period.toNanos();
        String[] names = {"day", "h", "min", "s", "ms"};
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
        for (int i = 0; i < names.length; i++) {
            if (nanos % sizes[i] == 0) {
                long count = nanos / sizes[i];
                return permits + "/" + (count == 1 ? "" : count) + names[i];
            }
        }
        return permits + "/" + period;
    }
}
