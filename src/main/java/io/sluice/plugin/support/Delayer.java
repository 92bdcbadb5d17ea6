package io.sluice.plugin.support;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Waits without blocking: a {@link Uni} that completes after a duration. The rate limiter waits through this (and
 * with it a 429's {@code Retry-After} pause), so tests can substitute one that moves a manual clock instead of
 * sleeping. Retry backoff and the circuit breaker's open time run on SmallRye Fault Tolerance's own timer.
 */
@FunctionalInterface
public interface Delayer {

    /** Mutiny's own timer ({@code onItem().delayIt()} on the default worker pool). */
    Delayer MUTINY = wait -> delayed(wait, null);

    /** A {@link Uni} that emits {@code null} once {@code wait} has passed; at once when it is zero or negative. */
    Uni<Void> delay(Duration wait);

    /** Mutiny's timer on the given executor. */
    static Delayer on(ScheduledExecutorService executor) {
        return wait -> delayed(wait, executor);
    }

    private static Uni<Void> delayed(Duration wait, ScheduledExecutorService executor) {
        if (wait.isZero() || wait.isNegative()) {
            return Uni.createFrom().voidItem();
        }
        // Mutiny schedules in whole milliseconds, truncating; round up so nobody sends before their slot.
        Duration millis = Duration.ofMillis(wait.plusNanos(999_999).toMillis());
        var delay = Uni.createFrom().voidItem().onItem().delayIt();
        return (executor == null ? delay : delay.onExecutor(executor)).by(millis);
    }
}
