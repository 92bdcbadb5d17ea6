package io.sluice.warehouse;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Brings a warehouse's engine schema to the newest version: creates the schema and its
 * {@code schema_version} table, then applies each missing {@link Migration} in its own transaction and
 * records it. A warehouse whose schema is newer than this release knows is refused, naming both versions.
 */
public final class Migrator {
    private static final Logger LOG = Logger.getLogger(Migrator.class);

    private Migrator() {
    }

    /** @return the schema version after migrating */
    public static int migrate(Warehouse warehouse, List<Migration> migrations, Clock clock) {
        Dialect d = warehouse.dialect();
        String versions = warehouse.engineTable("schema_version");
        warehouse.callBlocking("creating the engine schema", c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : bootstrapStatements(warehouse)) {
                    s.execute(sql);
                }
            }
            return null;
        });
        int current = currentVersion(warehouse, versions);
        int newest = migrations.stream().mapToInt(Migration::version).max().orElse(0);
        if (current > newest) {
            throw new WarehouseConfigException("warehouse '" + warehouse.name() + "': engine schema '" + warehouse.engineSchema()
                    + "' is at version " + current + ", newer than this release knows (" + newest + "); upgrade Sluice");
        }
        for (Migration m : migrations) {
            if (m.version() <= current) {
                continue;
            }
            warehouse.callBlocking("applying engine schema migration " + m.version() + " (" + m.description() + ")", c -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(recordVersionSql(warehouse))) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    d.bindInstant(p, 3, clock.instant());
                    p.executeUpdate();
                }
                return null;
            });
            LOG.infof("warehouse '%s': engine schema migrated to version %d (%s)", warehouse.name(), m.version(), m.description());
            current = m.version();
        }
        return current;
    }

    /** The engine schema and its version table, created when missing before any migration runs. */
    public static List<String> bootstrapStatements(Warehouse warehouse) {
        Dialect d = warehouse.dialect();
        return List.of(d.createSchemaIfNotExists(warehouse.engineSchema()),
                "CREATE TABLE IF NOT EXISTS " + warehouse.engineTable("schema_version") + " (version INTEGER NOT NULL PRIMARY KEY, description "
                        + d.textType() + ", applied_at " + d.timestampType() + ")");
    }

    /** Records an applied migration. Parameters: version, description, time. */
    public static String recordVersionSql(Warehouse warehouse) {
        return "INSERT INTO " + warehouse.engineTable("schema_version") + " (version, description, applied_at) VALUES (?, ?, ?)";
    }

    private static int currentVersion(Warehouse warehouse, String versions) {
        return warehouse.callBlocking("reading the engine schema version", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + versions)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
