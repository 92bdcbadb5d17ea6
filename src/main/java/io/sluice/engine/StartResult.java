package io.sluice.engine;

import io.sluice.state.Run;
import io.smallrye.mutiny.Uni;

/**
 * What a trigger produced: a started run and the {@link Uni} of its end, or the id of the run already active.
 *
 * @param run         the started run, or {@code null} when refused
 * @param completion  the finished run (memoized: every subscriber sees the same end), or {@code null} when refused
 * @param activeRunId the run holding the sync's lock when refused, else {@code null}
 */
public record StartResult(Run run, Uni<Run> completion, String activeRunId) {
    public boolean started() {
        return run != null;
    }
}
