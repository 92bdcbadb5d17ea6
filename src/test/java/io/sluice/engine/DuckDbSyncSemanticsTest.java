package io.sluice.engine;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/** The behaviour suite on the embedded default: an in-memory DuckDB. */
class DuckDbSyncSemanticsTest extends SyncSemanticsSuite {
    private static Warehouse shared;

    @Override
    protected Warehouse warehouse() {
        if (shared == null) {
            shared = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 4);
        }
        return shared;
    }

    @org.junit.jupiter.api.Test
    void aCsvFileIsASourceThroughReadCsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path csv = dir.resolve("contacts.csv");
        java.nio.file.Files.writeString(csv, "id,email\n1,a@example.com\n2,b@example.com\n");
        io.sluice.sync.SyncDefinition s = EngineHarness.sync("""
                slug: csv
                source: {warehouse: w, query: "SELECT * FROM read_csv('%s', header = true)", id-column: id}
                target: {connection: app}
                strategy: mirror
                mapping: {email: email}
                """.formatted(csv));
        run(s);
        org.assertj.core.api.Assertions.assertThat(sent(io.sluice.plugin.Action.CREATE)).containsExactly("1", "2");
        java.nio.file.Files.writeString(csv, "id,email\n1,a.new@example.com\n");
        run(s);
        org.assertj.core.api.Assertions.assertThat(sent(io.sluice.plugin.Action.UPDATE)).containsExactly("1");
        org.assertj.core.api.Assertions.assertThat(sent(io.sluice.plugin.Action.DELETE)).containsExactly("2");
    }

    @AfterAll
    static void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
