package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunCounts;
import io.sluice.state.RunState;
import io.sluice.state.Trigger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthRulesTest {
    private static RunCounts counts(long ok, long failed) {
        return RunCounts.of(Map.of(ApplyState.SUCCESS, ok, ApplyState.DESTINATION_FAILURE, failed), Map.of(Action.CREATE, ok + failed));
    }

    private static Run run(RunState state, Health health, String error, RunCounts counts) {
        return new Run("r", "s", Trigger.API, state, health, Instant.EPOCH, Instant.EPOCH, error, counts, 0L, null, Map.of());
    }

    @Test
    void runHealth() {
        assertThat(HealthRules.runHealth(RunState.FAILED, "boom", new RunCounts())).isEqualTo(Health.FAILED);
        assertThat(HealthRules.runHealth(RunState.DELAYED, null, counts(3, 1))).isEqualTo(Health.DELAYED);
        assertThat(HealthRules.runHealth(RunState.COMPLETED, null, counts(0, 4))).isEqualTo(Health.FAILED);
        assertThat(HealthRules.runHealth(RunState.COMPLETED, null, counts(3, 1))).isEqualTo(Health.INCOMPLETE);
        assertThat(HealthRules.runHealth(RunState.COMPLETED, null, counts(3, 0))).isEqualTo(Health.HEALTHY);
        assertThat(HealthRules.runHealth(RunState.COMPLETED, null, new RunCounts())).isEqualTo(Health.HEALTHY);
    }

    @Test
    void syncHealth() {
        assertThat(HealthRules.syncHealth(Optional.empty(), Optional.empty(), Map.of())).isEqualTo(Health.PENDING);
        Run failedGlobally = run(RunState.FAILED, Health.FAILED, "table missing", new RunCounts());
        assertThat(HealthRules.syncHealth(Optional.of(failedGlobally), Optional.empty(), Map.of())).isEqualTo(Health.FAILED);

        Run allFailed = run(RunState.COMPLETED, Health.FAILED, null, counts(0, 2));
        Map<ApplyState, Long> unresolved = Map.of(ApplyState.DESTINATION_FAILURE, 2L, ApplyState.SUCCESS, 8L);
        assertThat(HealthRules.syncHealth(Optional.of(allFailed), Optional.of(allFailed), unresolved)).isEqualTo(Health.FAILED);

        Run partly = run(RunState.COMPLETED, Health.INCOMPLETE, null, counts(5, 2));
        assertThat(HealthRules.syncHealth(Optional.of(partly), Optional.of(partly), unresolved)).isEqualTo(Health.INCOMPLETE);

        Run empty = run(RunState.COMPLETED, Health.HEALTHY, null, new RunCounts());
        // a later run with nothing to do does not hide failures left by the latest run with records
        assertThat(HealthRules.syncHealth(Optional.of(empty), Optional.of(partly), unresolved)).isEqualTo(Health.INCOMPLETE);
        // skipping the last failures makes the sync healthy without a new run
        Map<ApplyState, Long> skipped = Map.of(ApplyState.SKIPPED_ONCE, 2L, ApplyState.SUCCESS, 8L);
        assertThat(HealthRules.syncHealth(Optional.of(partly), Optional.of(partly), skipped)).isEqualTo(Health.HEALTHY);
        assertThat(HealthRules.syncHealth(Optional.of(empty), Optional.of(partly), Map.of(ApplyState.DELAYED, 3L))).isEqualTo(Health.DELAYED);
    }
}
