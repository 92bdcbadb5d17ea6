package io.sluice.plugin;

import java.time.Instant;
import java.util.List;

/**
 * A batch of records for one sync, at most {@link AppConnection#maxBatchSize()} long. Records of one batch
 * may carry different actions (a mirror run mixes creates, updates and deletes).
 *
 * @param deadline the run's time limit: waits (rate limits, retries) must not go past it; a plugin that would
 *                 have to wait longer fails the batch with {@link RateLimitDeadlineException}, and the engine
 *                 stops the run and marks the records {@code DELAYED}
 */
public record SendBatch(SyncTarget target, List<OutboundRecord> records, Instant deadline) {
    public SendBatch {
        records = List.copyOf(records);
        deadline = deadline == null ? Instant.MAX : deadline;
    }

    /** A batch without a deadline. */
    public SendBatch(SyncTarget target, List<OutboundRecord> records) {
        this(target, records, null);
    }
}
