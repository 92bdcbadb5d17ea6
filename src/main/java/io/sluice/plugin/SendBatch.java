package io.sluice.plugin;

import java.util.List;

/**
 * A batch of records for one sync, at most {@link AppConnection#maxBatchSize()} long. Records of one batch
 * may carry different actions (a mirror run mixes creates, updates and deletes).
 */
public record SendBatch(SyncTarget target, List<OutboundRecord> records) {
    public SendBatch {
        records = List.copyOf(records);
    }
}
