package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import java.util.ArrayList;
import java.util.List;

/**
 * The live state of one rate-limit category: a {@link SlidingWindow} per rate, the pause set by a
 * {@code Retry-After}, the latest slot granted and the slots granted whose request has not left yet. Slots are
 * granted in time order, which keeps every window's log sorted and costs nothing: for a single category the
 * earliest slot that fits never moves backwards as grants are added and time passes. Thread-safe.
 *
 * <p>A slot taken with {@link #grant} counts in every window from its grant until its request leaves
 * ({@link #sent}), and from then on at the time it left: a request that leaves late (a connection being opened)
 * can then never share a window of the app with the requests granted after it. While the pending slots alone fill
 * a rate, no slot is granted: the callers wait until one leaves or is released.
 */
final class CategoryState {
    /** What {@link #grant} returns when no time can be known until a pending slot leaves or is released. */
    static final long BLOCKED = Long.MAX_VALUE;

    private final List<SlidingWindow> windows;
    private final List<Runnable> waiting = new ArrayList<>();
    private long pausedUntil = Long.MIN_VALUE;
    private long lastGrant = Long.MIN_VALUE;
    private long lastRecorded = Long.MIN_VALUE;
    private long pending;

    CategoryState(List<Rate> rates) {
        this.windows = rates.stream().map(SlidingWindow::new).toList();
    }

    /**
     * Grants the earliest slot at or after {@code now} that fits every rate and the pause, records it at that time
     * and returns it; when that slot is after {@code deadline}, grants nothing and returns it all the same. For
     * callers that cannot tell when their request leaves; not to be mixed with {@link #grant} on one category.
     *
     * @throws IllegalStateException when slots taken with {@link #grant} are pending and fill a rate
     */
    synchronized long reserve(long now, long deadline) {
        long at = earliest(now);
        if (at == BLOCKED) {
            throw new IllegalStateException("slots taken and not sent fill the rate: no time is known");
        }
        if (at <= deadline) {
            lastGrant = at;
            record(at);
        }
        return at;
    }

    /**
     * Grants the earliest slot at or after {@code now} that fits every rate and the pause, as a pending slot that
     * the caller must end with {@link #sent} or {@link #release}, and returns it; when that slot is after {@code
     * deadline}, grants nothing and returns it all the same. Returns {@link #BLOCKED}, granting nothing, when the
     * pending slots fill a rate: {@code wake} then runs once the next pending slot ends.
     */
    synchronized long grant(long now, long deadline, Runnable wake) {
        long at = earliest(now);
        if (at == BLOCKED) {
            waiting.add(wake);
            return BLOCKED;
        }
        if (at <= deadline) {
            lastGrant = at;
            pending++;
        }
        return at;
    }

    /** A slot of {@link #grant} whose request left at {@code now}: from now on it counts at that time. */
    void sent(long now) {
        end(now, true);
    }

    /** A slot of {@link #grant} that is not used: its request never left. */
    void release() {
        end(0, false);
    }

    private void end(long now, boolean sent) {
        List<Runnable> wake;
        synchronized (this) {
            pending--;
            if (sent) {
                record(now);
            }
            wake = List.copyOf(waiting);
            waiting.clear();
        }
        wake.forEach(Runnable::run);
    }

    private long earliest(long now) {
        long at = Math.max(now, Math.max(pausedUntil, lastGrant));
        for (SlidingWindow window : windows) {
            long fits = window.earliest(now, pending);
            if (fits == Long.MAX_VALUE) {
                return BLOCKED;
            }
            at = Math.max(at, fits);
        }
        return at;
    }

    /** Keeps each log sorted: a request that leaves before a slot recorded at its grant counts at that grant. */
    private void record(long at) {
        lastRecorded = Math.max(lastRecorded, at);
        for (SlidingWindow window : windows) {
            window.record(lastRecorded);
        }
    }

    /** Holds every slot until {@code until}; a shorter pause never shortens a longer one. */
    synchronized void pause(long until) {
        pausedUntil = Math.max(pausedUntil, until);
    }

    synchronized long pausedUntil() {
        return pausedUntil;
    }
}
