package io.sluice.engine;

import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import java.util.Map;
import java.util.Optional;

/** A sync's status: its health (SEMANTICS.md "Health"), record counts per apply state, the latest run and the active one. */
public record SyncStatus(Health health, Map<ApplyState, Long> records, Optional<Run> latestRun, Optional<Run> activeRun) {
}
