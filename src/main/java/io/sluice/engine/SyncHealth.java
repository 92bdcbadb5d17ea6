package io.sluice.engine;

import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.RecordStateStore;
import io.sluice.state.Run;
import io.sluice.state.RunStore;
import io.sluice.state.Stores;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a sync's status: its health ({@link HealthRules#syncHealth}) from its latest runs and record state, with the
 * counts and runs it was derived from. Blocking: call on a warehouse worker.
 */
public final class SyncHealth {
    private SyncHealth() {
    }

    /** The sync's status from its warehouse's stores. */
    public static SyncStatus read(Stores.Of stores, String slug) {
        return read(stores.runs(), stores.state(), slug);
    }

    static SyncStatus read(RunStore runs, RecordStateStore state, String slug) {
        List<Run> recent = runs.recent(slug, 50);
        Optional<Run> latestEnded = recent.stream().filter(r -> !r.isActive()).findFirst();
        Optional<Run> latestWithRecords = recent.stream().filter(r -> !r.isActive() && r.hasRecords()).findFirst();
        Map<ApplyState, Long> counts = state.countsByApplyState(slug);
        Health health = HealthRules.syncHealth(latestEnded, latestWithRecords, counts);
        return new SyncStatus(health, counts, recent.stream().findFirst(), recent.stream().filter(Run::isActive).findFirst());
    }
}
