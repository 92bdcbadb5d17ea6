package io.sluice.state;

import java.time.Instant;

/** One row of record state, as operators see it (JSON fields stay text). */
public record RecordView(String identifier, String appIdentifier, ApplyState applyState, String applyReason, String lastAction,
                         String lastResult, int failureCount, String appliedRecord, String lastRunId, Instant updatedAt) {
}
