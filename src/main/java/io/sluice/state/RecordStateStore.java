package io.sluice.state;

import io.sluice.warehouse.Warehouse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;

/** Reads of record state that the engine and the API need (counts per apply state). */
public final class RecordStateStore {
    private final Warehouse warehouse;
    private final String stateTable;

    public RecordStateStore(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stateTable = warehouse.engineTable("record_state");
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
