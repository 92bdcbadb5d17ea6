package io.sluice.warehouse.postgres;

import io.sluice.plan.StagingPlan;
import io.sluice.plan.StagingPlanner;
import io.sluice.plugin.Strategy;
import io.sluice.state.EngineSchema;
import io.sluice.state.StateCommitter;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The real engine classes on a fresh database of the test PostgreSQL server, and a few SQL shortcuts. */
final class PostgresWarehouses {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    private PostgresWarehouses() {
    }

    /** A warehouse on a new empty database; the engine schema is not migrated yet. */
    static Warehouse open(String database) {
        PostgresServer.createDatabase(database);
        return connect(database, "sluice");
    }

    /** Another warehouse object on an existing database, as after a restart or on a second replica. */
    static Warehouse connect(String database, String engineSchema) {
        return WarehouseFactory.open("pg", PostgresServer.jdbcUrl(database), Optional.of(PostgresServer.USER), Optional.empty(), Map.of(),
                engineSchema, 4);
    }

    /** A warehouse on a new database with the engine schema migrated. */
    static Warehouse openMigrated(String database) {
        Warehouse w = open(database);
        Migrator.migrate(w, EngineSchema.migrations(w), CLOCK);
        return w;
    }

    static void exec(Warehouse w, String... statements) {
        w.callBlocking("test setup", c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    /** Rows as column name to value (JDBC objects), in the query's order. */
    static List<Map<String, Object>> query(Warehouse w, String sql, Object... params) {
        return w.callBlocking("test query", c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    p.setObject(i + 1, params[i]);
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.put(md.getColumnLabel(i), rs.getObject(i));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    static SyncDefinition sync(String slug, String table, String idColumn, Strategy strategy, Map<String, String> mapping) {
        return new SyncDefinition(slug, slug + ".yaml", new SyncDefinition.Source("pg", table, null, idColumn, null),
                new SyncDefinition.Target("test", "Contact", Map.of()), strategy, new TreeMap<>(mapping), null, null, List.of(),
                Duration.ofHours(4), null);
    }

    /**
     * Stages a run as the engine does (stage table, its index, the outcome table) and returns the stage rows in
     * {@code seq} order, every column of them.
     */
    static Staged stage(Warehouse w, SyncDefinition sync, String runKey) {
        String stageTable = w.engineTable("stage_" + runKey);
        String outcomeName = "outcome_" + runKey;
        String outcomeTable = w.engineTable(outcomeName);
        StagingPlan plan = StagingPlanner.plan(sync, w.dialect(), w.engineTable("record_state"), stageTable, 1000);
        StateCommitter committer = new StateCommitter(w, CLOCK);
        List<String> statements = new ArrayList<>(plan.drop());
        statements.add(w.dialect().dropTableIfExists(outcomeTable));
        statements.addAll(plan.create());
        statements.add(committer.createOutcomeTable(outcomeName));
        exec(w, statements.toArray(String[]::new));
        // every stage column (a page reads only what the engine holds per record; these tests check the hashes and previous state too)
        return new Staged(stageTable, outcomeName, query(w, "SELECT " + String.join(", ", StagingPlanner.STAGE_COLUMNS) + " FROM " + stageTable
                + " WHERE seq > ? AND seq <= ? ORDER BY seq", StagingPlan.BEFORE_FIRST, plan.pageEnd(StagingPlan.BEFORE_FIRST)));
    }

    record Staged(String stageTable, String outcomeName, List<Map<String, Object>> rows) {
        Map<String, Object> row(String identifier) {
            return rows.stream().filter(r -> identifier.equals(r.get("identifier"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no stage row for " + identifier + " in " + rows));
        }

        Map<String, Object> column(String column) {
            Map<String, Object> byId = new TreeMap<>();
            rows.forEach(r -> byId.put((String) r.get("identifier"), r.get(column)));
            return byId;
        }
    }
}
