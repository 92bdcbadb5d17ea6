package io.sluice.engine;

import io.sluice.state.Run;
import io.sluice.state.SyncControls;
import io.smallrye.mutiny.Uni;

/**
 * What a trigger produced: a started run and the {@link Uni} of its end, or the id of the run already active, or
 * the pause that refused it.
 *
 * @param run         the started run, or {@code null} when refused
 * @param completion  the finished run (memoized: every subscriber sees the same end), or {@code null} when refused
 * @param activeRunId the run holding the sync's lock when refused, else {@code null}
 * @param pause       the sync's pause when refused because it is paused, else {@code null}
 */
public record StartResult(Run run, Uni<Run> completion, String activeRunId, SyncControls.Pause pause) {
    public StartResult(Run run, Uni<Run> completion, String activeRunId) {
        this(run, completion, activeRunId, null);
    }

    static StartResult paused(SyncControls.Pause pause) {
        return new StartResult(null, null, null, pause);
    }

    public boolean started() {
        return run != null;
    }
}
