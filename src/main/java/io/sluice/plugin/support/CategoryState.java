package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import java.util.List;

/**
 * The live state of one rate-limit category: a {@link SlidingWindow} per rate, the pause set by a
 * {@code Retry-After}, and the latest slot granted. Slots are granted in time order, which keeps every
 * window's log sorted and costs nothing: for a single category the earliest slot that fits never moves
 * backwards as grants are added and time passes. Thread-safe.
 */
final class CategoryState {
    private final List<SlidingWindow> windows;
    private long pausedUntil = Long.MIN_VALUE;
    private long lastGrant = Long.MIN_VALUE;

    CategoryState(List<Rate> rates) {
        this.windows = rates.stream().map(SlidingWindow::new).toList();
    }

    /**
     * Grants the earliest slot at or after {@code now} that fits every rate and the pause, and returns it;
     * when that slot is after {@code deadline}, grants nothing and returns it all the same.
     */
    synchronized long reserve(long now, long deadline) {
        long at = Math.max(now, Math.max(pausedUntil, lastGrant));
        for (SlidingWindow window : windows) {
            at = Math.max(at, window.earliest(now));
        }
        if (at <= deadline) {
            lastGrant = at;
            for (SlidingWindow window : windows) {
                window.record(at);
            }
        }
        return at;
    }

    /** Holds every slot until {@code until}; a shorter pause never shortens a longer one. */
    synchronized void pause(long until) {
        pausedUntil = Math.max(pausedUntil, until);
    }

    synchronized long pausedUntil() {
        return pausedUntil;
    }
}
