package io.sluice.plugin.support;

import io.sluice.plugin.ThrottledException;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Retries transient failures ({@link RetryClassifier}) with {@link Backoff}, within a number of attempts and a
 * deadline, without blocking a thread. A {@link ThrottledException} that carries a {@code retryAt} is retried
 * at that instant instead of after the backoff. When the next attempt could not start before the deadline,
 * or attempts run out, or the failure is permanent, the call fails with the last failure, unchanged.
 */
public final class RetryPolicy {
    /** Attempts in all, the first one included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private final int maxAttempts;
    private final Backoff backoff;
    private final Clock clock;
    private final Delayer delayer;

    /**
     * @param maxAttempts attempts in all, the first one included (1: no retries)
     * @param clock       the time compared with deadlines and {@code retryAt}
     * @param delayer     how to wait between attempts
     */
    public RetryPolicy(int maxAttempts, Backoff backoff, Clock clock, Delayer delayer) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delayer = Objects.requireNonNull(delayer, "delayer");
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Subscribes to {@code call.get()}, and again after each transient failure, until it succeeds or the
     * retries end. Each attempt gets a fresh {@link Uni} from the supplier; a supplier that throws counts as a
     * failed attempt.
     *
     * @param deadline no attempt starts after it; use {@link Instant#MAX} for none
     */
    public <T> Uni<T> withRetries(Supplier<Uni<T>> call, Instant deadline) {
        return attempt(call, deadline, 1, Duration.ZERO);
    }

    private <T> Uni<T> attempt(Supplier<Uni<T>> call, Instant deadline, int attempt, Duration previousDelay) {
        return Uni.createFrom().<T>deferred(call::get).onFailure().recoverWithUni(failure -> {
            if (attempt >= maxAttempts || !RetryClassifier.isRetryable(failure)) {
                return Uni.createFrom().failure(failure);
            }
            Instant now = clock.instant();
            Duration delay = delayBefore(attempt, previousDelay, failure, now);
            if (now.plus(delay).isAfter(deadline)) {
                return Uni.createFrom().failure(failure);
            }
            return delayer.delay(delay).chain(() -> attempt(call, deadline, attempt + 1, delay));
        });
    }

    /**
     * How long to wait after a failed attempt before the next one: until the failure's {@code retryAt} when it
     * is a {@link ThrottledException} that says, else the backoff for this retry.
     *
     * @param failedAttempt the number of the attempt that failed, from 1
     * @param previousDelay the delay before that attempt ({@link Duration#ZERO} for the first)
     */
    public Duration delayBefore(int failedAttempt, Duration previousDelay, Throwable failure, Instant now) {
        if (failure instanceof ThrottledException throttled && throttled.retryAt().isPresent()) {
            Duration untilRetryAt = Duration.between(now, throttled.retryAt().get());
            return untilRetryAt.isNegative() ? Duration.ZERO : untilRetryAt;
        }
        return backoff.delay(failedAttempt, previousDelay);
    }
}
