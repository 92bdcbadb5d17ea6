package io.sluice.plugin.support;

import java.time.Duration;
import java.time.Instant;

/** Instants as nanoseconds since the epoch, saturating at the ends instead of overflowing. */
final class Nanos {
    private Nanos() {
    }

    static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    static long plus(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the same sign and the sum's sign differs.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    static Duration between(long from, long to) {
        return Duration.ofNanos(to - from);
    }
}
