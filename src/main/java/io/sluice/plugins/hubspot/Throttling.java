package io.sluice.plugins.hubspot;

import io.sluice.plugin.RetryableException;
import io.sluice.plugin.ThrottledException;
import io.sluice.plugin.support.HttpAnswer;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers HubSpot asks to try again later, once the HTTP client's own retries are spent (the daily limit pauses
 * before that: {@link DailyLimit}). A 429 fails the batch with a {@link ThrottledException} whose message names
 * the limit and quotes the {@code X-HubSpot-RateLimit-*} headers; 5xx, 423 (record locked) and 477 (migration in
 * progress; both from the error handling guide) fail it with a {@link RetryableException}.
 */
final class Throttling {
    private final String connection;

    Throttling(String connection) {
        this.connection = connection;
    }

    static boolean isTransient(HttpAnswer answer) {
        return answer.isTransient() || answer.status() == 423 || answer.status() == 477;
    }

    /** The failure for a transient answer (see {@link #isTransient}) to a request for {@code what}. */
    RuntimeException failure(HttpAnswer answer, String what) {
        String message = "connection '" + connection + "': " + answer.describe() + " for " + what + ": " + Json.errorSummary(answer.body())
                + rateLimitHeaders(answer);
        return answer.status() == 429 ? new ThrottledException(message, null) : new RetryableException(message);
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
