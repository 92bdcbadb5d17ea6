package io.sluice.plugin;

import java.time.Instant;
import java.util.Optional;

/**
 * The app throttled the request (typically HTTP 429, sometimes 503), possibly saying when to try again
 * ({@code Retry-After}). Retrying honours {@link #retryAt()} when present instead of its own backoff.
 */
public class ThrottledException extends RetryableException {
    private final Instant retryAt;

    /**
     * @param message what was throttled, for logs and results
     * @param retryAt when the app allows the next attempt, or {@code null} when it did not say
     */
    public ThrottledException(String message, Instant retryAt) {
        this(message, retryAt, null);
    }

    /** Like {@link #ThrottledException(String, Instant)}, keeping the underlying cause. */
    public ThrottledException(String message, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.retryAt = retryAt;
    }

    /** When the app allows the next attempt, if it said so. */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
