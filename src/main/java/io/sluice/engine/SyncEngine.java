package io.sluice.engine;

import io.sluice.connection.Connections;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.state.RunStore;
import io.sluice.state.Stores;
import io.sluice.state.SyncControls;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncRegistry;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps the runs: starts them, cancels them, tells the live progress of those active here. A trigger takes the
 * sync's lock in its warehouse (so one run per sync across replicas), then runs the pipeline in the background; the
 * caller gets the run at once and a {@link Uni} of its end. Reading state, history and stored runs is not its job:
 * readers use {@link Stores} directly.
 */
@ApplicationScoped
public class SyncEngine {
    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private final SyncRegistry syncs;
    private final Warehouses warehouses;
    private final Connections connections;
    private final EngineConfig config;
    private final Clock clock;
    private final String instanceId;
    private final Map<String, RunPipeline> active = new ConcurrentHashMap<>();
    private final Stores stores;

    /** Metrics, spans, notifications and hooks hear every run through these ({@link RunListener}). */
    @Inject
    RunListeners listeners;

    @Inject
    public SyncEngine(SyncRegistry syncs, Warehouses warehouses, Stores stores, Connections connections, EngineConfig config, Clock clock) {
        this.syncs = syncs;
        this.warehouses = warehouses;
        this.stores = stores;
        this.connections = connections;
        this.config = config;
        this.clock = clock;
        this.instanceId = config.instanceId().orElse("sluice-" + UUID.randomUUID().toString().substring(0, 8));
    }

    SyncDefinition sync(String slug) {
        return syncs.get(slug);
    }

    /** Starts a run of the sync, or reports the run already active, or that the sync is paused. */
    public Uni<StartResult> trigger(String slug, Trigger trigger) {
        SyncDefinition sync = sync(slug);
        Warehouse warehouse = warehouses.get(sync.source().warehouse());
        Connections.Opened connection = connections.find(sync.target().connection()).orElseThrow();
        String runId = RunIds.next(clock);
        Instant lockRequested = clock.instant();
        // one trip to the warehouse: the pause, then the lock
        return stores.on(warehouse, s -> {
            Optional<SyncControls.Pause> pause = s.controls().paused(slug);
            if (pause.isPresent()) {
                return StartResult.paused(pause.get());
            }
            RunStore.StartResult lock = s.runs().start(slug, runId, trigger, instanceId, clock.instant(),
                    clock.instant().minus(config.lockStaleAfter()));
            if (lock.started() == null) {
                return new StartResult(null, null, lock.activeRunId());
            }
            return launch(sync, warehouse, connection, s, lock.started(), Duration.between(lockRequested, clock.instant()));
        });
    }

    /** Runs the pipeline of a run that holds its lock, in the background; the run's end is the returned completion. */
    private StartResult launch(SyncDefinition sync, Warehouse warehouse, Connections.Opened connection, Stores.Of s, Run run, Duration lockWait) {
        RunPipeline pipeline = new RunPipeline(RunContext.of(sync, warehouse, run, config, clock), connection.connection(), s.runs(),
                s.committer(), new RunPipeline.Observed(listeners.all(), s.state(), lockWait));
        active.put(run.id(), pipeline);
        Uni<Run> completion = pipeline.execute()
                .eventually(() -> active.remove(run.id()))
                .invoke(this::triggerDownstream)
                .memoize().indefinitely();
        completion.subscribe().with(r -> {
        }, e -> LOG.errorf(e, "run %s of sync '%s' could not be finished", run.id(), sync.slug()));
        // logged on the worker of whoever triggered (another run's end, for an "after" trigger): with this run's keys
        new RunMdc(sync.slug(), run.id()).run(() -> LOG.infof("run %s of sync '%s' started (%s)", run.id(), sync.slug(), run.trigger()));
        return new StartResult(run, completion, null);
    }

    /** Syncs configured to run {@code after} this one start when it ends without a global failure. */
    private void triggerDownstream(Run finished) {
        if (finished.state() == RunState.FAILED) {
            return;
        }
        // the finished run's keys are set here; the runs it triggers are not part of it
        syncs.all().stream().filter(s -> s.after().contains(finished.syncSlug())).forEach(s -> RunMdc.outside(() ->
                trigger(s.slug(), Trigger.AFTER_SYNC).subscribe().with(
                        r -> {
                            if (r.pause() != null) {
                                LOG.infof("sync '%s' not started after '%s': it is paused", s.slug(), finished.syncSlug());
                            } else if (!r.started()) {
                                LOG.infof("sync '%s' not started after '%s': run %s is active", s.slug(), finished.syncSlug(), r.activeRunId());
                            }
                        },
                        e -> LOG.errorf("sync '%s' could not start after '%s': %s", s.slug(), finished.syncSlug(), e.getMessage()))));
    }

    /** The live progress of a run active on this replica, as of now. */
    public Optional<RunProgress.Snapshot> progress(String runId) {
        return Optional.ofNullable(active.get(runId)).map(p -> p.progress().snapshot(clock.instant()));
    }

    /**
     * Asks a run to stop: locally at once, and through the runs table for a replica running it. The run's own
     * warehouse is asked, not its sync's: a reload may have removed the sync while the run goes on.
     *
     * @return the run as stored once the request is recorded, or empty when no active run has the id
     */
    public Uni<Optional<Run>> cancel(String runId) {
        RunPipeline local = active.get(runId);
        if (local != null) {
            local.control().cancel();
        }
        return stores.onWarehouseOfRun(runId, (s, run) -> run.isActive() && s.runs().requestCancel(runId, clock.instant())
                        ? s.runs().find(runId) : Optional.<Run>empty())
                .map(found -> found.flatMap(Function.identity()));
    }
}
