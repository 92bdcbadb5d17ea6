package io.sluice.state;

import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Migration;
import io.sluice.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's own tables in each warehouse, as versioned migrations. Append a migration to change them;
 * never edit a released one.
 */
public final class EngineSchema {
    private EngineSchema() {
    }

    public static List<Migration> migrations(Warehouse w) {
        Dialect d = w.dialect();
        String text = d.textType();
        String ts = d.timestampType();
        String state = w.engineTable("record_state");
        String history = w.engineTable("record_history");
        String runs = w.engineTable("runs");
        String locks = w.engineTable("run_locks");
        List<String> v1 = new ArrayList<>(List.of(
                "CREATE TABLE " + state + " (sync_id " + text + " NOT NULL, identifier " + text + " NOT NULL, app_identifier " + text
                        + ", applied_record " + text + ", applied_hash " + text + ", attempted_hash " + text + ", last_action " + text
                        + ", apply_state " + text + " NOT NULL, apply_reason " + text + ", last_result " + text
                        + ", failure_count INTEGER NOT NULL, last_run_id " + text + ", created_at " + ts + " NOT NULL, updated_at " + ts
                        + " NOT NULL, PRIMARY KEY (sync_id, identifier))",
                "CREATE TABLE " + history + " (run_id " + text + " NOT NULL, sync_id " + text + " NOT NULL, identifier " + text
                        + " NOT NULL, action " + text + ", apply_state " + text + " NOT NULL, apply_reason " + text + ", result " + text
                        + ", app_identifier " + text + ", record " + text + ", recorded_at " + ts + " NOT NULL)",
                "CREATE TABLE " + runs + " (run_id " + text + " NOT NULL PRIMARY KEY, sync_id " + text + " NOT NULL, run_trigger " + text
                        + " NOT NULL, state " + text + " NOT NULL, health " + text + ", started_at " + ts + " NOT NULL, ended_at " + ts
                        + ", global_error " + text + ", counts " + text + ", records_staged " + d.bigintType() + ", cancel_requested_at " + ts
                        + ", instance_id " + text + ")",
                "CREATE TABLE " + locks + " (sync_id " + text + " NOT NULL PRIMARY KEY, run_id " + text + " NOT NULL, instance_id " + text
                        + " NOT NULL, heartbeat_at " + ts + " NOT NULL)"));
        d.createIndex("record_history_record", history, "sync_id, identifier").ifPresent(v1::add);
        d.createIndex("record_history_run", history, "run_id").ifPresent(v1::add);
        d.createIndex("runs_sync", runs, "sync_id, started_at").ifPresent(v1::add);
        List<String> v2 = List.of("ALTER TABLE " + runs + " ADD COLUMN app_usage " + text);
        List<String> v3 = List.of("CREATE TABLE " + w.engineTable("sync_controls") + " (sync_id " + text + " NOT NULL PRIMARY KEY, paused "
                + d.booleanType() + " NOT NULL, paused_at " + ts + ", reason " + text + ")");
        return List.of(new Migration(1, "record state, history, runs and run locks", v1),
                new Migration(2, "app-reported usage on runs", v2),
                new Migration(3, "operator controls of a sync (pause)", v3));
    }
}
