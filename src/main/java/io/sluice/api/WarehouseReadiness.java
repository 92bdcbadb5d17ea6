package io.sluice.api;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while every warehouse answers a trivial query. */
@Readiness
@ApplicationScoped
public class WarehouseReadiness implements HealthCheck {

    @Inject
    Warehouses warehouses;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("warehouses").up();
        for (Warehouse w : warehouses.all()) {
            try {
                w.callBlocking("checking readiness", c -> {
                    try (Statement s = c.createStatement()) {
                        s.setQueryTimeout(5);
                        s.execute("SELECT 1");
                    }
                    return null;
                });
                b.withData(w.name(), "up");
            } catch (RuntimeException e) {
                b.down().withData(w.name(), e.getMessage());
            }
        }
        return b.build();
    }
}
