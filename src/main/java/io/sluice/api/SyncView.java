package io.sluice.api;

import io.sluice.engine.SyncEngine;
import io.sluice.engine.SyncStatus;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.SyncControls;
import io.sluice.sync.SyncDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A sync as the API shows it: its definition, whether it is paused (since when, why), health, record counts per
 * apply state, latest and active run, skipped ticks.
 */
@Schema(description = "A sync: its definition and how it is doing")
public record SyncView(@Schema(description = "the sync's slug, its identity") String slug,
                       @Schema(description = "the sync file it was loaded from") String file,
                       @Schema(description = "the sync strategy", examples = "mirror") String strategy,
                       @Schema(description = "where the records come from") Source source,
                       @Schema(description = "where the records go") Target target,
                       @Schema(description = "cron schedule (unix style), or null", examples = "*/15 * * * *") String schedule,
                       @Schema(description = "syncs after whose completion this one runs") List<String> after,
                       @Schema(description = "a run's time limit (ISO 8601 duration)", examples = "PT4H") String timeLimit,
                       @Schema(description = "whether payloads are rendered from a template") boolean template,
                       @Schema(description = "whether the sync is paused") boolean paused,
                       @Schema(description = "since when it is paused, else null") Instant pausedAt,
                       @Schema(description = "why it is paused, else null") String pauseReason,
                       @Schema(description = "the sync's health") Health health,
                       @Schema(description = "records per apply state") Map<ApplyState, Long> records,
                       @Schema(description = "the latest run, or null before the first") RunView latestRun,
                       @Schema(description = "the active run, else null") RunView activeRun,
                       @Schema(description = "cron ticks skipped on this replica because a run was active or the sync paused") long skippedTicks) {

    @Schema(description = "Where a sync's records come from")
    public record Source(@Schema(description = "the warehouse's name") String warehouse,
                         @Schema(description = "the source table, or null for a query") String table,
                         @Schema(description = "the source query, or null for a table") String query,
                         @Schema(description = "the column that identifies a record") String idColumn,
                         @Schema(description = "a SQL filter on the source, or null") String filter) {
    }

    @Schema(description = "Where a sync's records go")
    public record Target(@Schema(description = "the connection's name") String connection,
                         @Schema(description = "the app's object", examples = "contacts") String object) {
    }

    /** @param skippedTicks scheduled ticks skipped on this replica because a run was active or the sync paused */
    static SyncView of(SyncDefinition s, SyncStatus status, Optional<SyncControls.Pause> pause, SyncEngine engine,
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
