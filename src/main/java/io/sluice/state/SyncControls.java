package io.sluice.state;

import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Operator controls of the syncs of one warehouse, in {@code sync_controls}: whether a sync is paused, since
 * when and why. Kept in the warehouse, so a pause holds across restarts and for every replica. Blocking: call
 * on the warehouse's worker threads.
 */
public final class SyncControls {
    private final Warehouse warehouse;
    private final Dialect d;
    private final String table;

    /** A sync's pause: since when, and the operator's reason (may be null). */
    public record Pause(Instant since, String reason) {
    }

    public SyncControls(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.d = warehouse.dialect();
        this.table = warehouse.engineTable("sync_controls");
    }

    /** The sync's pause, or empty when it runs normally. */
    public Optional<Pause> paused(String syncSlug) {
        return warehouse.callBlocking("reading whether sync '" + syncSlug + "' is paused", c -> {
            try (PreparedStatement p = c.prepareStatement(readSql() + " AND sync_id = ?")) {
                p.setString(1, syncSlug);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Pause>empty();
                }
            }
        });
    }

    /** Every paused sync of this warehouse. */
    public Map<String, Pause> allPaused() {
        return warehouse.callBlocking("reading paused syncs", c -> {
            Map<String, Pause> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement(readSql()); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("sync_id"), read(rs));
                }
            }
            return out;
        });
    }

    /**
     * Pauses the sync. Pausing a paused sync keeps its original time and reason (so a retried request does not
     * hide how long it has been paused) and answers the pause in force.
     */
    public Pause pause(String syncSlug, String reason, Instant now) {
        try {
            return warehouse.callBlocking("pausing sync '" + syncSlug + "'", c -> pauseIn(c, syncSlug, reason, now));
        } catch (WarehouseException e) {
            // paused at the same moment by another request or replica (a key violation at the insert, or on DuckDB at
            // the commit): theirs is the pause in force
            return paused(syncSlug).orElseThrow(() -> e);
        }
    }

    private Pause pauseIn(Connection c, String syncSlug, String reason, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(readSql() + " AND sync_id = ?")) {
            p.setString(1, syncSlug);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return read(rs);
                }
            }
        }
        // delete then insert in one transaction: portable, and Snowflake does not enforce the key anyway
        try (PreparedStatement p = c.prepareStatement(deleteSql())) {
            p.setString(1, syncSlug);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(insertPausedSql())) {
            p.setString(1, syncSlug);
            d.bindInstant(p, 2, now);
            p.setString(3, reason);
            p.executeUpdate();
        }
        return new Pause(now, reason);
    }

    /** Resumes the sync; resuming a sync that is not paused does nothing. @return whether it was paused */
    public boolean resume(String syncSlug) {
        return warehouse.callBlocking("resuming sync '" + syncSlug + "'", c -> {
            try (PreparedStatement p = c.prepareStatement(resumeSql())) {
                p.setString(1, syncSlug);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** Paused syncs; callers append {@code AND sync_id = ?} for one. */
    public String readSql() {
        return "SELECT sync_id, paused_at, reason FROM " + table + " WHERE paused";
    }

    /** Parameter: sync id. */
    public String deleteSql() {
        return "DELETE FROM " + table + " WHERE sync_id = ?";
    }

    /** Parameters: sync id, time, reason. */
    public String insertPausedSql() {
        return "INSERT INTO " + table + " (sync_id, paused, paused_at, reason) VALUES (?, TRUE, ?, ?)";
    }

    /** Parameter: sync id. */
    public String resumeSql() {
        return "UPDATE " + table + " SET paused = FALSE, paused_at = NULL, reason = NULL WHERE sync_id = ? AND paused";
    }

    private Pause read(ResultSet rs) throws SQLException {
        return new Pause(d.readInstant(rs, "paused_at"), rs.getString("reason"));
    }
}
