package io.sluice.demo;

import io.quarkus.runtime.StartupEvent;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Generates the demo source, a CSV of customers, when the demo is enabled and the file does not exist yet.
 * The demo syncs read it with DuckDB's {@code read_csv}, so a user can edit a line with any editor and watch
 * only that record sync. An existing file is never touched, so edits survive a restart.
 */
@ApplicationScoped
public class DemoSeeder {
    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    void onStart(@Observes @Priority(20) StartupEvent event, DemoConfig config, Warehouses warehouses) throws Exception {
        if (!config.enabled()) {
            return;
        }
        Path csv = Path.of(config.csv()).toAbsolutePath();
        if (Files.exists(csv)) {
            LOG.infof("demo source %s exists; keeping it", csv);
            return;
        }
        Files.createDirectories(csv.getParent());
        Warehouse w = warehouses.get(config.warehouse());
        int rows = config.customers();
        w.callBlocking("writing the demo source " + csv, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("COPY (SELECT i AS customer_id, 'customer' || i || '@example.com' AS email, "
                        + "(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken'])[1 + i % 8] AS first_name, "
                        + "(['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson'])[1 + (i * 7) % 8] AS last_name, "
                        + "(['free', 'pro', 'enterprise'])[1 + i % 3] AS plan, "
                        + "CAST((i * 37) % 10000 AS DECIMAL(12, 2)) / 4 AS lifetime_value, "
                        + "i % 10 <> 0 AS active, "
                        + "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS signed_up_at "
                        + "FROM range(1, " + (rows + 1) + ") t(i) ORDER BY i) TO " + w.dialect().stringLiteral(csv.toString()) + " (HEADER, DELIMITER ',')");
            }
            return null;
        });
        LOG.infof("demo source written: %s (%d customers)", csv, rows);
    }
}
