package io.sluice.plugin.support;

import io.sluice.plugin.AppUnavailableException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Retries and the circuit breaker of one connection's calls, on SmallRye Fault Tolerance's programmatic API
 * ({@link TypedGuard} over Mutiny {@link Uni}s). {@link RetryClassifier} is the one judge of what is transient.
 *
 * <p>The circuit breaker wraps the retries, so it counts calls, not attempts: after {@code threshold} calls in a
 * row that failed transiently (after their retries) it opens for {@code openFor}, and calls fail at once with
 * {@link AppUnavailableException}; then one trial call is let through (half-open): success closes it, failure opens
 * it again. Permanent failures (a 4xx) prove the app is up and count as successes. "In a row" is the library's
 * rolling window of the last {@code threshold} calls with a failure ratio of 1. One breaker per connection, shared
 * by every sync using it. Its open time runs on the library's timer, not on the injected clock.
 *
 * <p>Retries follow a {@link RetrySchedule}: at most {@code maxAttempts} attempts, none that could not start by
 * the call's deadline. The deadline is per call and the library's retry decisions are per guard, so each call's own
 * schedule judges its failures where they happen: a failure to retry travels through the guard wrapped in a
 * {@link Retry} carrying its delay, the one thing the connection's single retry guard retries on, and the last one is
 * unwrapped after it. Both guards are built once per connection (a guard built per call showed in the send path's
 * profile, docs/benchmarks.md).
 */
final class ConnectionGuard {
    private static final TypeLiteral<Uni<HttpAnswer>> ANSWER = new TypeLiteral<>() {
    };

    private final String connection;
    private final int maxAttempts;
    private final Duration retryBase;
    private final Duration retryMax;
    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final Predicate<Throwable> heldByLimiter;
    private final TypedGuard<Uni<HttpAnswer>> breaker;
    private final TypedGuard<Uni<HttpAnswer>> retries;
    private volatile String lastFailure;
    private volatile Instant openUntil;

    /**
     * @param heldByLimiter whether a failure's {@code retryAt} is already enforced by the rate limiter
     *                      ({@link RetrySchedule})
     */
    ConnectionGuard(String connection, AppHttpClient.Options options, Clock clock, Predicate<Throwable> heldByLimiter) {
        this.connection = connection;
        this.maxAttempts = options.maxAttempts();
        this.retryBase = options.retryBase();
        this.retryMax = options.retryMax();
        this.threshold = options.breakerThreshold();
        this.openFor = options.breakerOpenFor();
        this.clock = clock;
        this.heldByLimiter = heldByLimiter;
        this.breaker = TypedGuard.create(ANSWER)
                .withDescription("connection '" + connection + "' circuit breaker")
                .withCircuitBreaker()
                .requestVolumeThreshold(threshold)
                .failureRatio(1.0)
                .successThreshold(1)
                .delay(Math.max(1, openFor.toMillis()), ChronoUnit.MILLIS)
                .when(RetryClassifier::isRetryable)
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        openUntil = clock.instant().plus(openFor);
                    }
                })
                .done()
                .build();
        this.retries = TypedGuard.create(ANSWER)
                // the library keeps its ft_* meters per description (none without one): one per connection
                .withDescription("connection '" + connection + "' retries")
                .withRetry()
                .maxRetries(maxAttempts - 1)
                .maxDuration(0, ChronoUnit.MILLIS) // no overall limit but the call's deadline (the library's default is 3 min)
                .whenException(Retry.class::isInstance)
                .withCustomBackoff().strategy(() -> new CustomBackoffStrategy() {
                    @Override
                    public long nextDelayInMillis(Throwable cause) {
                        return ((Retry) cause).delayMillis;
                    }
                }).done()
                .done()
                .build();
    }

    /** A failure the call's {@link RetrySchedule} retries, after {@code delayMillis}; unwrapped when retries end. */
    private static final class Retry extends RuntimeException {
        final long delayMillis;

        Retry(Throwable failure, long delayMillis) {
            super(failure.getMessage(), failure, false, false);
            this.delayMillis = delayMillis;
        }
    }

    /**
     * Runs {@code attempt} (a fresh {@link Uni} for each try) under the breaker and the retries; fails with the
     * last failure when the retries end, or with {@link AppUnavailableException} while the breaker is open.
     */
    Uni<HttpAnswer> call(Supplier<Uni<HttpAnswer>> attempt, Instant deadline) {
        return breaker.get(() -> retried(attempt, deadline)
                        .onFailure(RetryClassifier::isRetryable).invoke(failure -> lastFailure = ResponseJson.oneLine(String.valueOf(failure.getMessage()), 1000)))
                .onFailure(CircuitBreakerOpenException.class).transform(open -> new AppUnavailableException("connection '" + connection
                        + "': the app looks down (" + threshold + " consecutive failed calls; last: " + lastFailure
                        + "); not calling it until " + openUntil, open));
    }

    /** The attempts of one call under the connection's retry guard, judged by the call's own schedule. */
    private Uni<HttpAnswer> retried(Supplier<Uni<HttpAnswer>> attempt, Instant deadline) {
        RetrySchedule schedule = new RetrySchedule(retryBase, retryMax, clock, deadline, heldByLimiter);
        return retries.get(() -> attempt.get().onFailure().transform(failure -> schedule.retries(failure)
                        ? new Retry(failure, schedule.nextDelayInMillis(failure)) : failure))
                .onFailure(Retry.class).transform(Throwable::getCause);
    }
}
