package io.sluice.engine;

import io.sluice.state.Stores;
import io.sluice.state.SyncControls;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pausing and resuming syncs. A paused sync starts no run, whatever the trigger (cron, "after", API); a run
 * already active when it is paused finishes normally. The pause lives in the sync's warehouse, so it holds
 * across restarts and replicas.
 */
@ApplicationScoped
public class Pauses {
    private final SyncRegistry syncs;
    private final Stores stores;
    private final Clock clock;
    private final SyncChanges changes;

    @Inject
    public Pauses(SyncRegistry syncs, Stores stores, Clock clock, SyncChanges changes) {
        this.syncs = syncs;
        this.stores = stores;
        this.clock = clock;
        this.changes = changes;
    }

    /** Pauses the sync; a paused sync keeps its original pause. @return the pause in force */
    public Uni<SyncControls.Pause> pause(String slug, String reason) {
        return onWarehouseOf(slug, c -> c.pause(slug, reason, clock.instant())).call(() -> changes.fired(slug));
    }

    /** Resumes the sync (idempotent). @return whether it was paused */
    public Uni<Boolean> resume(String slug) {
        return onWarehouseOf(slug, c -> c.resume(slug)).call(() -> changes.fired(slug));
    }

    /** The sync's pause, or empty when it is not paused. */
    public Uni<Optional<SyncControls.Pause>> of(String slug) {
        return onWarehouseOf(slug, c -> c.paused(slug));
    }

    private <T> Uni<T> onWarehouseOf(String slug, Function<SyncControls, T> work) {
        return stores.on(syncs.get(slug).source().warehouse(), s -> work.apply(s.controls()));
    }
}
