package io.sluice.plugin.support;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3): either delay-seconds ({@code 120}) or an
 * HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}; the obsolete RFC 850 and asctime forms are accepted too,
 * as RFC 9110 asks of recipients).
 */
public final class RetryAfter {
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM")
            .appendLiteral(' ')
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("d HH:mm:ss yyyy")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    private RetryAfter() {
    }

    /**
     * The instant the header names, relative to {@code now} for delay-seconds. A date in the past is returned
     * as is (no wait). Empty for a missing, negative or unreadable value.
     */
    public static Optional<Instant> parse(String headerValue, Instant now) {
        if (headerValue == null || headerValue.isBlank()) {
            return Optional.empty();
        }
        String value = headerValue.trim();
        if (value.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
            return seconds(value, now);
        }
        return date(value, now);
    }

    private static Optional<Instant> seconds(String value, Instant now) {
        try {
            BigDecimal seconds = new BigDecimal(value);
            // Some servers send fractions; a bigger delay than a year is not a delay we would honour anyway.
            if (seconds.compareTo(BigDecimal.valueOf(366L * 24 * 3600)) > 0) {
                return Optional.empty();
            }
            return Optional.of(now.plusNanos(seconds.movePointRight(9).longValue()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> date(String value, Instant now) {
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, rfc850(now), ASCTIME}) {
            try {
                return Optional.of(ZonedDateTime.parse(value, format).toInstant());
            } catch (DateTimeException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}: a two-digit year more than 50 years ahead is in the past. */
    private static DateTimeFormatter rfc850(Instant now) {
        LocalDate base = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(49);
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US)
                .withZone(ZoneOffset.UTC);
    }
}
