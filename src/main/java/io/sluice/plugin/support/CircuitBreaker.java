package io.sluice.plugin.support;

import io.sluice.plugin.AppUnavailableException;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Makes a dead app fail fast instead of being hammered. After {@code threshold} consecutive calls that failed
 * transiently (after their retries), the breaker opens for {@code openFor}: calls fail at once with
 * {@link AppUnavailableException}. Then one trial call is let through (half-open): success closes the breaker,
 * failure opens it again. Permanent failures (a 4xx) prove the app is up and reset the count. One breaker per
 * connection, shared by every sync using it; thread-safe; time from the injected clock.
 */
public final class CircuitBreaker {
    private final String connection;
    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final Predicate<Throwable> transientFailure;
    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialInFlight;
    private String lastFailure;

    public CircuitBreaker(String connection, int threshold, Duration openFor, Clock clock, Predicate<Throwable> transientFailure) {
        if (threshold < 1) {
            throw new IllegalArgumentException("circuit breaker threshold must be at least 1, was " + threshold);
        }
        this.connection = connection;
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
        this.transientFailure = transientFailure;
    }

    /** Runs the call unless the breaker is open, and records how it ended. */
    public <T> Uni<T> call(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            String refusal = admit();
            if (refusal != null) {
                return Uni.createFrom().failure(new AppUnavailableException(refusal, null));
            }
            return call.get()
                    .onItem().invoke(this::succeeded)
                    .onFailure().invoke(this::failed);
        });
    }

    private synchronized String admit() {
        if (openUntil == null) {
            return null;
        }
        if (clock.instant().isBefore(openUntil) || trialInFlight) {
            return "connection '" + connection + "': the app looks down (" + consecutiveFailures
                    + " consecutive failed calls; last: " + lastFailure + "); not calling it until " + openUntil;
        }
        trialInFlight = true;
        return null;
    }

    private synchronized void succeeded() {
        consecutiveFailures = 0;
        openUntil = null;
        trialInFlight = false;
    }

    private synchronized void failed(Throwable failure) {
        trialInFlight = false;
        if (!transientFailure.test(failure)) {
            consecutiveFailures = 0;
            openUntil = null;
            return;
        }
        consecutiveFailures++;
        lastFailure = String.valueOf(failure.getMessage());
        if (consecutiveFailures >= threshold) {
            openUntil = clock.instant().plus(openFor);
        }
    }

    /** Whether calls are currently refused. */
    public synchronized boolean isOpen() {
        return openUntil != null && clock.instant().isBefore(openUntil);
    }
}
