package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.support.Backoff.Jitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(30);

    @Test
    void withoutJitterDelaysDoubleUpToTheCap() {
        Backoff backoff = new Backoff(Jitter.NONE, BASE, CAP, new SplittableRandom(1));

        List<Long> millis = new ArrayList<>();
        for (int retry = 1; retry <= 9; retry++) {
            millis.add(backoff.delay(retry, Duration.ZERO).toMillis());
        }

        assertThat(millis).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(backoff.delay(Integer.MAX_VALUE, Duration.ZERO)).isEqualTo(CAP);
    }

    @Test
    void fullJitterStaysWithinTheExponentialBoundAndGrows() {
        Backoff backoff = new Backoff(Jitter.FULL, BASE, CAP, new SplittableRandom(42));
        double previousMean = 0;
        for (int retry = 1; retry <= 8; retry++) {
            long bound = Math.min(CAP.toMillis(), BASE.toMillis() << (retry - 1));
            long sum = 0;
            for (int i = 0; i < 400; i++) {
                long d = backoff.delay(retry, Duration.ZERO).toMillis();
                assertThat(d).isBetween(0L, bound);
                sum += d;
            }
            double mean = sum / 400.0;
            assertThat(mean).isBetween(bound * 0.4, bound * 0.6);
            if (retry <= 6) {
                assertThat(mean).isGreaterThan(previousMean * 1.5);
            }
            previousMean = mean;
        }
    }

    @Test
    void decorrelatedJitterStaysBetweenBaseAndThreeTimesThePreviousCapped() {
        Backoff backoff = new Backoff(Jitter.DECORRELATED, BASE, CAP, new SplittableRandom(7));
        for (int run = 0; run < 50; run++) {
            Duration previous = Duration.ZERO;
            for (int retry = 1; retry <= 12; retry++) {
                Duration d = backoff.delay(retry, previous);
                Duration upper = Duration.ofNanos(Math.max(BASE.toNanos(), previous.toNanos()) * 3);
                assertThat(d).isBetween(BASE, upper.compareTo(CAP) < 0 ? upper : CAP);
                previous = d;
            }
        }
    }

    @Test
    void aSeededGeneratorRepeats() {
        assertThat(sequence(new Backoff(Jitter.FULL, BASE, CAP, new SplittableRandom(3))))
                .isEqualTo(sequence(new Backoff(Jitter.FULL, BASE, CAP, new SplittableRandom(3))));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Jitter.FULL, Duration.ZERO, CAP, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Jitter.FULL, CAP, BASE, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.defaults().delay(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Duration> sequence(Backoff backoff) {
        List<Duration> out = new ArrayList<>();
        for (int retry = 1; retry <= 5; retry++) {
            out.add(backoff.delay(retry, Duration.ZERO));
        }
        return out;
    }
}
