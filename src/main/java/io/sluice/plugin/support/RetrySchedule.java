package io.sluice.plugin.support;

import io.sluice.plugin.ThrottledException;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * When one call's next attempt may start, for SmallRye Fault Tolerance's retry ({@link ConnectionGuard}): at the
 * instant a throttled answer names ({@link ThrottledException#retryAt()}: {@code Retry-After} or the plugin's
 * {@link AppHttpClient.NextTry}), else after an exponential backoff from {@code base}, capped at {@code max}, with
 * full jitter (uniform in {@code [0, min(max, base * 2^(attempt-1))]}, so that callers that failed together do not
 * retry together). A retry that could not start by the call's deadline is not attempted: the last failure stands.
 *
 * <p>Why this is hand-written: the library's exponential backoff cannot honour {@code Retry-After} and its jitter
 * is additive rather than full, and its retry has no per-call deadline (its {@code maxDuration} is per guard and
 * does not count the coming delay). {@link ConnectionGuard} asks {@link #retries} whether a failure is retried, then
 * {@link #nextDelayInMillis} how long to wait before the retry, and hands both to the library's retry; the first
 * decides the delay so that the deadline check and the wait agree. One instance per call: it counts that call's
 * attempts.
 */
final class RetrySchedule implements CustomBackoffStrategy {
    private final Duration base;
    private final Duration max;
    private final Clock clock;
    private final Instant deadline;
    private final Predicate<Throwable> heldByLimiter;
    private int failedAttempts;
    private long delayMillis;

    /**
     * @param heldByLimiter whether the rate limiter already holds the retry of this failure until its
     *                      {@code retryAt} (a 429 pauses its category), so the retry itself need not wait: the
     *                      limiter waits on the injected clock and every request of the category waits with it
     */
    RetrySchedule(Duration base, Duration max, Clock clock, Instant deadline, Predicate<Throwable> heldByLimiter) {
        this.base = base;
        this.max = max;
        this.clock = clock;
        this.deadline = deadline;
        this.heldByLimiter = heldByLimiter;
    }

    /** Whether the call is tried again after this failure: it is transient and the retry can start by the deadline. */
    synchronized boolean retries(Throwable failure) {
        failedAttempts++;
        if (!RetryClassifier.isRetryable(failure)) {
            return false;
        }
        Instant now = clock.instant();
        Optional<Instant> retryAt = failure instanceof ThrottledException throttled ? throttled.retryAt() : Optional.empty();
        Instant next = retryAt.orElseGet(() -> now.plus(backoff()));
        if (next.isAfter(deadline)) {
            return false;
        }
        // whole milliseconds, rounded up: the library waits in milliseconds, and never before Retry-After
        delayMillis = heldByLimiter.test(failure) || !next.isAfter(now) ? 0 : Duration.between(now, next).plusNanos(999_999).toMillis();
        return true;
    }

    @Override
    public synchronized long nextDelayInMillis(Throwable cause) {
        return delayMillis;
    }

    /** Full jitter over {@code min(max, base * 2^(failedAttempts-1))}, without overflowing. */
    private Duration backoff() {
        long baseNanos = base.toNanos();
        long capNanos = max.toNanos();
        int shift = failedAttempts - 1;
        long ceiling = shift >= 62 || baseNanos > (capNanos >> shift) ? capNanos : baseNanos << shift;
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
