package io.sluice.state;

import io.sluice.plugin.Action;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Warehouse;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Commits a window of outcomes to record state and history in one transaction, set-based: the outcomes go
 * into the run's outcome table (the dialect's bulk insert), then one INSERT adds the state of records new to it, one
 * MERGE moves the state of the others, one DELETE drops
 * records that left the app or never reached it, one INSERT appends history, and the outcome table is
 * emptied. The new state is computed in SQL from the outcome and the stage row (which carries the previous
 * state), so records travel back to the warehouse as small outcome rows, never as payloads.
 */
public final class StateCommitter {
    /** The outcome table's columns, in the order {@link #row} fills them (rows per INSERT are the dialect's to choose). */
    private static final List<String> OUTCOME_COLUMNS = List.of("seq", "identifier", "action", "apply_state", "apply_reason", "result",
            "app_identifier", "payload");

    private final Warehouse warehouse;
    private final Dialect d;
    private final Clock clock;
    private final String stateTable;
    private final String historyTable;

    public StateCommitter(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.d = warehouse.dialect();
        this.clock = clock;
        this.stateTable = warehouse.engineTable("record_state");
        this.historyTable = warehouse.engineTable("record_history");
    }

    /** DDL of a run's outcome table, {@code outcomeName} being its bare name in the engine schema. */
    public String createOutcomeTable(String outcomeName) {
        String t = d.textType();
        return "CREATE TABLE " + warehouse.engineTable(outcomeName) + " (seq " + d.bigintType() + " NOT NULL, identifier " + t + " NOT NULL, action " + t
                + ", apply_state " + t + " NOT NULL, apply_reason " + t + ", result " + t + ", app_identifier " + t + ", payload " + t + ")";
    }

    /** Commits one window. Nothing of it is visible until the whole window is committed. */
    public Uni<Void> commit(String syncSlug, String runId, String stageTable, String outcomeName, List<Outcome> window) {
        return warehouse.call("committing " + window.size() + " results of run " + runId + " (sync '" + syncSlug + "')", c -> {
            commitBlocking(c, syncSlug, runId, stageTable, outcomeName, window);
            return null;
        }).replaceWithVoid();
    }

    private void commitBlocking(Connection c, String syncSlug, String runId, String stage, String outcomeName, List<Outcome> window)
            throws SQLException {
        if (window.isEmpty()) {
            return;
        }
        setUp(c);
        d.insertRows(c, warehouse.engineSchema(), outcomeName, OUTCOME_COLUMNS, window.stream().map(StateCommitter::row).toList());
        long firstSeq = window.stream().mapToLong(Outcome::seq).min().orElseThrow();
        long lastSeq = window.stream().mapToLong(Outcome::seq).max().orElseThrow();
        applyOutcomes(c, syncSlug, runId, stage, warehouse.engineTable(outcomeName), firstSeq, lastSeq);
    }

