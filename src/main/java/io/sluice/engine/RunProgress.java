package io.sluice.engine;

import java.time.Duration;
import java.time.Instant;
import io.sluice.state.ApplyState;
import io.sluice.state.Outcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of an active run: staged by the diff, read back, handed to the plugin, answered without a call,
 * committed to state. Every committed outcome was first either sent or resolved locally, so
 * {@code committed <= sent + resolvedLocally} holds at any moment (each counter moves before the next one).
 */
public final class RunProgress {
    /** Where the run is; the lock is taken before a run has progress at all. */
    public enum Phase {
        /** The diff runs inside the warehouse; nothing is counted yet. */
        STAGING,
        /** Staged records are read, sent and committed in windows. */
        SENDING,
        /** Sending is over: the last windows are committed, and after a stop the rest is marked {@code DELAYED}. */
        COMMITTING,
        /** The run's counts and health are being stored and the lock released. */
        FINISHING
    }

    final AtomicLong staged = new AtomicLong(-1);
    final AtomicLong read = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong resolvedLocally = new AtomicLong();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile Phase phase = Phase.STAGING;
    private volatile Instant sendingSince;

    void phase(Phase next, Instant now) {
        if (next == Phase.SENDING && sendingSince == null) {
            sendingSince = now;
        }
        phase = next;
    }

    public Phase phase() {
        return phase;
    }

    /** Records the diff found needing something; -1 while staging runs (the API shows the phase instead). */
    public long staged() {
        return staged.get();
    }

    /** Records read back from the stage so far: never far ahead of {@link #sent()} (backpressure). */
    public long read() {
        return read.get();
    }

    /** Records handed to the plugin. */
    public long sent() {
        return sent.get();
    }

    /** Records given an outcome without a call: resolved, dropped, duplicate, untransformable, invalid, or delayed by a stop. */
    public long resolvedLocally() {
        return resolvedLocally.get();
    }

    public long committed() {
        return committed.get();
    }

    /**
     * Committed records whose outcome is a failure ({@code DESTINATION_FAILURE} or {@code SOURCE_FAILURE}), counted
     * with {@link #committed()} as each window is committed, so {@code failed <= committed} holds.
     */
    public long failed() {
        return failed.get();
    }

    /** Counts the failures of a window that was just committed. */
    void failed(List<Outcome> window) {
        long failures = window.stream().filter(o -> o.applyState() == ApplyState.DESTINATION_FAILURE
                || o.applyState() == ApplyState.SOURCE_FAILURE).count();
        if (failures > 0) {
            failed.addAndGet(failures);
        }
    }

    /** Staged records without a committed outcome; -1 while staging runs. */
    public long remaining() {
        long s = staged.get();
        return s < 0 ? -1 : Math.max(0, s - committed.get());
    }

    /** The progress at one moment, without sentinels: counts unknown while staging are null, and so are rate and ETA until known. */
    public Snapshot snapshot(Instant now) {
        long staged = this.staged.get();
        long committed = this.committed.get();
        Double rate = null;
        Instant eta = null;
        Instant since = sendingSince;
        if (since != null && committed > 0) {
            double seconds = Duration.between(since, now).toMillis() / 1000.0;
            if (seconds > 0) {
                rate = committed / seconds;
                long remaining = Math.max(0, staged - committed);
                eta = now.plusMillis(Math.round(remaining / rate * 1000));
            }
        }
        return new Snapshot(phase, staged < 0 ? null : staged, read.get(), sent.get(), resolvedLocally.get(), committed,
                failed.get(), staged < 0 ? null : Math.max(0, staged - committed), rate, eta);
    }

    /**
     * @param failed        committed records whose outcome is a failure
     * @param ratePerSecond records committed per second since sending began; null before the first commit
     * @param eta           when the last record should be committed at that rate; null while unknown
     */
    public record Snapshot(Phase phase, Long staged, long read, long sent, long resolvedLocally, long committed, long failed, Long remaining,
                           Double ratePerSecond, Instant eta) {
    }
}
