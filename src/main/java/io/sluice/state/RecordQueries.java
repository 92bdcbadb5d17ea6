package io.sluice.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Warehouse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads of record state and history for operators: filtered lists with keyset paging on the identifier (a
 * cursor stays valid while records change), one record's history across runs, one run's records.
 */
public final class RecordQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_COLUMNS = "identifier, app_identifier, apply_state, apply_reason, last_action, last_result, "
            + "failure_count, applied_record, last_run_id, updated_at";
    private static final String HISTORY_COLUMNS = "run_id, identifier, action, apply_state, apply_reason, result, app_identifier, record, recorded_at";

    private final Warehouse warehouse;
    private final Dialect d;
    private final String state;
    private final String history;

    public RecordQueries(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.d = warehouse.dialect();
        this.state = warehouse.engineTable("record_state");
        this.history = warehouse.engineTable("record_history");
    }

    /** Filters of a record list; null means any. */
    public record Filter(ApplyState applyState, String lastAction, String applyReason) {
    }

    /** Records of a sync after the cursor (an identifier, exclusive), in identifier order. */
    public List<RecordView> records(String syncSlug, Filter filter, String after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + STATE_COLUMNS + " FROM " + state + " WHERE sync_id = ?");
        List<String> params = new ArrayList<>(List.of(syncSlug));
        if (filter.applyState() != null) {
            sql.append(" AND apply_state = ?");
            params.add(filter.applyState().name());
        }
        if (filter.lastAction() != null) {
            sql.append(" AND last_action = ?");
            params.add(filter.lastAction());
        }
        if (filter.applyReason() != null) {
            sql.append(" AND apply_reason = ?");
            params.add(filter.applyReason());
        }
        if (after != null) {
            sql.append(" AND identifier > ?");
            params.add(after);
        }
        String query = d.limit(sql.append(" ORDER BY identifier").toString(), limit);
        return warehouse.callBlocking("listing records of sync '" + syncSlug + "'", c -> {
            try (PreparedStatement p = c.prepareStatement(query)) {
                for (int i = 0; i < params.size(); i++) {
                    p.setString(i + 1, params.get(i));
                }
                List<RecordView> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
                return out;
            }
        });
    }

    public Optional<RecordView> record(String syncSlug, String identifier) {
        return warehouse.callBlocking("reading record '" + identifier + "' of sync '" + syncSlug + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + STATE_COLUMNS + " FROM " + state + " WHERE sync_id = ? AND identifier = ?")) {
                p.setString(1, syncSlug);
                p.setString(2, identifier);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every run one record was in, newest first. */
    public List<HistoryView> historyOfRecord(String syncSlug, String identifier, int limit) {
        return history("history of record '" + identifier + "'", d.limit("SELECT " + HISTORY_COLUMNS + " FROM " + history
                + " WHERE sync_id = ? AND identifier = ? ORDER BY recorded_at DESC, run_id DESC", limit), syncSlug, identifier);
    }

    /** The records of one run after the cursor (an identifier, exclusive), in identifier order. */
    public List<HistoryView> historyOfRun(String runId, String after, int limit) {
        return history("records of run " + runId, d.limit("SELECT " + HISTORY_COLUMNS + " FROM " + history
                + " WHERE run_id = ? AND identifier > ? ORDER BY identifier", limit), runId, after == null ? "" : after);
    }

    private List<HistoryView> history(String what, String sql, String... params) {
        return warehouse.callBlocking("reading " + what, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    p.setString(i + 1, params[i]);
                }
                List<HistoryView> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new HistoryView(rs.getString("run_id"), rs.getString("identifier"), rs.getString("action"),
                                ApplyState.valueOf(rs.getString("apply_state")), rs.getString("apply_reason"), json(rs.getString("result")),
                                rs.getString("app_identifier"), json(rs.getString("record")), d.readInstant(rs, "recorded_at")));
                    }
                }
                return out;
            }
        });
    }

    /** Stored JSON text as a tree; text that is not JSON (written by an older version) is kept as a JSON string. */
    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private RecordView record(ResultSet rs) throws SQLException {
        return new RecordView(rs.getString("identifier"), rs.getString("app_identifier"), ApplyState.valueOf(rs.getString("apply_state")),
                rs.getString("apply_reason"), rs.getString("last_action"), json(rs.getString("last_result")), rs.getInt("failure_count"),
                json(rs.getString("applied_record")), rs.getString("last_run_id"), d.readInstant(rs, "updated_at"));
    }
}
