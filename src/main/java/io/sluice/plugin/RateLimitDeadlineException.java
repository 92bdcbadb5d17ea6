package io.sluice.plugin;

import java.time.Instant;

/**
 * Waiting for a rate-limit slot would pass the deadline (the run's time limit, {@link SendBatch#deadline()}), so no
 * slot was taken. Not a failure of the records concerned: the engine stops the run and leaves them {@code DELAYED} for
 * the next run. Part of the SPI so that the engine can tell it from a plugin bug without knowing plugin support.
 */
public class RateLimitDeadlineException extends RuntimeException {
    private final String category;
    private final Instant availableAt;
    private final Instant deadline;

    public RateLimitDeadlineException(String category, Instant availableAt, Instant deadline) {
        super("rate limit '" + category + "': the next slot, at " + availableAt + ", is after the deadline " + deadline);
        this.category = category;
        this.availableAt = availableAt;
        this.deadline = deadline;
    }

    /** The category whose limit binds. */
    public String category() {
        return category;
    }

    /** When the next slot would have been (as of the failed attempt). */
    public Instant availableAt() {
        return availableAt;
    }

    /** The deadline the slot would have passed. */
    public Instant deadline() {
        return deadline;
    }
}
