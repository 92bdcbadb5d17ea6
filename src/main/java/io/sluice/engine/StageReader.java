package io.sluice.engine;

import io.sluice.state.StageTable;
import io.sluice.state.StagedRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a stage table back in {@code seq} order, one page per request from downstream, so only a bounded
 * number of records is ever in memory and the warehouse is read only as fast as the app absorbs records.
 * Keyset paging over the run's own snapshot: no record twice, none lost, whatever the source does meanwhile.
 */
final class StageReader {
    private StageReader() {
    }

    /**
     * @param readThrough set to the last {@code seq} read: once the run stops, no further page is read, and the records
     *                    after it are left to one set-based statement ({@link io.sluice.state.StateCommitter#delayAfter})
     */
    static Multi<StagedRecord> read(StageTable stage, RunProgress progress, RunControl control, AtomicLong readThrough) {
        return Multi.createBy().repeating()
                .uni(() -> readThrough, cursor -> control.shouldStop() ? Uni.createFrom().item(List.<StagedRecord>of())
                        : stage.page(cursor.get()).invoke(page -> {
                    if (!page.isEmpty()) {
                        cursor.set(page.get(page.size() - 1).seq());
                        progress.read.addAndGet(page.size());
                    }
                }))
                .until(List::isEmpty)
                .onItem().disjoint();
    }
}