    /**
     * Marks every staged record after {@code afterSeq} {@code DELAYED}, in one transaction and set-based: one
     * INSERT ... SELECT over the rest of the stage writes their outcomes, then the same statements as a window's
     * commit move state and append history. For a run that stopped (cancel, time limit, a rate-limit wait past
     * it): the records it never read get their outcome without travelling through the service.
     *
     * @param resultJson the result stored for each record (why it was not sent)
     * @return the records delayed, per action (records that needed no action are counted in the total only)
     */
    public Uni<Delayed> delayAfter(String syncSlug, String runId, String stageTable, String outcomeName, long afterSeq, String resultJson) {
        return warehouse.call("marking the records of run " + runId + " (sync '" + syncSlug + "') not processed as DELAYED", c -> {
            setUp(c);
            String outcomes = warehouse.engineTable(outcomeName);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + outcomes + " (" + String.join(", ", OUTCOME_COLUMNS) + ") "
                    + "SELECT seq, identifier, CASE WHEN kind = 'SEND' THEN action END, 'DELAYED', apply_reason, CAST(? AS "
                    + d.textType() + "), NULL, NULL FROM " + stageTable + " WHERE seq > ?")) {
                p.setString(1, resultJson);
                p.setLong(2, afterSeq);
                p.executeUpdate();
            }
            Map<Action, Long> byAction = new EnumMap<>(Action.class);
            long total = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT action, COUNT(*) FROM " + outcomes + " GROUP BY action")) {
                while (rs.next()) {
                    total += rs.getLong(2);
                    if (rs.getString(1) != null) {
                        byAction.put(Action.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            applyOutcomes(c, syncSlug, runId, stageTable, outcomes, afterSeq + 1, Long.MAX_VALUE);
            return new Delayed(byAction, total);
        });
    }

    /** What {@link #delayAfter} delayed: per action, and in all (records that needed no action have none). */
    public record Delayed(Map<Action, Long> byAction, long total) {
    }

    private void setUp(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : d.commitSetup()) {
                s.execute(sql);
            }
        }
    }

    /** Moves state and appends history from the outcomes of a {@code seq} range, then empties the outcome table. */
    private void applyOutcomes(Connection c, String syncSlug, String runId, String stage, String outcomes, long firstSeq, long lastSeq)
            throws SQLException {
        Instant now = clock.instant();
        WindowShape shape = shape(c, stage, firstSeq, lastSeq);
        List<String> stateSql = new ArrayList<>(2);
        if (shape.newRecords()) {
            stateSql.add(insertNewStateSql(stage, outcomes));
        }
        if (shape.knownRecords()) {
            stateSql.add(mergeStateSql(stage, outcomes));
        }
        for (String sql : stateSql) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, syncSlug);
                p.setString(2, runId);
                d.bindInstant(p, 3, now);
                p.setLong(4, firstSeq);
                p.setLong(5, lastSeq);
                p.executeUpdate();
            }
        }
        if (shape.absentRecords()) {
            try (PreparedStatement p = c.prepareStatement(deleteStateSql(stage, outcomes))) {
                p.setString(1, syncSlug);
                p.setLong(2, firstSeq);
                p.setLong(3, lastSeq);
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement(appendHistorySql(stage, outcomes))) {
            p.setString(1, runId);
            p.setString(2, syncSlug);
            d.bindInstant(p, 3, now);
            p.setLong(4, firstSeq);
            p.setLong(5, lastSeq);
            p.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(d.emptyTable(outcomes));
        }
    }

    /**
     * Which of the state statements a {@code seq} range can touch, read from the stage (the warehouse prunes the range
     * by min/max, so this reads one window's rows and costs about a millisecond). A first run's windows hold new records
     * only, a changed run's known ones only, and records absent from the source are rare: running the MERGE or the
     * DELETE over a window with nothing for them still joins it with record state, which cost a million-record first run
     * 1.1 s (MERGE) and 0.6 s (DELETE) on DuckDB (docs/benchmarks.md, issue 16).
     */
    private WindowShape shape(Connection c, String stage, long firstSeq, long lastSeq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(windowShapeSql(stage))) {
            p.setLong(1, firstSeq);
            p.setLong(2, lastSeq);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new WindowShape(rs.getInt(1) > 0, rs.getInt(2) > 0, rs.getInt(3) > 0);
            }
        }
    }

    /**
     * Flags of a {@code seq} range of the stage: any record new to state, any with state, any absent from the source
     * (which includes every {@code DROP}: those are absent and never applied). Parameters: first and last seq.
     */
    public static String windowShapeSql(String stage) {
        return "SELECT MAX(CASE WHEN prev_state IS NULL THEN 1 ELSE 0 END), MAX(CASE WHEN prev_state IS NOT NULL THEN 1 ELSE 0 END), "
                + "MAX(CASE WHEN present IS NULL THEN 1 ELSE 0 END) FROM " + stage + " WHERE seq BETWEEN ? AND ?";
    }

    /** Which state statements a window needs: the INSERT of new records, the MERGE of known ones, the DELETE. */
    private record WindowShape(boolean newRecords, boolean knownRecords, boolean absentRecords) {
    }

    /** Drops records the app deleted or that never reached it. Parameters: sync id, the window's first and last seq. */
    public String deleteStateSql(String stage, String outcomes) {
        return "DELETE FROM " + stateTable + " WHERE sync_id = ? AND identifier IN ("
                + "SELECT o.identifier FROM " + outcomes + " o " + joinWindow(stage)
                + " AND ((o.apply_state = 'SUCCESS' AND s.present IS NULL) OR (s.kind = 'DROP' AND o.apply_state <> 'DELAYED')))";
    }

    /** Appends one history row per outcome. Parameters: run id, sync id, time, the window's first and last seq. */
    public String appendHistorySql(String stage, String outcomes) {
        return "INSERT INTO " + historyTable + " (run_id, sync_id, identifier, action, apply_state, "
                + "apply_reason, result, app_identifier, record, recorded_at) SELECT ?, ?, o.identifier, o.action, o.apply_state, o.apply_reason, "
                + "o.result, COALESCE(o.app_identifier, s.prev_app_identifier), COALESCE(o.payload, s.record, s.prev_record), ? FROM "
                + outcomes + " o " + joinWindow(stage);
    }

    /**
     * The window's stage rows. The range is redundant with the join, and is what keeps a window's cost flat: a
     * window's outcomes lie in a narrow {@code seq} range (pages are read in order), which the warehouse prunes by
     * min/max instead of scanning the whole stage for each window (docs/benchmarks.md).
     */
    private static String joinWindow(String stage) {
        return "JOIN " + stage + " s ON s.seq = o.seq WHERE s.seq BETWEEN ? AND ?";
    }

    private static Object[] row(Outcome o) {
        return new Object[] {o.seq(), o.identifier(), o.action() == null ? null : o.action().name(), o.applyState().name(),
                o.applyReason() == null ? null : o.applyReason().name(), o.resultJson(), o.appIdentifier(), o.payloadJson()};
    }

    /** The outcome table's columns, in the order {@link #row} fills them. */
    public static List<String> outcomeColumns() {
        return OUTCOME_COLUMNS;
    }

    /**
     * New state per outcome of a record that had state when the run staged it (the stage's {@code prev_state}), merged
     * into its row. Success: the staged record becomes the applied one and the failure count resets. Failure: the applied
     * record stays, the attempted hash moves (so "skip once" can suppress this version) and the failure count grows.
     * Delayed: nothing moves but the state. Records that left the source and were deleted, or never succeeded, are
     * removed by the DELETE that follows instead (unless delayed: a record not processed keeps its state for the next
     * run). Parameters: sync id, run id, time, the window's first and last seq.
     */
    public String mergeStateSql(String stage, String outcomes) {
        return "MERGE INTO " + stateTable + " t USING (" + newStateSelect(stage, outcomes) + " AND s.prev_state IS NOT NULL) u "
                + "ON t.sync_id = u.sync_id AND t.identifier = u.identifier "
                + "WHEN MATCHED THEN UPDATE SET app_identifier = u.app_identifier, applied_record = u.applied_record, "
                + "applied_hash = u.applied_hash, attempted_hash = u.attempted_hash, last_action = u.last_action, "
                + "apply_state = u.apply_state, apply_reason = u.apply_reason, last_result = u.last_result, "
                + "failure_count = u.failure_count, last_run_id = u.last_run_id, updated_at = u.now_at "
                + "WHEN NOT MATCHED THEN INSERT (" + STATE_COLUMNS + ") VALUES "
                + "(u.sync_id, u.identifier, u.app_identifier, u.applied_record, u.applied_hash, u.attempted_hash, u.last_action, "
                + "u.apply_state, u.apply_reason, u.last_result, u.failure_count, u.last_run_id, u.now_at, u.now_at)";
    }

    /**
     * New state of records that had none when the run staged them (a new record's first outcome): a plain INSERT, the
     * same rows as {@link #mergeStateSql} computes. Kept apart from the MERGE, which matches every row against record
     * state and cost a first run about a third more than inserting (docs/benchmarks.md, issue 16). No other writer creates a sync's state rows while its run
     * holds the lock (operator requests only mark rows that exist). Parameters: as {@link #mergeStateSql}.
     */
    public String insertNewStateSql(String stage, String outcomes) {
        return "INSERT INTO " + stateTable + " (" + STATE_COLUMNS + ") SELECT sync_id, identifier, app_identifier, applied_record, "
                + "applied_hash, attempted_hash, last_action, apply_state, apply_reason, last_result, failure_count, last_run_id, now_at, "
                + "now_at FROM (" + newStateSelect(stage, outcomes) + " AND s.prev_state IS NULL) u";
    }

    private static final String STATE_COLUMNS = "sync_id, identifier, app_identifier, applied_record, applied_hash, attempted_hash, "
            + "last_action, apply_state, apply_reason, last_result, failure_count, last_run_id, created_at, updated_at";

    /** Each outcome's new state row, for the records that keep one; ends in a WHERE clause callers narrow with AND. */
    private String newStateSelect(String stage, String outcomes) {
        return "SELECT CAST(? AS " + d.textType() + ") AS sync_id, o.identifier, "
                + "COALESCE(o.app_identifier, s.prev_app_identifier) AS app_identifier, "
                + "CASE WHEN o.apply_state = 'SUCCESS' THEN s.record ELSE s.prev_record END AS applied_record, "
                + "CASE WHEN o.apply_state = 'SUCCESS' THEN s.record_hash ELSE s.prev_hash END AS applied_hash, "
                + "CASE WHEN o.apply_state IN ('SUCCESS', 'DESTINATION_FAILURE', 'SOURCE_FAILURE') THEN s.record_hash "
                + "ELSE s.prev_attempted_hash END AS attempted_hash, "
                + "o.action AS last_action, o.apply_state, o.apply_reason, o.result AS last_result, "
                + "CASE WHEN o.apply_state IN ('DESTINATION_FAILURE', 'SOURCE_FAILURE') THEN COALESCE(s.prev_failure_count, 0) + 1 "
                + "WHEN o.apply_state = 'DELAYED' THEN COALESCE(s.prev_failure_count, 0) ELSE 0 END AS failure_count, "
                + "CAST(? AS " + d.textType() + ") AS last_run_id, CAST(? AS " + d.timestampType() + ") AS now_at "
                + "FROM " + outcomes + " o " + joinWindow(stage) + " AND NOT (o.apply_state = 'SUCCESS' AND s.present IS NULL) "
                + "AND (s.kind <> 'DROP' OR o.apply_state = 'DELAYED')";
    }
}
