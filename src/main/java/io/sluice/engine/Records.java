package io.sluice.engine;

import io.sluice.state.ApplyState;
import io.sluice.state.HistoryView;
import io.sluice.state.RecordQueries;
import io.sluice.state.RecordView;
import io.sluice.state.Stores;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Operator access to a sync's records: lists, history, and requests (resync, skip once, skip always). */
@ApplicationScoped
public class Records {
    private final SyncRegistry syncs;
    private final Stores stores;
    private final Clock clock;
    private final SyncChanges changes;

    @Inject
    public Records(SyncRegistry syncs, Stores stores, Clock clock, SyncChanges changes) {
        this.syncs = syncs;
        this.stores = stores;
        this.clock = clock;
        this.changes = changes;
    }

    public Uni<List<RecordView>> list(String slug, RecordQueries.Filter filter, String after, int limit) {
        return onWarehouseOf(slug, s -> s.queries().records(slug, filter, after, limit));
    }

    public Uni<Optional<RecordView>> get(String slug, String identifier) {
        return onWarehouseOf(slug, s -> s.queries().record(slug, identifier));
    }

    public Uni<List<HistoryView>> history(String slug, String identifier, int limit) {
        return onWarehouseOf(slug, s -> s.queries().historyOfRecord(slug, identifier, limit));
    }

    /** A run's records, or empty when no run has that id. */
    public Uni<Optional<List<HistoryView>>> ofRun(String runId, String after, int limit) {
        return stores.onWarehouseOfRun(runId, (s, run) -> s.queries().historyOfRun(runId, after, limit));
    }

    /** Marks the given records (those that have state), or every failed one when {@code identifiers} is null. */
    public Uni<Integer> request(String slug, Collection<String> identifiers, ApplyState request) {
        return onWarehouseOf(slug, s -> identifiers == null
                ? s.state().markFailed(slug, request, clock.instant())
                : s.state().mark(slug, identifiers, request, clock.instant())).call(() -> changes.fired(slug));
    }

    /** Marks every record of the sync for re-sending next run, except those skipped for good; returns how many. */
    public Uni<Integer> resyncAll(String slug) {
        return onWarehouseOf(slug, s -> s.state().markAllForResync(slug, clock.instant())).call(() -> changes.fired(slug));
    }

    /** @throws io.sluice.sync.UnknownSyncException when no sync has the slug */
    private <T> Uni<T> onWarehouseOf(String slug, Function<Stores.Of, T> work) {
        return stores.on(syncs.get(slug).source().warehouse(), work);
    }
}
