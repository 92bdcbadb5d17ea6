package io.sluice.engine;

import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunCounts;
import io.sluice.state.RunState;
import java.util.Map;
import java.util.Optional;

/** Run and sync health as SEMANTICS.md derives them. Pure. */
public final class HealthRules {
    private HealthRules() {
    }

    /**
     * A finished run's health: FAILED for a global error or when records were attempted and none succeeded;
     * DELAYED when stopped by the time limit or a cancellation; INCOMPLETE when some failed; else HEALTHY.
     */
    public static Health runHealth(RunState state, String globalError, RunCounts counts) {
        if (state == RunState.FAILED || globalError != null) {
            return Health.FAILED;
        }
        if (state == RunState.DELAYED) {
            return Health.DELAYED;
        }
        long failed = counts.count(ApplyState.DESTINATION_FAILURE) + counts.count(ApplyState.SOURCE_FAILURE);
        long succeeded = counts.count(ApplyState.SUCCESS);
        if (failed > 0 && succeeded == 0) {
            return Health.FAILED;
        }
        return failed > 0 ? Health.INCOMPLETE : Health.HEALTHY;
    }

    /**
     * A sync's health from its record state and runs: PENDING before any run; FAILED when the latest run could
     * not run at all; while unresolved failures remain, the latest run-with-records' INCOMPLETE or FAILED
     * (INCOMPLETE if that run itself was clean); DELAYED while records wait only on time or rate limits;
     * otherwise HEALTHY (skipped failures count as resolved).
     */
    public static Health syncHealth(Optional<Run> latest, Optional<Run> latestWithRecords, Map<ApplyState, Long> stateCounts) {
        if (latest.isEmpty()) {
            return Health.PENDING;
        }
        Run last = latest.get();
        if (last.state() == RunState.FAILED && last.globalError() != null) {
            return Health.FAILED;
        }
        long failures = stateCounts.getOrDefault(ApplyState.DESTINATION_FAILURE, 0L) + stateCounts.getOrDefault(ApplyState.SOURCE_FAILURE, 0L);
        if (failures > 0) {
            Health h = latestWithRecords.map(Run::health).orElse(Health.INCOMPLETE);
            return h == Health.FAILED ? Health.FAILED : Health.INCOMPLETE;
        }
        if (stateCounts.getOrDefault(ApplyState.DELAYED, 0L) > 0) {
            return Health.DELAYED;
        }
        return Health.HEALTHY;
    }
}
