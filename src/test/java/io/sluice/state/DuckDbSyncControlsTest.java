package io.sluice.state;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

class DuckDbSyncControlsTest extends SyncControlsSuite {
    private Warehouse warehouse;

    @Override
    protected Warehouse warehouse() {
        if (warehouse == null) {
            warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        }
        return warehouse;
    }

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
