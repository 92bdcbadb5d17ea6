package io.sluice.engine;

import io.sluice.state.ApplyState;
import io.sluice.state.Outcome;
import io.sluice.state.RunCounts;
import io.sluice.state.StageTable;
import io.sluice.state.StateCommitter;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Gathers outcomes as batches come back and commits them when a window is full or has waited long enough,
 * so results reach state and history while the run goes on. Called strictly one batch at a time (the
 * pipeline concatenates). Windows commit one after the other, and one commit may run while the next window
 * fills: {@link #accept} then waits for the previous commit only, so the warehouse's work overlaps the
 * dispatching of the next window and at most two windows are ever held (backpressure). Before the run ends,
 * {@link #flush} (or, after a failure, {@link #settled}) waits for the commit in flight.
 */
final class CommitWindows {
    private static final Logger LOG = Logger.getLogger(CommitWindows.class);
    private final StateCommitter committer;
    private final String syncSlug;
    private final String runId;
    private final StageTable stage;
    private final int size;
    private final Duration interval;
    private final Clock clock;
    private final RunCounts counts;
    private final RunProgress progress;
    private final Events events;
    private List<Outcome> buffer = new ArrayList<>();

    /** Where each window is reported: a {@code COMMIT} phase and the window's tallies to the listener, its counts to the run's. */
    record Events(RunListener listener, RunListener.RunRef ref, RunCounts counts) {
    }

    /** Told when a window's commit fails (the run stops sending); the failure also fails the next {@link #accept}. */
    private final Consumer<Throwable> commitFailed;
    private volatile Instant lastCommit;
    /** The last window's commit, started at once and memoised; completes when that window is committed. */
    private volatile Uni<Void> inFlight = Uni.createFrom().voidItem();
    /** Set once the run ends after a failure: no further window starts committing under its end. */
    private boolean closed;

    /**
     * @param context      the run: its sync and id, its commit window size and interval, clock and progress
     * @param stage        the run's stage and outcome table, which each commit joins
     * @param commitFailed what else to do when a window's commit fails (the pipeline stops sending)
     */
    CommitWindows(RunContext context, StateCommitter committer, StageTable stage, Events events, Consumer<Throwable> commitFailed) {
        this.events = events;
        this.commitFailed = commitFailed;
        this.committer = committer;
        this.syncSlug = context.sync().slug();
        this.runId = context.run().id();
        this.stage = stage;
        this.size = context.config().commitSize();
        this.interval = context.config().commitInterval();
        this.clock = context.clock();
        this.counts = events.counts();
        this.progress = context.progress();
        this.lastCommit = clock.instant();
    }

    Uni<Void> accept(List<Outcome> outcomes) {
        buffer.addAll(outcomes);
        boolean due = buffer.size() >= size || !clock.instant().isBefore(lastCommit.plus(interval));
        return due ? startCommit() : Uni.createFrom().voidItem();
    }

    /** Commits what is gathered; completes when every window, this one included, is committed. */
    Uni<Void> flush() {
        Uni<Void> started = buffer.isEmpty() ? Uni.createFrom().voidItem() : startCommit();
        return started.chain(() -> inFlight);
    }

    /** Completes when the commit in flight has ended, whatever its outcome: for a run that failed otherwise. */
    Uni<Void> settled() {
        Uni<Void> last;
        synchronized (this) {
            closed = true;
            last = inFlight;
        }
        return last.onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Waits for the previous window's commit, then starts committing the gathered window in the background. The
     * commits are not chained to each other, so a committed window is not kept reachable by the next one.
     */
    private Uni<Void> startCommit() {
        List<Outcome> window = buffer;
        buffer = new ArrayList<>();
        return inFlight
                .onFailure().invoke(failure -> LOG.warnf("run %s of sync '%s': %d result(s) the app answered were not committed after a "
                        + "failed commit; the next run sends those records again", runId, syncSlug, window.size()))
                .invoke(() -> {
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        Uni<Void> commit = commit(window).memoize().indefinitely();
                        // a failed commit stops sending at once: what the app answers from then on could not be committed
                        commit.subscribe().with(ignored -> {
                        }, commitFailed::accept);
                        inFlight = commit;
                    }
                });
    }

    private Uni<Void> commit(List<Outcome> window) {
        RunListener.PhaseEnd end = events.listener().phaseStarted(events.ref(), RunListener.RunPhase.COMMIT);
        return committer.commit(syncSlug, runId, stage.name(), stage.outcomeName(), window).invoke(() -> {
            lastCommit = clock.instant();
            synchronized (counts) {
                window.forEach(o -> counts.add(o.applyState(), o.action()));
            }
            progress.committed.addAndGet(window.size());
            progress.failed(window);
            events.listener().committed(events.ref(), tally(window));
        }).onTermination().invoke((ignored, failure, cancelled) -> end.ended(failure));
    }

    /**
     * After a stop, once every window is committed: the records never read (all after {@code readThrough}) become
     * {@code DELAYED} in one set-based statement, counted as answered locally and committed.
     */
    Uni<Void> delayAfter(long readThrough, String resultJson) {
        RunListener.PhaseEnd end = events.listener().phaseStarted(events.ref(), RunListener.RunPhase.COMMIT);
        Instant started = clock.instant();
        return committer.delayAfter(syncSlug, runId, stage.name(), stage.outcomeName(), readThrough, resultJson).invoke(delayed -> {
            Map<RunListener.RecordTally, Long> tallies = new HashMap<>();
            long withoutAction = delayed.total();
            synchronized (counts) {
                for (Map.Entry<io.sluice.plugin.Action, Long> e : delayed.byAction().entrySet()) {
                    counts.add(ApplyState.DELAYED, e.getKey(), e.getValue());
                    tallies.put(new RunListener.RecordTally(e.getKey(), ApplyState.DELAYED), e.getValue());
                    withoutAction -= e.getValue();
                }
                if (withoutAction > 0) {
                    counts.add(ApplyState.DELAYED, null, withoutAction);
                }
            }
            if (withoutAction > 0) {
                tallies.put(new RunListener.RecordTally(null, ApplyState.DELAYED), withoutAction);
            }
            progress.resolvedLocally.addAndGet(delayed.total());
            progress.committed.addAndGet(delayed.total());
            if (delayed.total() > 0) {
                LOG.infof("run %s of sync '%s': %d record(s) not read before the stop marked DELAYED in %d ms", runId, syncSlug,
                        delayed.total(), Duration.between(started, clock.instant()).toMillis());
                events.listener().committed(events.ref(), tallies);
            }
        }).onTermination().invoke((ignored, failure, cancelled) -> end.ended(failure)).replaceWithVoid();
    }

    private static Map<RunListener.RecordTally, Long> tally(List<Outcome> window) {
        Map<RunListener.RecordTally, Long> tallies = new HashMap<>();
        for (Outcome o : window) {
            tallies.merge(new RunListener.RecordTally(o.action(), o.applyState()), 1L, Long::sum);
        }
        return tallies;
    }
}
