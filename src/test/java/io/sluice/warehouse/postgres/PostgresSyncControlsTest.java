package io.sluice.warehouse.postgres;

import io.sluice.state.SyncControlsSuite;
import io.sluice.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;

class PostgresSyncControlsTest extends SyncControlsSuite {
    private Warehouse warehouse;

    @Override
    protected Warehouse warehouse() {
        if (warehouse == null) {
            warehouse = PostgresWarehouses.open("sync_controls");
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
