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

/** A run as the API shows it; {@code progress} only while the run is active on this replica; {@code appUsage} as the app reported it. */
public record RunView(String id, String sync, Trigger trigger, RunState state, Health health, Instant startedAt, Instant endedAt,
                      String globalError, Counts counts, Long recordsStaged, Instant cancelRequestedAt, Progress progress,
                      Map<String, String> appUsage) {

    /** Records per action and per apply state. */
    public record Counts(Map<Action, Long> actions, Map<ApplyState, Long> applyStates) {
    }

    /** Live counters of an active run. */
    public record Progress(long staged, long sent, long committed, long remaining) {
    }

    /** The view of a run; {@code progress} is shown only while the run is active. */
    public static RunView of(Run r, Optional<RunProgress> progress) {
        return new RunView(r.id(), r.syncSlug(), r.trigger(), r.state(), r.health(), r.startedAt(), r.endedAt(), r.globalError(),
                new Counts(new TreeMap<>(r.counts().byAction()), new TreeMap<>(r.counts().byState())), r.recordsStaged(),
                r.cancelRequestedAt(), progress.filter(p -> r.isActive())
                .map(p -> new Progress(p.staged(), p.sent(), p.committed(), p.remaining())).orElse(null), r.appUsage());
    }
}
