package io.sluice.plugins.salesforce;

import io.sluice.plugin.support.HttpAnswer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's API usage as Salesforce reports it on REST responses in the {@code Sforce-Limit-Info} header
 * ({@code api-usage=25/15000}: calls made in the last 24 hours / the org's daily allocation). The latest value
 * is kept for metrics; each outcome also carries the value of the response that answered it.
 */
public final class ApiUsage {
    static final String HEADER = "Sforce-Limit-Info";
    private static final Pattern API_USAGE = Pattern.compile("(?<![\\w-])api-usage=(\\d+)/(\\d+)");

    /** One reading: {@code used} calls of {@code max} in the rolling 24 hours. */
    public record Reading(long used, long max) {
        /** {@code 25/15000}, as the header writes it. */
        public String text() {
            return used + "/" + max;
        }
    }

    private final AtomicReference<Reading> latest = new AtomicReference<>();

    /** Remembers the reading of an answer, if it has one, and returns it. */
    Optional<Reading> record(HttpAnswer answer) {
        Optional<Reading> reading = parse(answer.header(HEADER));
        reading.ifPresent(latest::set);
        return reading;
    }

    /** The latest reading, if any response carried one. */
    public Optional<Reading> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** The {@code api-usage} part of a {@code Sforce-Limit-Info} value (which may list other limits too). */
    static Optional<Reading> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = API_USAGE.matcher(header);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Reading(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
