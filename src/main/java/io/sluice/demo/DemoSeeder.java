package io.sluice.demo;

import io.quarkus.runtime.StartupEvent;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.ResultSet;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Creates the demo source {@code demo.customers} (generated, deterministic) when the demo is enabled and the
 * table does not exist yet, so the demo syncs have real rows to move. Existing data is never touched, so
 * edits made while following the README survive a restart.
 */
@ApplicationScoped
public class DemoSeeder {
    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    void onStart(@Observes @Priority(20) StartupEvent event, DemoConfig config, Warehouses warehouses) {
        if (!config.enabled()) {
            return;
        }
        Warehouse w = warehouses.get(config.warehouse());
        int rows = config.customers();
        w.callBlocking("creating the demo dataset", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS demo");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'demo' AND table_name = 'customers'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return null;
                    }
                }
                s.execute("CREATE TABLE demo.customers AS SELECT i AS customer_id, "
                        + "'customer' || i || '@example.com' AS email, "
                        + "(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken'])[1 + i % 8] AS first_name, "
                        + "(['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson'])[1 + (i * 7) % 8] AS last_name, "
                        + "(['free', 'pro', 'enterprise'])[1 + i % 3] AS plan, "
                        + "CAST(ROUND((i * 37) % 10000 / 3.0, 2) AS DECIMAL(12, 2)) AS lifetime_value, "
                        + "i % 10 <> 0 AS active, "
                        + "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS signed_up_at "
                        + "FROM range(1, " + (rows + 1) + ") t(i)");
            }
            LOG.infof("demo dataset created: demo.customers with %d rows in warehouse '%s'", rows, w.name());
            return null;
        });
    }
}
