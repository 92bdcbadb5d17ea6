package io.sluice.api;

import io.sluice.engine.SyncEngine;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.SyncControls;
import io.sluice.sync.SyncDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sync as the API shows it: its definition, whether it is paused (since when, why), health, record counts per
 * apply state, latest and active run, skipped ticks.
 */
public record SyncView(String slug, String file, String strategy, Source source, Target target, String schedule, List<String> after,
                       String timeLimit, boolean template, boolean paused, Instant pausedAt, String pauseReason, Health health,
                       Map<ApplyState, Long> records, RunView latestRun, RunView activeRun, long skippedTicks) {

    public record Source(String warehouse, String table, String query, String idColumn, String filter) {
    }

    public record Target(String connection, String object) {
    }

    /** @param skippedTicks scheduled ticks skipped on this replica because a run was active or the sync paused */
    static SyncView of(SyncDefinition s, SyncEngine.SyncStatus status, Optional<SyncControls.Pause> pause, SyncEngine engine,
                       long skippedTicks) {
        return new SyncView(s.slug(), s.file(), s.strategy().id(),
                new Source(s.source().warehouse(), s.source().table(), s.source().query(), s.source().idColumn(), s.source().filter()),
                new Target(s.target().connection(), s.target().object()), s.schedule(), s.after(), s.timeLimit().toString(),
                s.usesTemplate(), pause.isPresent(), pause.map(SyncControls.Pause::since).orElse(null),
                pause.map(SyncControls.Pause::reason).orElse(null), status.health(), new TreeMap<>(status.records()),
                status.latestRun().map(r -> RunView.of(r, engine.progress(r.id()))).orElse(null),
                status.activeRun().map(r -> RunView.of(r, engine.progress(r.id()))).orElse(null), skippedTicks);
    }
}
