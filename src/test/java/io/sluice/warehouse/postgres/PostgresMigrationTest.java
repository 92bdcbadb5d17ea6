package io.sluice.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.state.EngineSchema;
import io.sluice.warehouse.Migration;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseConfigException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresMigrationTest {
    private Warehouse warehouse;

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    /** The newest engine schema version this release knows. */
    private static int newest(Warehouse w) {
        return EngineSchema.migrations(w).stream().mapToInt(Migration::version).max().orElseThrow();
    }

    @Test
    void migrationsApplyOnceAndAreIdempotentOnRestart() {
        warehouse = PostgresWarehouses.open("migration_idempotent");
        int newest = newest(warehouse);
        assertThat(Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK)).isEqualTo(newest);
        warehouse.close();

        // a restart: a new warehouse object on the same database
        warehouse = PostgresWarehouses.connect("migration_idempotent", "sluice");
        assertThat(Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK)).isEqualTo(newest);

        List<Map<String, Object>> versions = PostgresWarehouses.query(warehouse,
                "SELECT version, description, applied_at FROM sluice.schema_version ORDER BY version");
        assertThat(versions).hasSize(newest);
        assertThat(versions).extracting(v -> v.get("version")).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, newest).boxed().toList());
        assertThat(PostgresWarehouses.query(warehouse, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'sluice' "
                + "ORDER BY table_name")).extracting(r -> r.get("table_name"))
                .containsExactly("record_history", "record_state", "run_locks", "runs", "schema_version", "sync_controls");
        assertThat(PostgresWarehouses.query(warehouse, "SELECT indexname FROM pg_indexes WHERE schemaname = 'sluice' AND indexname NOT LIKE '%pkey' "
                + "ORDER BY indexname")).extracting(r -> r.get("indexname"))
                .containsExactly("record_history_record", "record_history_run", "runs_sync");
    }

    @Test
    void twoEngineSchemasInOneDatabaseEachGetTheirIndexes() {
        warehouse = PostgresWarehouses.openMigrated("migration_two_schemas");
        try (Warehouse other = PostgresWarehouses.connect("migration_two_schemas", "sluice_b")) {
            assertThat(Migrator.migrate(other, EngineSchema.migrations(other), PostgresWarehouses.CLOCK)).isEqualTo(newest(other));
        }
        assertThat(PostgresWarehouses.query(warehouse, "SELECT schemaname, indexname FROM pg_indexes WHERE indexname = 'runs_sync' "
                + "ORDER BY schemaname")).extracting(r -> r.get("schemaname")).containsExactly("sluice", "sluice_b");
    }

    @Test
    void aSchemaNewerThanKnownIsRefusedNamingBothVersions() {
        warehouse = PostgresWarehouses.openMigrated("migration_newer");
        int newest = newest(warehouse);
        List<Migration> future = List.of(new Migration(newest + 1, "a later release's change", List.of("CREATE TABLE sluice.later (x INTEGER)")));
        Migrator.migrate(warehouse, concat(EngineSchema.migrations(warehouse), future), PostgresWarehouses.CLOCK);

        assertThatThrownBy(() -> Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK))
                .isInstanceOf(WarehouseConfigException.class)
                .hasMessageContaining("at version " + (newest + 1))
                .hasMessageContaining("(" + newest + ")")
                .hasMessageContaining("'sluice'");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
