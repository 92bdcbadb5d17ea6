package io.sluice.engine;

import io.sluice.plugin.Action;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.Trigger;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;

/**
 * Hears what a run does, for metrics, logs, spans, notifications and hooks; the engine knows none of those.
 * Implement it as a CDI bean and {@link RunListeners} hands it every run.
 *
 * <p>Lifecycle, per run: {@link #runStarted} once (the lock is taken), then phases in order ({@link RunPhase#STAGE},
 * {@link RunPhase#STREAM} with {@link RunPhase#COMMIT} windows inside it, {@link RunPhase#FINISH}), each opened with
 * {@link #phaseStarted} and closed through the {@link PhaseEnd} it returned; {@link #staged} once staging counted the
 * records; {@link #committed} after each commit window; {@link #runEnded} once, after the run is stored and its lock
 * released. A run that fails still ends: every started phase is closed and {@code runEnded} is called.
 *
 * <p>Threading: callbacks come from warehouse worker threads and event-loop threads, possibly for several runs at a
 * time; they must not block (except {@link #runEnded}'s returned {@link Uni}, which the run waits for), and must be
 * cheap. A listener that throws is logged and ignored: a listener never changes a run's outcome.
 */
public interface RunListener {
    /** Hears nothing. */
    RunListener NO_OP = new RunListener() {
    };

    /** The run took its lock; {@code lockWait} is how long taking it took. */
    default void runStarted(RunRef run, Duration lockWait) {
    }

    /** A phase begins; the returned handle is called exactly once when it ends. */
    default PhaseEnd phaseStarted(RunRef run, RunPhase phase) {
        return PhaseEnd.NO_OP;
    }

    /** Staging found {@code records} records needing something. */
    default void staged(RunRef run, long records) {
    }

    /** One commit window reached record state: how many records per action and apply state (no identifiers). */
    default void committed(RunRef run, Map<RecordTally, Long> tallies) {
    }

    /**
     * The run ended and is stored. The run is reported ended (to {@code ?wait=true} callers, to syncs running
     * after it) only when the returned {@link Uni} ends, so a listener that must be waited for (a post-run hook)
     * returns its work here, bounded by its own timeout; everyone else returns at once. Its failure is logged only.
     */
    default Uni<Void> runEnded(RunEnded ended) {
        return Uni.createFrom().voidItem();
    }

    /**
     * Whether this listener reads the sync's health before and after the run ({@link RunEnded#healthBefore}). Reading
     * it costs two queries over the sync's record state per run, so the engine reads it only when some listener
     * says so; otherwise both are null. Default: no.
     */
    default boolean wantsSyncHealth() {
        return false;
    }

    /** Which run; no record identifiers ever travel in events. */
    record RunRef(String sync, String runId, Trigger trigger, String connection) {
    }

    /** The phases of a run, in order; {@link #COMMIT} repeats once per commit window during {@link #STREAM}. */
    enum RunPhase {
        LOCK, STAGE, STREAM, COMMIT, FINISH;

        /** The phase as a lower-case name ({@code stage}, {@code commit}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Closes a phase; {@code failure} is null when it ended well. */
    @FunctionalInterface
    interface PhaseEnd {
        PhaseEnd NO_OP = failure -> {
        };

        void ended(Throwable failure);
    }

    /** A bucket of committed records; {@code action} is null for records answered without a call (resolved, dropped, duplicate). */
    record RecordTally(Action action, ApplyState applyState) {
    }

    /**
     * A finished run with the sync's health around it.
     *
     * @param healthBefore the sync's health when the run took its lock (the run itself not counted)
     * @param healthAfter  the sync's health once the run was stored
     */
    record RunEnded(RunRef ref, Run run, Health healthBefore, Health healthAfter) {
        /** Whether the sync's health moved; unknown on either side (not read, or unreadable) is no change. */
        public boolean healthChanged() {
            return healthBefore != null && healthAfter != null && healthBefore != healthAfter;
        }
    }
}
