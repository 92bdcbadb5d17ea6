package io.sluice.api;

import io.sluice.engine.RunProgress;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.state.Trigger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A run as the API shows it; {@code progress} only while the run is active on this replica; {@code appUsage} as the app reported it. */
@Schema(description = "A run of a sync")
public record RunView(@Schema(description = "the run's id") String id,
                      @Schema(description = "the sync's slug") String sync,
                      @Schema(description = "what started the run") Trigger trigger,
                      @Schema(description = "where the run is: RUNNING, COMPLETED, DELAYED, FAILED") RunState state,
                      @Schema(description = "how the run went; null while it runs") Health health,
                      @Schema(description = "when the run started") Instant startedAt,
                      @Schema(description = "when the run ended; null while it runs") Instant endedAt,
                      @Schema(description = "why the run failed before or outside any record (missing table, NULL identifiers), else null") String globalError,
                      @Schema(description = "records per action and per apply state") Counts counts,
                      @Schema(description = "records the run staged") Long recordsStaged,
                      @Schema(description = "when cancellation was requested, else null") Instant cancelRequestedAt,
                      @Schema(description = "live counters, only while the run is active on this replica") Progress progress,
                      @Schema(description = "the app's usage figures as it reported them (e.g. API calls left)") Map<String, String> appUsage) {

    /** Records per action and per apply state. */
    @Schema(description = "Records per action and per apply state")
    public record Counts(@Schema(description = "records per action sent") Map<Action, Long> actions,
                         @Schema(description = "records per apply state reached") Map<ApplyState, Long> applyStates) {
    }

    /**
     * Live counters of an active run. {@code staged} and {@code remaining} are null while the run is staging;
     * {@code ratePerSecond} (records committed per second since sending began) and {@code eta} (when the last
     * record should be committed at that rate) are null until the first commit.
     */
    @Schema(description = "live progress of a run active on this replica")
    public record Progress(
            @Schema(description = "STAGING (the diff runs in the warehouse), SENDING, COMMITTING (last windows; after a stop the rest "
                    + "becomes DELAYED) or FINISHING") RunProgress.Phase phase,
            @Schema(description = "records the diff found needing something; null while staging", nullable = true) Long staged,
            @Schema(description = "records handed to the plugin") long sent,
            @Schema(description = "records given an outcome without a call (resolved, dropped, duplicate, invalid, delayed by a stop)")
            long resolvedLocally,
            @Schema(description = "records whose outcome is committed to state and history; never above sent + resolvedLocally")
            long committed,
            @Schema(description = "committed records whose outcome is a failure (DESTINATION_FAILURE or SOURCE_FAILURE); never above committed")
            long failed,
            @Schema(description = "staged records without a committed outcome; null while staging", nullable = true) Long remaining,
            @Schema(description = "records committed per second since sending began; null before the first commit", nullable = true)
            Double ratePerSecond,
            @Schema(description = "when the last record should be committed at that rate; null while unknown", nullable = true)
            Instant eta) {
    }

    /** The view of a run; {@code progress} is shown only while the run is active. */
    public static RunView of(Run r, Optional<RunProgress.Snapshot> progress) {
        return new RunView(r.id(), r.syncSlug(), r.trigger(), r.state(), r.health(), r.startedAt(), r.endedAt(), r.globalError(),
                new Counts(new TreeMap<>(r.counts().byAction()), new TreeMap<>(r.counts().byState())), r.recordsStaged(),
                r.cancelRequestedAt(), progress.filter(p -> r.isActive())
                .map(p -> new Progress(p.phase(), p.staged(), p.sent(), p.resolvedLocally(), p.committed(), p.failed(), p.remaining(),
                        p.ratePerSecond(), p.eta())).orElse(null), r.appUsage());
    }
}
