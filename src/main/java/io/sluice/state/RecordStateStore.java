package io.sluice.state;

import io.sluice.warehouse.Warehouse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/** Reads of record state that the engine and the API need (counts per apply state). */
public final class RecordStateStore {
    private final Warehouse warehouse;
    private final String stateTable;

    public RecordStateStore(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stateTable = warehouse.engineTable("record_state");
    }

    /**
     * A user's request on records: {@code RESYNC_REQUESTED}, {@code SKIPPED_ONCE} or {@code SKIPPED_ALWAYS}.
     * Only records that have state are marked; returns how many.
     */
    public int mark(String syncSlug, Collection<String> identifiers, ApplyState request, Instant now) {
        requireRequest(request);
        return warehouse.callBlocking("marking " + identifiers.size() + " record(s) of sync '" + syncSlug + "' " + request, c -> {
            int n = 0;
            try (PreparedStatement p = c.prepareStatement("UPDATE " + stateTable + " SET apply_state = ?, updated_at = ? "
                    + "WHERE sync_id = ? AND identifier = ?")) {
                for (String id : identifiers) {
                    p.setString(1, request.name());
                    warehouse.dialect().bindInstant(p, 2, now);
                    p.setString(3, syncSlug);
                    p.setString(4, id);
                    n += p.executeUpdate();
                }
            }
            return n;
        });
    }

    /** Marks every record of the sync whose last attempt failed (destination or source failure). */
    public int markFailed(String syncSlug, ApplyState request, Instant now) {
        requireRequest(request);
        return warehouse.callBlocking("marking the failed records of sync '" + syncSlug + "' " + request, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + stateTable + " SET apply_state = ?, updated_at = ? "
                    + "WHERE sync_id = ? AND apply_state IN ('DESTINATION_FAILURE', 'SOURCE_FAILURE')")) {
                p.setString(1, request.name());
                warehouse.dialect().bindInstant(p, 2, now);
                p.setString(3, syncSlug);
                return p.executeUpdate();
            }
        });
    }

    /**
     * Marks every record of the sync for re-sending next run, except those a user excluded for good
     * ({@code SKIPPED_ALWAYS}): a whole-sync resync must not undo an explicit exclusion. One set-based statement,
     * the same on every dialect.
     */
    public int markAllForResync(String syncSlug, Instant now) {
        return warehouse.callBlocking("marking every record of sync '" + syncSlug + "' RESYNC_REQUESTED", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + stateTable + " SET apply_state = 'RESYNC_REQUESTED', updated_at = ? "
                    + "WHERE sync_id = ? AND apply_state <> 'SKIPPED_ALWAYS'")) {
                warehouse.dialect().bindInstant(p, 1, now);
                p.setString(2, syncSlug);
                return p.executeUpdate();
            }
        });
    }

    private static void requireRequest(ApplyState request) {
        if (!EnumSet.of(ApplyState.RESYNC_REQUESTED, ApplyState.SKIPPED_ONCE, ApplyState.SKIPPED_ALWAYS).contains(request)) {
            throw new IllegalArgumentException("records can be marked RESYNC_REQUESTED, SKIPPED_ONCE or SKIPPED_ALWAYS, not " + request);
        }
    }

    /** {@link #countsByApplyState(String)} of every sync of this warehouse, in one statement. */
    public Map<String, Map<ApplyState, Long>> countsByApplyStateOfEverySync() {
        return warehouse.callBlocking("counting record state of every sync", c -> {
            Map<String, Map<ApplyState, Long>> counts = new java.util.HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT sync_id, apply_state, COUNT(*) FROM " + stateTable
                    + " GROUP BY sync_id, apply_state")) {
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        counts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(ApplyState.class))
                                .put(ApplyState.valueOf(rs.getString(2)), rs.getLong(3));
                    }
                }
            }
            return counts;
        });
    }

    public Map<ApplyState, Long> countsByApplyState(String syncSlug) {
        return warehouse.callBlocking("counting record state of sync '" + syncSlug + "'", c -> {
            EnumMap<ApplyState, Long> counts = new EnumMap<>(ApplyState.class);
            try (PreparedStatement p = c.prepareStatement("SELECT apply_state, COUNT(*) FROM " + stateTable
                    + " WHERE sync_id = ? GROUP BY apply_state")) {
                p.setString(1, syncSlug);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        counts.put(ApplyState.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }
}
