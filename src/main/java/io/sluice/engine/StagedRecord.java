package io.sluice.engine;

import io.sluice.plan.StageKind;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;

/** One row of a run's stage table, as read back from the warehouse. JSON stays text until it is needed. */
record StagedRecord(long seq, String identifier, StageKind kind, Action action, ApplyReason reason, boolean present,
                    String record, long dupCount, String prevAppIdentifier, String prevRecord) {
}
