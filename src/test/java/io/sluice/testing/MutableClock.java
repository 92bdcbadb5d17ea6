package io.sluice.testing;

import io.sluice.plugin.support.Delayer;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move by hand. Thread-safe; the zone is UTC. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock at 2026-01-01T00:00:00Z. */
    public static MutableClock atDefaultStart() {
        return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }

    /**
     * A {@link Delayer} that moves this clock at once instead of waiting, and adds each wait (zero ones
     * included) to {@code waits}.
     */
    public Delayer delayer(List<Duration> waits) {
        return wait -> {
            waits.add(wait);
            advance(wait);
            return Uni.createFrom().voidItem();
        };
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a MutableClock is always UTC");
    }
}
