package io.sluice.state;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The state stores of each warehouse (runs, record state, history, pauses), and the way to use them off the event
 * loop: the work runs on that warehouse's worker threads. Whoever reads state (the API, metrics, operator requests)
 * comes here with the warehouse's name, which a sync names as its source; the engine gets the same stores for its
 * runs. A run is found by id in whichever warehouse keeps it.
 */
@ApplicationScoped
public class Stores {
    private final Warehouses warehouses;
    private final Clock clock;
    private final Map<String, Of> byWarehouse = new ConcurrentHashMap<>();

    /** The stores of one warehouse; blocking, so call them on its workers ({@link #on}). */
    public record Of(Warehouse warehouse, RunStore runs, StateCommitter committer, RecordStateStore state, SyncControls controls,
                     RecordQueries queries) {
    }

    @Inject
    public Stores(Warehouses warehouses, Clock clock) {
        this.warehouses = warehouses;
        this.clock = clock;
    }

    /** The stores of the warehouse; their calls block. */
    public Of of(Warehouse w) {
        return byWarehouse.computeIfAbsent(w.name(), n -> new Of(w, new RunStore(w), new StateCommitter(w, clock), new RecordStateStore(w),
                new SyncControls(w), new RecordQueries(w)));
    }

    /** Blocking work on the named warehouse's stores, on that warehouse's worker threads. */
    public <T> Uni<T> on(String warehouse, Function<Of, T> work) {
        return on(warehouses.get(warehouse), work);
    }

    /** Blocking work on the warehouse's stores, on its worker threads. */
    public <T> Uni<T> on(Warehouse w, Function<Of, T> work) {
        return Uni.createFrom().item(() -> work.apply(of(w))).runSubscriptionOn(w.executor());
    }

    /** Finds a run in any warehouse. */
    public Uni<Optional<Run>> findRun(String runId) {
        return onWarehouseOfRun(runId, (s, run) -> run);
    }

    /**
     * Blocking work on the stores of the warehouse that keeps the run, given the run as found there; empty when no
     * warehouse has it. The run's own warehouse is asked, not its sync's: a reload may have removed the sync.
     */
    public <T> Uni<Optional<T>> onWarehouseOfRun(String runId, BiFunction<Of, Run, T> work) {
        // each warehouse in turn, on its own workers, until one has the run
        return Multi.createFrom().iterable(warehouses.all())
                .onItem().transformToUniAndConcatenate(w -> on(w, s -> s.runs().find(runId).map(run -> work.apply(s, run))))
                .select().where(Optional::isPresent)
                .toUni()
                .map(found -> found == null ? Optional.<T>empty() : found);
    }
}
