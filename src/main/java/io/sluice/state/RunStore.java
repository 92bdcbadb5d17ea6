package io.sluice.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs table and the run lock of one warehouse. The lock is a row per sync in {@code run_locks},
 * inserted only when absent, so at most one run per sync is active across every replica sharing the
 * warehouse. A lock whose heartbeat is older than the stale limit belongs to a replica that died: the next
 * acquire marks its run {@code FAILED} and takes over.
 *
 * <p>How the row is inserted depends on whether the warehouse enforces primary keys
 * ({@link Dialect#enforcesUniqueKeys()}):
 * <ul>
 *   <li><b>Enforced</b> (DuckDB, PostgreSQL): {@code INSERT ... SELECT ... WHERE NOT EXISTS} and the lock row
 *       inserted with the run, in one transaction. Two replicas racing past NOT EXISTS cannot both insert: the
 *       primary key fails one of them, which reports the winner.</li>
 *   <li><b>Not enforced</b> (Snowflake): nothing stops a second row, so winning is confirmed after the fact. A
 *       {@code MERGE ... WHEN NOT MATCHED THEN INSERT} adds the row (Snowflake's MERGE takes a table lock that
 *       serialises it with other MERGE/UPDATE/DELETE on {@code run_locks}, so normally only the first inserts)
 *       and is committed on its own; then, in a second transaction, the sync's lock rows are read back. The run
 *       holds the lock only if its row is the only one; otherwise it deletes its row and reports the other run.
 *       This stays safe even if two MERGEs were not serialised: a replica that confirmed alone committed first,
 *       so any later row's owner sees both rows and backs off. Two replicas that both see both rows both back
 *       off, and the next trigger tries again: at most one run, never two.</li>
 * </ul>
 */
public final class RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "run_id, sync_id, run_trigger, state, health, started_at, ended_at, global_error, counts, "
            + "records_staged, cancel_requested_at, app_usage";

    private final Warehouse warehouse;
    private final Dialect d;
    private final boolean keysEnforced;
    private final String runs;
    private final String locks;

    public RunStore(Warehouse warehouse) {
        this(warehouse, warehouse.dialect().enforcesUniqueKeys());
    }

    /** With the lock protocol chosen explicitly: tests run Snowflake's protocol on a warehouse they can reach. */
    RunStore(Warehouse warehouse, boolean keysEnforced) {
        this.warehouse = warehouse;
        this.d = warehouse.dialect();
        this.keysEnforced = keysEnforced;
        this.runs = warehouse.engineTable("runs");
        this.locks = warehouse.engineTable("run_locks");
    }

    /** Outcome of {@link #start}: the new run, or the id of the run already holding the lock. */
    public record StartResult(Run started, String activeRunId) {
    }

    /**
     * Takes the sync's lock and inserts the new run; if another live run holds the lock, nothing of this run is
     * kept and the holder's id is returned.
     */
    public StartResult start(String syncSlug, String runId, Trigger trigger, String instanceId, Instant now, Instant staleBefore) {
        return keysEnforced
                ? startGuardedByKey(syncSlug, runId, trigger, instanceId, now, staleBefore)
                : startConfirmedAfterCommit(syncSlug, runId, trigger, instanceId, now, staleBefore);
    }

    /** The lock row and the run, inserted in one transaction; the primary key settles a race. */
    private StartResult startGuardedByKey(String syncSlug, String runId, Trigger trigger, String instanceId, Instant now, Instant staleBefore) {
        return warehouse.callBlocking("starting a run of sync '" + syncSlug + "'", c -> {
            abandonStale(c, syncSlug, staleBefore, now);
            int inserted;
            try (PreparedStatement p = c.prepareStatement(acquireLockSql())) {
                p.setString(1, syncSlug);
                p.setString(2, runId);
                p.setString(3, instanceId);
                d.bindInstant(p, 4, now);
                p.setString(5, syncSlug);
                inserted = p.executeUpdate();
            } catch (SQLException e) {
                if (!d.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback();
                inserted = 0;
            }
            if (inserted == 0) {
                return new StartResult(null, lockHolder(c, syncSlug).orElse("unknown"));
            }
            return new StartResult(insertRun(c, syncSlug, runId, trigger, instanceId, now), null);
        });
    }

    /** The lock row merged and committed alone, then confirmed as the sync's only lock row (see the class comment). */
    private StartResult startConfirmedAfterCommit(String syncSlug, String runId, Trigger trigger, String instanceId, Instant now,
                                                  Instant staleBefore) {
        Optional<String> holder = warehouse.callBlocking("taking the run lock of sync '" + syncSlug + "'", c -> {
            abandonStale(c, syncSlug, staleBefore, now);
            try (PreparedStatement p = c.prepareStatement(acquireLockSql())) {
                p.setString(1, syncSlug);
                p.setString(2, runId);
                p.setString(3, instanceId);
                d.bindInstant(p, 4, now);
                p.executeUpdate();
            }
            List<String> holders = lockHolders(c, syncSlug);
            return holders.contains(runId) ? Optional.<String>empty() : Optional.of(holders.isEmpty() ? "unknown" : holders.get(0));
        });
        if (holder.isPresent()) {
            return new StartResult(null, holder.get());
        }
        return warehouse.callBlocking("starting a run of sync '" + syncSlug + "'", c -> {
            List<String> holders = lockHolders(c, syncSlug);
            if (holders.equals(List.of(runId))) {
                return new StartResult(insertRun(c, syncSlug, runId, trigger, instanceId, now), null);
            }
            try (PreparedStatement p = c.prepareStatement(releaseLockSql())) {
                p.setString(1, syncSlug);
                p.setString(2, runId);
                p.executeUpdate();
            }
            return new StartResult(null, holders.stream().filter(h -> !h.equals(runId)).findFirst().orElse("unknown"));
        });
    }

    private Run insertRun(Connection c, String syncSlug, String runId, Trigger trigger, String instanceId, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + runs + " (run_id, sync_id, run_trigger, state, started_at, instance_id) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, runId);
            p.setString(2, syncSlug);
            p.setString(3, trigger.name());
            p.setString(4, RunState.RUNNING.name());
            d.bindInstant(p, 5, now);
            p.setString(6, instanceId);
            p.executeUpdate();
        }
        return new Run(runId, syncSlug, trigger, RunState.RUNNING, null, now, null, null, new RunCounts(), null, null, Map.of());
    }

    /**
     * The statement that adds a sync's lock row when the sync has none. Parameters: sync id, run id, instance id,
     * heartbeat time, and (where keys are enforced) the sync id again.
     */
    public String acquireLockSql() {
        if (keysEnforced) {
            return "INSERT INTO " + locks + " (sync_id, run_id, instance_id, heartbeat_at) "
                    + "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + locks + " WHERE sync_id = ?)";
        }
        String text = d.textType();
        return "MERGE INTO " + locks + " l USING (SELECT CAST(? AS " + text + ") AS sync_id, CAST(? AS " + text + ") AS run_id, "
                + "CAST(? AS " + text + ") AS instance_id, CAST(? AS " + d.timestampType() + ") AS heartbeat_at) n "
                + "ON l.sync_id = n.sync_id "
                + "WHEN NOT MATCHED THEN INSERT (sync_id, run_id, instance_id, heartbeat_at) "
                + "VALUES (n.sync_id, n.run_id, n.instance_id, n.heartbeat_at)";
    }

    /** The run ids holding a sync's lock (more than one only in a race where keys are not enforced), in a stable order. */
    public String lockHoldersSql() {
        return "SELECT run_id FROM " + locks + " WHERE sync_id = ? ORDER BY heartbeat_at, run_id";
    }

    /** Releases the lock a run holds. Parameters: sync id, run id. */
    public String releaseLockSql() {
        return "DELETE FROM " + locks + " WHERE sync_id = ? AND run_id = ?";
    }

    private void abandonStale(Connection c, String syncSlug, Instant staleBefore, Instant now) throws SQLException {
        List<String> stale = runIds(c, "SELECT run_id FROM " + locks + " WHERE sync_id = ? AND heartbeat_at < ?", p -> {
            p.setString(1, syncSlug);
            d.bindInstant(p, 2, staleBefore);
        });
        for (String runId : stale) {
            markAbandoned(c, runId, now, "abandoned: the service running it stopped without finishing (no heartbeat since before "
                    + staleBefore + "); records it sent but did not commit are sent again by the next run");
            try (PreparedStatement p = c.prepareStatement(releaseLockSql())) {
                p.setString(1, syncSlug);
                p.setString(2, runId);
                p.executeUpdate();
            }
        }
    }

    /**
     * Abandons every run still marked running and drops every lock. Only for warehouses a single process
     * owns (embedded DuckDB), at start: no other process can be running those runs.
     */
    public int abandonAll(Instant now) {
        return warehouse.callBlocking("recovering runs interrupted by a stop", c -> {
            List<String> running = runIds(c, "SELECT run_id FROM " + runs + " WHERE state = ?", p -> p.setString(1, RunState.RUNNING.name()));
            for (String id : running) {
                markAbandoned(c, id, now, "abandoned: the service stopped while this run was active; records it sent but did not "
                        + "commit are sent again by the next run");
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + locks)) {
                p.executeUpdate();
            }
            return running.size();
        });
    }

    private void markAbandoned(Connection c, String runId, Instant now, String error) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + runs + " SET state = ?, health = ?, ended_at = ?, global_error = ? "
                + "WHERE run_id = ? AND state = ?")) {
            p.setString(1, RunState.FAILED.name());
            p.setString(2, Health.FAILED.name());
            d.bindInstant(p, 3, now);
            p.setString(4, error);
            p.setString(5, runId);
            p.setString(6, RunState.RUNNING.name());
            p.executeUpdate();
        }
    }

    private Optional<String> lockHolder(Connection c, String syncSlug) throws SQLException {
        return lockHolders(c, syncSlug).stream().findFirst();
    }

    private List<String> lockHolders(Connection c, String syncSlug) throws SQLException {
        return runIds(c, lockHoldersSql(), p -> p.setString(1, syncSlug));
    }

    /** Binds a statement's parameters. */
    private interface Parameters {
        void bind(PreparedStatement p) throws SQLException;
    }

    /** The run ids a query selects (its first column). */
    private static List<String> runIds(Connection c, String sql, Parameters parameters) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            parameters.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Keeps the lock alive; returns whether the cancel flag is set for the run. */
    public boolean heartbeat(String syncSlug, String runId, Instant now) {
        return warehouse.callBlocking("heartbeat of run " + runId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + locks + " SET heartbeat_at = ? WHERE sync_id = ? AND run_id = ?")) {
                d.bindInstant(p, 1, now);
                p.setString(2, syncSlug);
                p.setString(3, runId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT cancel_requested_at FROM " + runs + " WHERE run_id = ?")) {
                p.setString(1, runId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() && d.readInstant(rs, "cancel_requested_at") != null;
                }
            }
        });
    }

    /** Records how many records the run staged, in the staging transaction. */
    public void recordStaged(Connection c, String runId, long staged) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + runs + " SET records_staged = ? WHERE run_id = ?")) {
            p.setLong(1, staged);
            p.setString(2, runId);
            p.executeUpdate();
        }
    }

    /**
     * Requests cancellation of a running run (any replica running it sees the flag on its next heartbeat). Idempotent:
     * a second request keeps the time of the first.
     *
     * @return whether the run is running (and so now has a cancel request)
     */
    public boolean requestCancel(String runId, Instant now) {
        return warehouse.callBlocking("cancelling run " + runId, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + runs + " SET cancel_requested_at = COALESCE(cancel_requested_at, ?) "
                    + "WHERE run_id = ? AND state = ?")) {
                d.bindInstant(p, 1, now);
                p.setString(2, runId);
                p.setString(3, RunState.RUNNING.name());
                return p.executeUpdate() > 0;
            }
        });
    }

    /** Stores the run's end and releases the sync's lock, in one transaction. */
    public Run finish(Run run, RunState state, Health health, Instant endedAt, String globalError, RunCounts counts,
                      Map<String, String> appUsage) {
        return warehouse.callBlocking("finishing run " + run.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + runs + " SET state = ?, health = ?, ended_at = ?, global_error = ?, "
                    + "counts = ?, app_usage = ? WHERE run_id = ?")) {
                p.setString(1, state.name());
                p.setString(2, health.name());
                d.bindInstant(p, 3, endedAt);
                p.setString(4, globalError);
                p.setString(5, countsJson(counts));
                ObjectNode usage = JSON.createObjectNode();
                appUsage.forEach(usage::put);
                p.setString(6, appUsage.isEmpty() ? null : usage.toString());
                p.setString(7, run.id());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(releaseLockSql())) {
                p.setString(1, run.syncSlug());
                p.setString(2, run.id());
                p.executeUpdate();
            }
            return find(c, run.id()).orElseThrow();
        });
    }

    public Optional<Run> find(String runId) {
        return warehouse.callBlocking("reading run " + runId, c -> find(c, runId));
    }

    private Optional<Run> find(Connection c, String runId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM " + runs + " WHERE run_id = ?")) {
            p.setString(1, runId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * When the sync's last successful run ended: a run that {@code COMPLETED} and did not end {@code FAILED} (it
     * processed every staged record and not all of them failed). Empty before the first one.
     */
    public Optional<Instant> lastSuccessfulEnd(String syncSlug) {
        return warehouse.callBlocking("reading the last successful run of sync '" + syncSlug + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT MAX(ended_at) AS last_end FROM " + runs
                    + " WHERE sync_id = ? AND state = 'COMPLETED' AND health <> 'FAILED'")) {
                p.setString(1, syncSlug);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(d.readInstant(rs, "last_end")) : Optional.empty();
                }
            }
        });
    }

    /** The sync's runs, newest first. */
    public List<Run> recent(String syncSlug, int limit) {
        return recent(syncSlug, null, limit);
    }

    /** The runs of a sync that started before run {@code after} (exclusive; null for the newest), newest first. */
    public List<Run> recent(String syncSlug, String after, int limit) {
        String started = "(SELECT started_at FROM " + runs + " WHERE run_id = ?)";
        String keyset = after == null ? "" : " AND (started_at < " + started + " OR (started_at = " + started + " AND run_id < ?))";
        return warehouse.callBlocking("listing runs of sync '" + syncSlug + "'", c -> {
            try (PreparedStatement p = c.prepareStatement(d.limit("SELECT " + COLUMNS + " FROM " + runs
                    + " WHERE sync_id = ?" + keyset + " ORDER BY started_at DESC, run_id DESC", limit))) {
                p.setString(1, syncSlug);
                for (int i = 2; after != null && i <= 4; i++) {
                    p.setString(i, after);
                }
                List<Run> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The newest {@code limit} runs of every sync of this warehouse, newest first per sync: what {@link #recent(String, int)}
     * answers for each sync, in one statement (the syncs list reads every sync's status at once).
     */
    public Map<String, List<Run>> recentOfEverySync(int limit) {
        return warehouse.callBlocking("listing the recent runs of every sync", c -> {
            Map<String, List<Run>> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS
                    + ", ROW_NUMBER() OVER (PARTITION BY sync_id ORDER BY started_at DESC, run_id DESC) AS newest FROM " + runs
                    + ") numbered WHERE newest <= ? ORDER BY sync_id, started_at DESC, run_id DESC")) {
                p.setInt(1, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Run run = read(rs);
                        out.computeIfAbsent(run.syncSlug(), k -> new ArrayList<>()).add(run);
                    }
                }
            }
            return out;
        });
    }

    private Run read(ResultSet rs) throws SQLException {
        String health = rs.getString("health");
        long staged = rs.getLong("records_staged");
        Long recordsStaged = rs.wasNull() ? null : staged;
        return new Run(rs.getString("run_id"), rs.getString("sync_id"), Trigger.valueOf(rs.getString("run_trigger")),
                RunState.valueOf(rs.getString("state")), health == null ? null : Health.valueOf(health), d.readInstant(rs, "started_at"),
                d.readInstant(rs, "ended_at"), rs.getString("global_error"), parseCounts(rs.getString("counts")), recordsStaged,
                d.readInstant(rs, "cancel_requested_at"), parseUsage(rs.getString("app_usage")));
    }

    private static Map<String, String> parseUsage(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, String> usage = new java.util.TreeMap<>();
            JSON.readTree(json).fields().forEachRemaining(e -> usage.put(e.getKey(), e.getValue().asText()));
            return usage;
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt app_usage in runs table: " + e.getOriginalMessage(), e);
        }
    }

    static String countsJson(RunCounts counts) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode states = root.putObject("applyStates");
        counts.byState().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> states.put(e.getKey().name(), e.getValue()));
        ObjectNode actions = root.putObject("actions");
        counts.byAction().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> actions.put(e.getKey().name(), e.getValue()));
        return root.toString();
    }

    static RunCounts parseCounts(String json) {
        if (json == null) {
            return new RunCounts();
        }
        try {
            JsonNode root = JSON.readTree(json);
            EnumMap<ApplyState, Long> states = new EnumMap<>(ApplyState.class);
            root.path("applyStates").fields().forEachRemaining(e -> states.put(ApplyState.valueOf(e.getKey()), e.getValue().asLong()));
            EnumMap<Action, Long> actions = new EnumMap<>(Action.class);
            root.path("actions").fields().forEachRemaining(e -> actions.put(Action.valueOf(e.getKey()), e.getValue().asLong()));
            return RunCounts.of(states, actions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt counts in runs table: " + e.getOriginalMessage(), e);
        }
    }
}
