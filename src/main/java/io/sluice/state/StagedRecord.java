package io.sluice.state;

import io.sluice.plan.StageKind;
import io.sluice.plugin.Action;

/** One row of a run's stage table, as {@link StageTable} reads it back from the warehouse. JSON stays text until it is needed. */
public record StagedRecord(long seq, String identifier, StageKind kind, Action action, ApplyReason reason, boolean present,
                           String record, long dupCount, String prevAppIdentifier, String prevRecord) {
}
