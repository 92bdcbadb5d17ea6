package io.sluice.engine;

import io.quarkus.runtime.StartupEvent;
import io.sluice.cli.CommandConfig;
import io.sluice.state.EngineSchema;
import io.sluice.state.Stores;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * At start, before anything else uses a warehouse: migrate each warehouse's engine schema, then, where one
 * process owns the database, end the runs a previous process left active (their uncommitted records are
 * simply staged again by the next run).
 */
@ApplicationScoped
public class EngineStartup {
    private static final Logger LOG = Logger.getLogger(EngineStartup.class);

    void onStart(@Observes @Priority(10) StartupEvent event, Warehouses warehouses, Stores stores, Clock clock,
                 CommandConfig command) {
        if (command.validate()) {
            // checking sync files must not migrate a warehouse nor end the runs of a service that is running
            return;
        }
        for (Warehouse w : warehouses.all()) {
            int version = Migrator.migrate(w, EngineSchema.migrations(w), clock);
            LOG.infof("warehouse '%s' (%s): engine schema '%s' at version %d", w.name(), w.dialect().name(), w.engineSchema(), version);
            if (w.dialect().singleProcess()) {
                int abandoned = stores.of(w).runs().abandonAll(clock.instant());
                if (abandoned > 0) {
                    LOG.warnf("warehouse '%s': %d run(s) were active when the service last stopped; marked FAILED", w.name(), abandoned);
                }
            }
        }
    }
}
