package io.sluice.engine;

import io.sluice.plan.StageKind;
import io.sluice.plan.StagingPlan;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import io.sluice.warehouse.Warehouse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
    static Multi<StagedRecord> read(Warehouse warehouse, StagingPlan plan, RunProgress progress, RunControl control, AtomicLong readThrough) {
        return Multi.createBy().repeating()
                .uni(() -> readThrough, cursor -> control.shouldStop() ? Uni.createFrom().item(List.<StagedRecord>of())
                        : page(warehouse, plan, cursor.get()).invoke(page -> {
                    if (!page.isEmpty()) {
                        cursor.set(page.get(page.size() - 1).seq());
                        progress.read.addAndGet(page.size());
                    }
                }))
                .until(List::isEmpty)
                .onItem().disjoint();
    }

    private static Uni<List<StagedRecord>> page(Warehouse warehouse, StagingPlan plan, long afterSeq) {
        return warehouse.call("reading staged records after #" + afterSeq, c -> {
            List<StagedRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(plan.pageQuery())) {
                p.setLong(1, afterSeq);
                p.setLong(2, plan.pageEnd(afterSeq));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    static StagedRecord row(ResultSet rs) throws java.sql.SQLException {
        String action = rs.getString("action");
        return new StagedRecord(rs.getLong("seq"), rs.getString("identifier"), StageKind.valueOf(rs.getString("kind")),
                action == null ? null : Action.valueOf(action), ApplyReason.valueOf(rs.getString("apply_reason")),
                rs.getObject("present") != null, rs.getString("record"), rs.getLong("dup_count"),
                rs.getString("prev_app_identifier"), rs.getString("prev_record"));
    }
}
