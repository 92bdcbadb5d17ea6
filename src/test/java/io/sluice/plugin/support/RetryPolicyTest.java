package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.RetryableException;
import io.sluice.plugin.ThrottledException;
import io.sluice.plugin.support.Backoff.Jitter;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final Instant t0 = clock.instant();
    private final List<Duration> waits = new ArrayList<>();
    private final Delayer clockDelayer = wait -> {
        waits.add(wait);
        clock.advance(wait);
        return Uni.createFrom().voidItem();
    };
    /** No jitter, so waits are 1 s, 2 s, 4 s, 8 s. */
    private final RetryPolicy policy = new RetryPolicy(5,
            new Backoff(Jitter.NONE, Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(1)), clock, clockDelayer);
    private final AtomicInteger attempts = new AtomicInteger();

    /** A call that fails with the given failures in turn, then answers "ok". */
    private Supplier<Uni<String>> failing(RuntimeException... failures) {
        return () -> {
            int n = attempts.getAndIncrement();
            return n < failures.length ? Uni.createFrom().failure(failures[n]) : Uni.createFrom().item("ok");
        };
    }

    @Test
    void retriesTransientFailuresThenSucceeds() {
        String result = policy.withRetries(failing(new RetryableException("503"), new RetryableException("502")), Instant.MAX)
                .await().indefinitely();

        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void doesNotRetryAPermanentFailure() {
        IllegalArgumentException invalid = new IllegalArgumentException("400 invalid email");

        assertThatThrownBy(() -> policy.withRetries(failing(invalid), Instant.MAX).await().indefinitely()).isSameAs(invalid);
        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void stopsAtMaxAttemptsWithTheLastFailure() {
        RuntimeException[] failures = new RuntimeException[6];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new RetryableException("failure " + (i + 1));
        }

        assertThatThrownBy(() -> policy.withRetries(failing(failures), Instant.MAX).await().indefinitely())
                .isSameAs(failures[4]);
        assertThat(attempts).hasValue(5);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void honoursRetryAfterInsteadOfTheBackoff() {
        String result = policy.withRetries(failing(new ThrottledException("429", t0.plusSeconds(7)),
                new ThrottledException("429 without Retry-After", null)), Instant.MAX).await().indefinitely();

        assertThat(result).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterInThePastRetriesAtOnce() {
        policy.withRetries(failing(new ThrottledException("429", t0.minusSeconds(3))), Instant.MAX).await().indefinitely();

        assertThat(waits).containsExactly(Duration.ZERO);
    }

    @Test
    void neverWaitsPastTheDeadline() {
        RetryableException first = new RetryableException("first");
        RetryableException second = new RetryableException("second");

        // 1 s wait fits before t0+2.5s; the next, 2 s from t0+1s, would not.
        assertThatThrownBy(() -> policy.withRetries(failing(first, second), t0.plusMillis(2500)).await().indefinitely())
                .isSameAs(second);
        assertThat(attempts).hasValue(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(1));
    }

    @Test
    void aRetryAfterPastTheDeadlineFailsAtOnce() {
        ThrottledException throttled = new ThrottledException("429", t0.plusSeconds(60));

        assertThatThrownBy(() -> policy.withRetries(failing(throttled), t0.plusSeconds(30)).await().indefinitely())
                .isSameAs(throttled);
        assertThat(waits).isEmpty();
    }

    @Test
    void aSupplierThatThrowsCountsAsAFailedAttempt() {
        Supplier<Uni<String>> call = () -> {
            if (attempts.getAndIncrement() == 0) {
                throw new RetryableException("thrown");
            }
            return Uni.createFrom().item("ok");
        };

        assertThat(policy.withRetries(call, Instant.MAX).await().indefinitely()).isEqualTo("ok");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void waitsWithMutinysTimer() {
        RetryPolicy real = new RetryPolicy(3, new Backoff(Jitter.FULL, Duration.ofMillis(1), Duration.ofMillis(5),
                new SplittableRandom(9)), Clock.systemUTC(), Delayer.MUTINY);

        String result = real.withRetries(failing(new RetryableException("503"), new RetryableException("503")), Instant.MAX)
                .await().atMost(Duration.ofSeconds(5));

        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void atLeastOneAttempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Backoff.defaults(), clock, clockDelayer))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
