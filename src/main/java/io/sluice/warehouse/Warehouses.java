package io.sluice.warehouse;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured warehouses by name, opened once. */
@ApplicationScoped
public class Warehouses {
    private final Map<String, Warehouse> byName = new TreeMap<>();

    @Inject
    public Warehouses(WarehouseConfig config) {
        config.warehouses().forEach((name, settings) -> byName.put(name, WarehouseFactory.open(name, settings)));
    }

    public Optional<Warehouse> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Warehouse get(String name) {
        return find(name).orElseThrow(() -> new WarehouseConfigException("no warehouse named '" + name + "'; configured: " + byName.keySet()));
    }

    public Collection<Warehouse> all() {
        return byName.values();
    }

    @PreDestroy
    void close() {
        byName.values().forEach(Warehouse::close);
    }
}
