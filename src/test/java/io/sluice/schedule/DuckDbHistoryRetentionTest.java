package io.sluice.schedule;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/** History retention on the embedded default: an in-memory DuckDB. */
class DuckDbHistoryRetentionTest extends HistoryRetentionSuite {
    private static Warehouse shared;

    @Override
    protected Warehouse warehouse() {
        if (shared == null) {
            shared = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 4);
        }
        return shared;
    }

    @AfterAll
    static void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
