package io.sluice.plugin.support;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Delays between attempts: exponential from {@code base}, capped at {@code cap}, with jitter so that callers
 * that failed together do not retry together. Thread-safe (draws from the generator under its lock).
 *
 * <p>Jitter, after AWS's "Exponential Backoff and Jitter": {@link Jitter#FULL} waits a uniform time in
 * {@code [0, min(cap, base * 2^(retry-1))]}; {@link Jitter#DECORRELATED} waits a uniform time in
 * {@code [base, 3 * previous]}, capped; {@link Jitter#NONE} waits exactly {@code min(cap, base * 2^(retry-1))}.
 */
public final class Backoff {
    /** The default first delay. */
    public static final Duration DEFAULT_BASE = Duration.ofMillis(500);
    /** The default longest delay. */
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);

    /** How the delay is spread. */
    public enum Jitter { NONE, FULL, DECORRELATED }

    private final Jitter jitter;
    private final long base;
    private final long cap;
    private final RandomGenerator random;

    /**
     * @param random the source of jitter; pass a seeded generator for repeatable tests
     * @throws IllegalArgumentException unless {@code 0 < base <= cap}
     */
    public Backoff(Jitter jitter, Duration base, Duration cap, RandomGenerator random) {
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.base = base.toNanos();
        this.cap = cap.toNanos();
        this.random = Objects.requireNonNull(random, "random");
        if (this.base <= 0 || this.base > this.cap) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
        }
    }

    /** Full jitter, 500 ms base, 30 s cap. */
    public static Backoff defaults() {
        return new Backoff(Jitter.FULL, DEFAULT_BASE, DEFAULT_CAP, new SplittableRandom());
    }

    /**
     * The delay before a retry.
     *
     * @param retry    1 for the first retry (the second attempt), 2 for the next, ...
     * @param previous the delay before the previous retry, or {@link Duration#ZERO} before the first
     *                 (only {@link Jitter#DECORRELATED} uses it)
     */
    public Duration delay(int retry, Duration previous) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        return Duration.ofNanos(switch (jitter) {
            case NONE -> exponential(retry);
            case FULL -> uniform(0, exponential(retry));
            case DECORRELATED -> {
                long prev = Math.max(base, previous.toNanos());
                yield Math.min(cap, uniform(base, prev > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : prev * 3));
            }
        });
    }

    /** {@code min(cap, base * 2^(retry-1))} without overflowing. */
    private long exponential(int retry) {
        int shift = retry - 1;
        return shift >= 62 || base > (cap >> shift) ? cap : base << shift;
    }

    /** Uniform in {@code [low, high]}. */
    private long uniform(long low, long high) {
        if (high <= low) {
            return low;
        }
        synchronized (random) {
            return high == Long.MAX_VALUE ? random.nextLong(low, high) : random.nextLong(low, high + 1);
        }
    }

    @Override
    public String toString() {
        return "Backoff[" + jitter + ", base " + Duration.ofNanos(base) + ", cap " + Duration.ofNanos(cap) + "]";
    }
}
