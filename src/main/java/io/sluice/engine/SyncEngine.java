package io.sluice.engine;

import io.sluice.connection.Connections;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.RecordStateStore;
import io.sluice.state.Run;
import io.sluice.state.RunStore;
import io.sluice.state.StateCommitter;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Starts runs and answers questions about them. A trigger takes the sync's lock in its warehouse (so one run
 * per sync across replicas), then runs the pipeline in the background; the caller gets the run at once and
 * a {@link Uni} of its end.
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
    private final Map<String, Stores> stores = new ConcurrentHashMap<>();

    /** Metrics, spans, notifications and hooks hear every run through these ({@link RunListener}). */
    @Inject
    RunListeners listeners;

    /** The engine's stores of one warehouse. */
    record Stores(RunStore runs, StateCommitter committer, RecordStateStore state, SyncControls controls) {
    }

    @Inject
    public SyncEngine(SyncRegistry syncs, Warehouses warehouses, Connections connections, EngineConfig config, Clock clock) {
        this.syncs = syncs;
        this.warehouses = warehouses;
        this.connections = connections;
        this.config = config;
        this.clock = clock;
        this.instanceId = config.instanceId().orElse("sluice-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public SyncDefinition sync(String slug) {
        return syncs.find(slug).orElseThrow(() -> new UnknownSyncException(slug));
    }

    /** Starts a run of the sync, or reports the run already active, or that the sync is paused. */
    public Uni<StartResult> trigger(String slug, Trigger trigger) {
        SyncDefinition sync = sync(slug);
        Warehouse warehouse = warehouses.get(sync.source().warehouse());
        Connections.Opened connection = connections.find(sync.target().connection()).orElseThrow();
        Stores s = stores(warehouse);
        String runId = RunIds.next(clock);
        java.time.Instant lockRequested = clock.instant();
        return Uni.createFrom().item(() -> s.controls().paused(slug).map(StartResult::paused).orElse(null))
                .runSubscriptionOn(warehouse.executor())
                .chain(paused -> paused != null ? Uni.createFrom().item(paused) : Uni.createFrom().item(() -> s.runs().start(slug, runId,
                        trigger, instanceId, clock.instant(), clock.instant().minus(config.lockStaleAfter())))
                .runSubscriptionOn(warehouse.executor())
                .map(result -> {
                    if (result.started() == null) {
                        return new StartResult(null, null, result.activeRunId());
                    }
                    RunPipeline pipeline = new RunPipeline(sync, warehouse, connection.connection(), s.runs(), s.committer(), config, clock,
                            result.started(), new RunPipeline.Observed(listeners.all(), s.state(),
                            java.time.Duration.between(lockRequested, clock.instant())));
                    active.put(runId, pipeline);
                    Uni<Run> completion = pipeline.execute()
                            .eventually(() -> active.remove(runId))
                            .invoke(this::triggerDownstream)
                            .memoize().indefinitely();
                    completion.subscribe().with(r -> {
                    }, e -> LOG.errorf(e, "run %s of sync '%s' could not be finished", runId, slug));
                    LOG.infof("run %s of sync '%s' started (%s)", runId, slug, trigger);
                    return new StartResult(result.started(), completion, null);
                }));
    }

    /** Syncs configured to run {@code after} this one start when it ends without a global failure. */
    private void triggerDownstream(Run finished) {
        if (finished.globalError() != null && finished.state() == io.sluice.state.RunState.FAILED) {
            return;
        }
        syncs.all().stream().filter(s -> s.after().contains(finished.syncSlug())).forEach(s ->
                trigger(s.slug(), Trigger.AFTER_SYNC).subscribe().with(
                        r -> {
                            if (r.pause() != null) {
                                LOG.infof("sync '%s' not started after '%s': it is paused", s.slug(), finished.syncSlug());
                            } else if (!r.started()) {
                                LOG.infof("sync '%s' not started after '%s': run %s is active", s.slug(), finished.syncSlug(), r.activeRunId());
                            }
                        },
                        e -> LOG.errorf("sync '%s' could not start after '%s': %s", s.slug(), finished.syncSlug(), e.getMessage())));
    }

    public Optional<RunProgress> progress(String runId) {
        return Optional.ofNullable(active.get(runId)).map(RunPipeline::progress);
    }

    /** Finds a run in any warehouse. */
    public Uni<Optional<Run>> findRun(String runId) {
        return Uni.createFrom().item(() -> {
            for (Warehouse w : warehouses.all()) {
                Optional<Run> r = stores(w).runs().find(runId);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.<Run>empty();
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Asks a run to stop: locally at once, and through the runs table for a replica running it.
     *
     * @return whether a running run was found
     */
    public Uni<Boolean> cancel(String runId) {
        RunPipeline local = active.get(runId);
        if (local != null) {
            local.control().cancel();
        }
        // the run's own warehouse, not its sync's: a reload may have removed the sync while the run goes on
        return Uni.createFrom().item(() -> {
            for (Warehouse w : warehouses.all()) {
                Optional<Run> r = stores(w).runs().find(runId);
                if (r.isPresent()) {
                    return r.get().isActive() ? stores(w).runs().requestCancel(runId, clock.instant()) : local != null;
                }
            }
            return local != null;
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    public Uni<List<Run>> runs(String slug, int limit) {
        return onWarehouseOf(slug, w -> stores(w).runs().recent(slug, limit));
    }

    /**
     * Blocking work on the warehouse that holds the sync's state, on that warehouse's worker threads.
     *
     * @throws UnknownSyncException when no sync has the slug
     */
    public <T> Uni<T> onWarehouseOf(String slug, java.util.function.Function<Warehouse, T> work) {
        Warehouse w = warehouses.get(sync(slug).source().warehouse());
        return Uni.createFrom().item(() -> work.apply(w)).runSubscriptionOn(w.executor());
    }

    /** The sync's health (SEMANTICS.md "Health"), from its record state and latest runs. */
    public Uni<SyncStatus> status(String slug) {
        SyncDefinition sync = sync(slug);
        Warehouse w = warehouses.get(sync.source().warehouse());
        Stores s = stores(w);
        return Uni.createFrom().item(() -> {
            List<Run> recent = s.runs().recent(slug, 50);
            Optional<Run> latestEnded = recent.stream().filter(r -> !r.isActive()).findFirst();
            Optional<Run> latestWithRecords = recent.stream().filter(r -> !r.isActive() && r.hasRecords()).findFirst();
            Map<ApplyState, Long> counts = s.state().countsByApplyState(slug);
            Health health = HealthRules.syncHealth(latestEnded, latestWithRecords, counts);
            Optional<Run> activeRun = recent.stream().filter(Run::isActive).findFirst();
            return new SyncStatus(health, counts, recent.stream().findFirst(), activeRun);
        }).runSubscriptionOn(w.executor());
    }

    /** Health, record counts per apply state, the latest run and the active one. */
    public record SyncStatus(Health health, Map<ApplyState, Long> records, Optional<Run> latestRun, Optional<Run> activeRun) {
    }

    Stores stores(Warehouse w) {
        return stores.computeIfAbsent(w.name(), n -> new Stores(new RunStore(w), new StateCommitter(w, clock), new RecordStateStore(w),
                new SyncControls(w)));
    }

    public String instanceId() {
        return instanceId;
    }
}
