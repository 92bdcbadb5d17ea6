package io.sluice.bench;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** An app that answers at once: the figures are the engine's and the warehouse's, not a network's. */
final class InstantApp implements AppConnection {
    @Override
    public int maxBatchSize() {
        return 1000;
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        return Uni.createFrom().item(() -> batch.records().stream()
                .map(r -> RecordOutcome.success(r.identifier(), null, "app-" + r.identifier())).toList());
    }
}
