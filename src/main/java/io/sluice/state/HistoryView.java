package io.sluice.state;

import java.time.Instant;

/** One history row: what a run did with one record. */
public record HistoryView(String runId, String identifier, String action, ApplyState applyState, String applyReason, String result,
                          String appIdentifier, String record, Instant recordedAt) {
}
