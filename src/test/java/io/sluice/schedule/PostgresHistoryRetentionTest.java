package io.sluice.schedule;

import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/** History retention on a real PostgreSQL server started by the tests. */
class PostgresHistoryRetentionTest extends HistoryRetentionSuite {
    private static Warehouse shared;

    @Override
    protected Warehouse warehouse() {
        if (shared == null) {
            PostgresServer.createDatabase("retention");
            shared = WarehouseFactory.open("w", PostgresServer.jdbcUrl("retention"), Optional.of(PostgresServer.USER), Optional.empty(),
                    Map.of(), "sluice", 4);
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
