package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.RetryableException;
import io.sluice.plugin.ThrottledException;
import io.sluice.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The decisions SmallRye Fault Tolerance's retry asks of a call's schedule: whether to retry, then how long to
 * wait. The waits themselves are the library's (AppHttpClientTest covers them against a fake app).
 */
class RetryScheduleTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final Instant t0 = clock.instant();

    private RetrySchedule schedule(Instant deadline) {
        return new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(4), clock, deadline, failure -> false);
    }

    @Test
    void backoffGrowsFromTheBaseUpToTheCapWithFullJitter() {
        RetrySchedule schedule = schedule(Instant.MAX);
        RetryableException transientFailure = new RetryableException("503");
        for (long ceiling : new long[] {1000, 2000, 4000, 4000, 4000}) {
            assertThat(schedule.retries(transientFailure)).isTrue();
            assertThat(schedule.nextDelayInMillis(transientFailure)).isBetween(0L, ceiling);
        }
    }

    @Test
    void aRetryAfterReplacesTheBackoffAndAPastOneRetriesAtOnce() {
        RetrySchedule schedule = schedule(Instant.MAX);
        ThrottledException throttled = new ThrottledException("429", t0.plusSeconds(7));
        assertThat(schedule.retries(throttled)).isTrue();
        assertThat(schedule.nextDelayInMillis(throttled)).isEqualTo(7000);

        ThrottledException past = new ThrottledException("429", t0.minusSeconds(3));
        assertThat(schedule.retries(past)).isTrue();
        assertThat(schedule.nextDelayInMillis(past)).isZero();
    }

    @Test
    void aRetryAfterTheRateLimiterAlreadyHoldsIsNotWaitedTwice() {
        ThrottledException throttled = new ThrottledException("429", t0.plusSeconds(7));
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(4), clock, Instant.MAX, f -> f == throttled);

        assertThat(schedule.retries(throttled)).isTrue();
        assertThat(schedule.nextDelayInMillis(throttled)).isZero();
    }

    @Test
    void noRetryThatCouldNotStartByTheDeadline() {
        assertThat(schedule(t0.plusSeconds(30)).retries(new ThrottledException("429", t0.plusSeconds(60)))).isFalse();
        assertThat(schedule(t0.plusSeconds(60)).retries(new ThrottledException("429", t0.plusSeconds(60)))).isTrue();
        assertThat(schedule(t0.minusMillis(1)).retries(new RetryableException("503"))).isFalse();
    }

    @Test
    void permanentFailuresAreNotRetried() {
        assertThat(schedule(Instant.MAX).retries(new IllegalArgumentException("400 invalid email"))).isFalse();
    }
}
