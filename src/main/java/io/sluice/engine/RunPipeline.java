package io.sluice.engine;

import io.sluice.plan.StagingPlan;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.template.TemplateRenderer;
import io.sluice.state.Health;
import io.sluice.state.RecordStateStore;
import io.sluice.state.Run;
import io.sluice.state.RunCounts;
import io.sluice.state.RunState;
import io.sluice.state.RunStore;
import io.sluice.state.StageTable;
import io.sluice.state.StagedRecord;
import io.sluice.state.StateCommitter;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One run, start to end: stage the diff inside the warehouse, stream the staged records in pages, dispatch
 * them to the plugin in batches with bounded concurrency, commit results in windows as they arrive, then
 * store counts and health and release the lock. Any failure before dispatch leaves record state untouched. After a
 * stop (cancel, time limit) the stage is read no further and the unread rest becomes {@code DELAYED} in one set-based
 * step; after a failure (a warehouse that went away) recording the end is retried until the warehouse answers, so the
 * run ends with its real cause and frees its lock.
 */
final class RunPipeline {
    private static final Logger LOG = Logger.getLogger(RunPipeline.class);
    private static final Duration FINISH_FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration FINISH_MAX_BACKOFF = Duration.ofSeconds(10);

    private final RunContext context;
    private final SyncDefinition sync;
    private final Warehouse warehouse;
    private final AppConnection connection;
    private final RunStore runs;
    private final StateCommitter committer;
    private final EngineConfig config;
    private final Clock clock;
    private final Run run;
    private final RunControl control;
    private final RunProgress progress;
    private final RunCounts counts = new RunCounts();
    private final StageTable stage;
    private final Observed observed;
    private final RunListener listener;
    private final RunListener.RunRef ref;
    private final RunMdc mdc;

    /**
     * What watches a run: its listener, the record state to read the sync's health from before and after (read only
     * when the listener {@linkplain RunListener#wantsSyncHealth wants it}), how long taking the lock took.
     */
    record Observed(RunListener listener, RecordStateStore state, Duration lockWait) {
    }

    RunPipeline(RunContext context, AppConnection connection, RunStore runs, StateCommitter committer, Observed observed) {
        this.context = context;
        this.observed = observed;
        this.listener = observed.listener();
        this.sync = context.sync();
        this.warehouse = context.warehouse();
        this.config = context.config();
        this.clock = context.clock();
        this.run = context.run();
        this.control = context.control();
        this.progress = context.progress();
        this.ref = new RunListener.RunRef(sync.slug(), run.id(), run.trigger(), sync.target().connection());
        this.mdc = new RunMdc(sync.slug(), run.id());
        this.connection = connection;
        this.runs = runs;
        this.committer = committer;
        this.stage = StageTable.forRun(warehouse, sync, run.id(), config.pageSize());
    }

    RunControl control() {
        return control;
    }

    Run run() {
        return run;
    }

    RunProgress progress() {
        return progress;
    }

    /**
     * Runs to the end; never fails: a failure ends the run FAILED with a global error. The run's listeners hear it
     * all, and its end waits for theirs ({@link RunListener#runEnded}); its log lines carry the sync and run id.
     */
    Uni<Run> execute() {
        return mdc.wrap(Uni.createFrom().deferred(this::observedRun));
    }

    private Uni<Run> observedRun() {
        listener.runStarted(ref, observed.lockWait());
        return syncHealth().chain(before -> pipeline()
                .chain(run -> syncHealth().chain(after -> listener.runEnded(new RunListener.RunEnded(ref, run, before, after)))
                        .onFailure().invoke(e -> LOG.warnf("run %s: run-end listeners failed: %s", run.id(), e.toString()))
                        .onFailure().recoverWithNull()
                        .replaceWith(run)));
    }

    private Uni<Run> pipeline() {
        Cancellable heartbeat = startHeartbeat();
        Cancellable progressLog = startProgressLog();
        return phase(RunListener.RunPhase.STAGE, () -> StagingDiagnosis.explaining(stage(), warehouse, sync))
                .chain(() -> phase(RunListener.RunPhase.STREAM, this::stream))
                .map(ignored -> (String) null)
                .onFailure().recoverWithItem(this::globalError)
                .chain(error -> phase(RunListener.RunPhase.FINISH, () -> finish(error)))
                .eventually(() -> {
                    heartbeat.cancel();
                    progressLog.cancel();
                    return dropWorkTables();
                });
    }

