package io.sluice.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The run's deadline and cancellation: once stopped, no further batch is sent and what remains becomes {@code DELAYED}. */
public final class RunControl {
    private final Clock clock;
    private final Instant deadline;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public RunControl(Clock clock, Instant deadline) {
        this.clock = clock;
        this.deadline = deadline;
    }

    public void cancel() {
        stop("cancelled");
    }

    /** Stops sending for the given reason (the first reason sticks). */
    public void stop(String reason) {
        stopReason.compareAndSet(null, reason);
    }

    /**
     * Stops sending because the run must fail with {@code cause} (the app went down while records were being sent
     * again): what the app already answered is committed first, then the run ends {@code FAILED} with it.
     */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        stop("failed: " + cause.getMessage());
    }

    /** The failure the run must end with once its answered records are committed, or {@code null}. */
    public Throwable failure() {
        return failure.get();
    }

    /** The run's time limit, handed to plugins so that no wait goes past it. */
    public Instant deadline() {
        return deadline;
    }

    /** Whether sending must stop; the first reason observed sticks. */
    public boolean shouldStop() {
        if (stopReason.get() == null && !clock.instant().isBefore(deadline)) {
            stopReason.compareAndSet(null, "time limit reached (" + deadline + ")");
        }
        return stopReason.get() != null;
    }

    /** Whether a wait of {@code wait} from now would still end before the deadline. */
    public boolean hasTimeFor(java.time.Duration wait) {
        return clock.instant().plus(wait).isBefore(deadline);
    }

    /** Why the run stopped, or {@code null} if it did not. */
    public String stopReason() {
        return stopReason.get();
    }
}
