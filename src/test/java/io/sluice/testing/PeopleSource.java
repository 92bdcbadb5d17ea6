package io.sluice.testing;

import io.sluice.warehouse.Warehouses;
import java.sql.Statement;

/** The {@code people} table the API tests' sync files read, made anew with {@code n} rows, and a quiet memory app. */
public final class PeopleSource {
    private PeopleSource() {
    }

    /** {@code people(id, email, name)} with ids 1..n in the default warehouse; the memory app forgets what it received. */
    public static void reset(Warehouses warehouses, int n) {
        warehouses.get("default").callBlocking("test setup", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'p' || i || '@example.com' AS email, 'Person ' || i AS name "
                        + "FROM range(1, " + (n + 1) + ") t(i)");
            }
            return null;
        });
        MemoryPlugin.APP.clearReceived();
        MemoryPlugin.APP.beforeAnswer = b -> {
        };
    }
}