    /** The sync's health now, when listeners want it; null when not read or unreadable (a listener never fails a run). */
    private Uni<Health> syncHealth() {
        if (!listener.wantsSyncHealth()) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(() -> SyncHealth.read(runs, observed.state(), sync.slug()).health())
                .runSubscriptionOn(warehouse.executor())
                .onFailure().invoke(e -> LOG.warnf("run %s: could not read the health of sync '%s': %s", run.id(), sync.slug(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private <T> Uni<T> phase(RunListener.RunPhase phase, java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            RunListener.PhaseEnd end = listener.phaseStarted(ref, phase);
            try {
                return work.get().onTermination().invoke((item, failure, cancelled) -> end.ended(failure));
            } catch (RuntimeException e) {
                end.ended(e);
                throw e;
            }
        });
    }

    private Uni<Void> stage() {
        return stage.stageRun(committer, runs, run.id())
                .onFailure(StageTable.NullIdentifiers.class).transform(e -> new RunFailure(nullIdentifiers(sync, ((StageTable.NullIdentifiers) e).rows())))
                .invoke(staged -> {
                    progress.staged.set(staged);
                    progress.phase(RunProgress.Phase.SENDING, clock.instant());
                    LOG.infof("run %s of sync '%s': %d record(s) staged", run.id(), sync.slug(), staged);
                })
                .invoke(staged -> listener.staged(ref, staged)).replaceWithVoid();
    }

    private Uni<Void> stream() {
        TemplateRenderer.Compiled template = sync.usesTemplate() ? new TemplateRenderer().compile(sync.slug(), sync.template()) : null;
        Dispatcher dispatcher = new Dispatcher(context, connection, new RecordPreparer(template), mdc::wrap);
        CommitWindows windows = new CommitWindows(context, committer, stage, new CommitWindows.Events(listener, ref, counts),
                failure -> control.stop("committing results to the warehouse failed"));
        int batchSize = Math.min(connection.maxBatchSize(), sync.tuning().batchSize() != null ? sync.tuning().batchSize() : config.batchSize());
        int concurrency = sync.tuning().concurrency() != null ? sync.tuning().concurrency() : config.concurrency();
        AtomicLong readThrough = new AtomicLong(StagingPlan.BEFORE_FIRST);
        Multi<StagedRecord> staged = StageReader.read(stage, progress, control, readThrough);
        return staged
                .group().intoLists().of(Math.max(1, batchSize))
                .onItem().transformToUni(dispatcher::process).merge(Math.max(1, concurrency))
                .onItem().transformToUniAndConcatenate(windows::accept)
                .collect().last()
                .invoke(() -> progress.phase(RunProgress.Phase.COMMITTING, clock.instant()))
                .chain(windows::flush)
                // a run failed while sending (the app went down on a retry) ends as if it failed there, now that what
                // the app answered is committed; otherwise after a stop the reader read no further: what it left is
                // delayed at once, in the warehouse
                .chain(() -> control.failure() != null ? Uni.createFrom().failure(control.failure())
                        : control.stopReason() == null ? Uni.createFrom().voidItem()
                        : windows.delayAfter(readThrough.get(), Dispatcher.delayedResult(control.stopReason())))
                // a failed stream leaves no commit running under the run's end (which drops the stage it reads)
                .onFailure().call(windows::settled);
    }

    private Uni<Run> finish(String globalError) {
        RunState state = globalError != null ? RunState.FAILED : control.stopReason() != null ? RunState.DELAYED : RunState.COMPLETED;
        RunCounts snapshot;
        synchronized (counts) {
            snapshot = RunCounts.of(counts.byState(), counts.byAction());
        }
        Health health = HealthRules.runHealth(state, globalError, snapshot);
        String error = globalError != null ? globalError : control.stopReason() != null ? "stopped: " + control.stopReason() : null;
        progress.phase(RunProgress.Phase.FINISHING, clock.instant());
        Map<String, String> usage = usage();
        Instant endedAt = clock.instant();
        // the warehouse may be the very reason the run failed: keep trying until it answers, so that the run ends with
        // its real cause and releases its lock, rather than waiting for a stale-lock takeover
        return mdc.wrap(Uni.createFrom().item(() -> runs.finish(run, state, health, endedAt, error, snapshot, usage))
                .runSubscriptionOn(warehouse.executor())
                .onFailure(WarehouseException.class).invoke(e -> LOG.warnf("run %s of sync '%s': could not record its end, trying again: %s",
                        run.id(), sync.slug(), e.getMessage()))
                .onFailure(WarehouseException.class).retry().withBackOff(FINISH_FIRST_BACKOFF, FINISH_MAX_BACKOFF)
                .expireIn(config.finishRetryFor().toMillis()))
                .invoke(r -> LOG.infof("run %s of sync '%s' ended %s (%s): %s", r.id(), sync.slug(), r.state(), r.health(),
                        r.counts().byState()));
    }

    /** The app's own quota report; a plugin failing to give one must not fail the run. */
    private java.util.Map<String, String> usage() {
        try {
            return connection.usage();
        } catch (RuntimeException e) {
            LOG.warnf("run %s: the plugin could not report its usage: %s", run.id(), e.getMessage());
            return java.util.Map.of();
        }
    }

    private Uni<Void> dropWorkTables() {
        return stage.drop("dropping work tables of run " + run.id())
                .onFailure().invoke(e -> LOG.warnf("run %s: could not drop its work tables: %s", run.id(), e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Logs a progress line every {@link EngineConfig#progressLogInterval()} while the run is active. */
    private Cancellable startProgressLog() {
        return Multi.createFrom().ticks().every(config.progressLogInterval())
                .subscribe().with(tick -> mdc.run(this::logProgress),
                        failure -> LOG.warnf("run %s: progress log stopped: %s", run.id(), failure.getMessage()));
    }

    private void logProgress() {
        RunProgress.Snapshot p = progress.snapshot(clock.instant());
        if (p.staged() == null) {
            LOG.infof("run %s of sync '%s': %s (since %s)", run.id(), sync.slug(), p.phase(), run.startedAt());
            return;
        }
        LOG.infof("run %s of sync '%s': sent %d, committed %d, failed %d, %s rec/s, ETA %s; %s, %d of %d staged record(s) remaining",
                run.id(), sync.slug(), p.sent(), p.committed(), p.failed(),
                p.ratePerSecond() == null ? "-" : String.format(Locale.ROOT, "%.1f", p.ratePerSecond()), eta(p.eta()),
                p.phase(), p.remaining(), p.staged());
    }

    private String eta(Instant eta) {
        if (eta == null) {
            return "unknown";
        }
        Duration left = Duration.between(clock.instant(), eta).truncatedTo(ChronoUnit.SECONDS);
        return left.toString().substring(2).toLowerCase(Locale.ROOT) + " (" + eta.truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    private Cancellable startHeartbeat() {
        return Multi.createFrom().ticks().every(config.heartbeatInterval())
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom()
                        .item(() -> runs.heartbeat(sync.slug(), run.id(), clock.instant()))
                        .runSubscriptionOn(warehouse.executor())
                        .onFailure().invoke(e -> LOG.warnf("run %s: heartbeat failed: %s", run.id(), e.getMessage()))
                        .onFailure().recoverWithItem(false))
                .subscribe().with(cancelRequested -> {
                    if (cancelRequested) {
                        control.cancel();
                    }
                }, failure -> LOG.warnf("run %s: heartbeat stopped: %s", run.id(), failure.getMessage()));
    }

    /**
     * The run's global error, logged once. An app that is down (its breaker open) is the world, not a bug: one line
     * naming connection, sync, run and cause. A plugin that failed unexpectedly is a bug: the error names the connection
     * and the exception, and the log keeps the plugin's stack trace. Anything else may be a bug and keeps its stack trace.
     */
    private String globalError(Throwable failure) {
        if (failure instanceof RunFailure) {
            return failure.getMessage();
        }
        boolean appDown = failure instanceof AppUnavailableException;
        String error = failure instanceof WarehouseException || failure instanceof PluginFailedException || appDown
                ? failure.getMessage() : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        mdc.run(() -> {
            if (appDown) {
                LOG.warnf("run %s of sync '%s' failed, connection '%s' unavailable: %s", run.id(), sync.slug(), sync.target().connection(),
                        error);
            } else if (failure instanceof PluginFailedException) {
                LOG.errorf(failure.getCause(), "run %s of sync '%s' failed: %s", run.id(), sync.slug(), error);
            } else {
                LOG.errorf(failure, "run %s of sync '%s' (connection '%s') failed: %s", run.id(), sync.slug(), sync.target().connection(),
                        error);
            }
        });
        return error;
    }

    /** A run-level failure with a message meant for the user as is. */
    /** The global error of a run whose source has NULL identifiers (a preview reports the same). */
    static String nullIdentifiers(SyncDefinition sync, long rows) {
        return rows + " source row(s) of sync '" + sync.slug() + "' have a NULL identifier in column '" + sync.source().idColumn()
                + "'; no record was sent. Filter them out or fix the source.";
    }

    static final class RunFailure extends RuntimeException {
        RunFailure(String message) {
            super(message);
        }
    }
}
