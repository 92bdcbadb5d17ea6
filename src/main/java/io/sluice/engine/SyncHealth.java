package io.sluice.engine;

import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.RecordStateStore;
import io.sluice.state.Run;
import io.sluice.state.RunStore;
import io.sluice.state.Stores;
import java.util.List;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a sync's status: its health ({@link HealthRules#syncHealth}) from its latest runs and record state, with the
 * counts and runs it was derived from. Blocking: call on a warehouse worker.
 */
public final class SyncHealth {
    /** How many of a sync's newest runs its health is derived from. */
    private static final int RECENT_RUNS = 50;

    private SyncHealth() {
    }

    /** The sync's status from its warehouse's stores. */
    public static SyncStatus read(Stores.Of stores, String slug) {
        return read(stores.runs(), stores.state(), slug);
    }

    static SyncStatus read(RunStore runs, RecordStateStore state, String slug) {
        return of(runs.recent(slug, RECENT_RUNS), state.countsByApplyState(slug));
    }

    /**
     * The status of each of {@code slugs} from its warehouse's stores, in two statements whatever their number (the
     * syncs list), each sync's the same as {@link #read(Stores.Of, String)} answers.
     */
    public static Map<String, SyncStatus> readAll(Stores.Of stores, Collection<String> slugs) {
        return readAll(stores.runs(), stores.state(), slugs);
    }

    static Map<String, SyncStatus> readAll(RunStore runStore, RecordStateStore state, Collection<String> slugs) {
        Map<String, List<Run>> runs = runStore.recentOfEverySync(RECENT_RUNS);
        Map<String, Map<ApplyState, Long>> counts = state.countsByApplyStateOfEverySync();
        Map<String, SyncStatus> out = new HashMap<>();
        for (String slug : slugs) {
            out.put(slug, of(runs.getOrDefault(slug, List.of()), counts.getOrDefault(slug, new EnumMap<>(ApplyState.class))));
        }
        return out;
    }

    private static SyncStatus of(List<Run> recent, Map<ApplyState, Long> counts) {
        Optional<Run> latestEnded = recent.stream().filter(r -> !r.isActive()).findFirst();
        Optional<Run> latestWithRecords = recent.stream().filter(r -> !r.isActive() && r.hasRecords()).findFirst();
        Health health = HealthRules.syncHealth(latestEnded, latestWithRecords, counts);
        return new SyncStatus(health, counts, recent.stream().findFirst(), recent.stream().filter(Run::isActive).findFirst());
    }
}
