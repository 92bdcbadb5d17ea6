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

    @Test
    void migrationsApplyOnceAndAreIdempotentOnRestart() {
        warehouse = PostgresWarehouses.open("migration_idempotent");
        assertThat(Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK)).isEqualTo(1);
        warehouse.close();

        // a restart: a new warehouse object on the same database
        warehouse = PostgresWarehouses.connect("migration_idempotent", "sluice");
        assertThat(Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK)).isEqualTo(1);

        List<Map<String, Object>> versions = PostgresWarehouses.query(warehouse, "SELECT version, description, applied_at FROM sluice.schema_version");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("version")).isEqualTo(1);
        assertThat(PostgresWarehouses.query(warehouse, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'sluice' "
                + "ORDER BY table_name")).extracting(r -> r.get("table_name"))
                .containsExactly("record_history", "record_state", "run_locks", "runs", "schema_version");
        assertThat(PostgresWarehouses.query(warehouse, "SELECT indexname FROM pg_indexes WHERE schemaname = 'sluice' AND indexname NOT LIKE '%pkey' "
                + "ORDER BY indexname")).extracting(r -> r.get("indexname"))
                .containsExactly("record_history_record", "record_history_run", "runs_sync");
    }

    @Test
    void twoEngineSchemasInOneDatabaseEachGetTheirIndexes() {
        warehouse = PostgresWarehouses.openMigrated("migration_two_schemas");
        try (Warehouse other = PostgresWarehouses.connect("migration_two_schemas", "sluice_b")) {
            assertThat(Migrator.migrate(other, EngineSchema.migrations(other), PostgresWarehouses.CLOCK)).isEqualTo(1);
        }
        assertThat(PostgresWarehouses.query(warehouse, "SELECT schemaname, indexname FROM pg_indexes WHERE indexname = 'runs_sync' "
                + "ORDER BY schemaname")).extracting(r -> r.get("schemaname")).containsExactly("sluice", "sluice_b");
    }

    @Test
    void aSchemaNewerThanKnownIsRefusedNamingBothVersions() {
        warehouse = PostgresWarehouses.openMigrated("migration_newer");
        List<Migration> future = List.of(new Migration(2, "a later release's change", List.of("CREATE TABLE sluice.later (x INTEGER)")));
        Migrator.migrate(warehouse, concat(EngineSchema.migrations(warehouse), future), PostgresWarehouses.CLOCK);

        assertThatThrownBy(() -> Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK))
                .isInstanceOf(WarehouseConfigException.class)
                .hasMessageContaining("at version 2")
                .hasMessageContaining("(1)")
                .hasMessageContaining("'sluice'");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
