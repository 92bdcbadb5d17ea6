package io.sluice.engine;

import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/** The behaviour suite on a real PostgreSQL server started by the tests. */
class PostgresSyncSemanticsTest extends SyncSemanticsSuite {
    private static Warehouse shared;

    @Override
    protected Warehouse warehouse() {
        if (shared == null) {
            PostgresServer.createDatabase("semantics");
            shared = WarehouseFactory.open("w", PostgresServer.jdbcUrl("semantics"), Optional.of(PostgresServer.USER), Optional.empty(),
                    Map.of(), "sluice", 4);
        }
        return shared;
    }

    @Override
    protected boolean writesNanAsString() {
        return true;
    }

    @AfterAll
    static void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
