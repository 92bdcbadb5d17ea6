package io.sluice.plugins.hubspot;

import io.sluice.plugin.support.ResponseJson;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.ThrottledException;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.RateLimitCategory;
import io.sluice.plugin.support.RateLimitDeadlineException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Answers HubSpot asks to try again later, once the HTTP client's own retries are spent. A 429's body says which
 * limit was hit ({@code {"status":"error","errorType":"RATE_LIMIT","policyName":"DAILY"|"TEN_SECONDLY_ROLLING",
 * "message":...}}, "API usage guidelines"); its {@code X-HubSpot-RateLimit-*} headers are quoted in the message.
 * The daily limit is spent for hours (it resets at midnight in the account's time zone), so a {@code DAILY} 429
 * pauses the request's rate-limit category for {@code daily-limit-pause}: later batches wait for it, or are
 * {@code DELAYED} when the pause passes the run's time limit; the batch itself fails with a
 * {@link RateLimitDeadlineException} in that case (records delayed, not failed), else with a
 * {@link ThrottledException}. Other 429s, 5xx, 423 (record locked) and 477 (migration in progress; both from the
 * error handling guide) fail the batch with a {@link RetryableException}.
 */
final class Throttling {
    private final String connection;
    private final AppHttpClient http;
    private final Clock clock;
    private final Duration dailyLimitPause;

    Throttling(String connection, AppHttpClient http, Clock clock, Duration dailyLimitPause) {
        this.connection = connection;
        this.http = http;
        this.clock = clock;
        this.dailyLimitPause = dailyLimitPause;
    }

    static boolean isTransient(HttpAnswer answer) {
        return answer.isTransient() || answer.status() == 423 || answer.status() == 477;
    }

    /** The failure for a transient answer (see {@link #isTransient}) to a request for {@code what}. */
    RuntimeException failure(HttpAnswer answer, String what, Instant deadline) {
        String message = "connection '" + connection + "': " + answer.describe() + " for " + what + ": " + Json.errorSummary(answer.body())
                + rateLimitHeaders(answer);
        if (answer.status() != 429) {
            return new RetryableException(message);
        }
        boolean daily = ResponseJson.container(answer.body()).flatMap(b -> Json.text(b, "policyName"))
                .map(p -> p.toUpperCase(Locale.ROOT).contains("DAILY")).orElse(false);
        Optional<RateLimitCategory> category = http.rateLimiter().categoryFor(answer.method(), answer.url());
        if (!daily || category.isEmpty()) {
            return new ThrottledException(message, null);
        }
        Instant until = clock.instant().plus(dailyLimitPause);
        http.rateLimiter().pause(category.get().name(), until);
        if (until.isAfter(deadline)) {
            return new RateLimitDeadlineException(category.get().name(), until, deadline);
        }
        return new ThrottledException(message + "; category '" + category.get().name() + "' paused until " + until, until);
    }

    private static String rateLimitHeaders(HttpAnswer answer) {
        String headers = answer.headers().entrySet().stream()
                .filter(e -> e.getKey().startsWith("x-hubspot-ratelimit-"))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return headers.isEmpty() ? "" : " [" + headers + "]";
    }
}
