package io.sluice.engine;

import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import java.time.Clock;

/**
 * What every part of one run shares: the sync, its warehouse, the run, the engine's settings and clock, and the run's
 * control (stop, deadline) and progress. Built once when the run starts ({@link #of}), then handed to the pipeline,
 * its dispatcher and its commit windows.
 */
record RunContext(SyncDefinition sync, Warehouse warehouse, Run run, EngineConfig config, Clock clock, RunControl control,
                  RunProgress progress) {

    /** A fresh context for a run that holds its lock: its deadline is its start plus the sync's time limit. */
    static RunContext of(SyncDefinition sync, Warehouse warehouse, Run run, EngineConfig config, Clock clock) {
        return new RunContext(sync, warehouse, run, config, clock, new RunControl(clock, run.startedAt().plus(sync.timeLimit())),
                new RunProgress());
    }
}
