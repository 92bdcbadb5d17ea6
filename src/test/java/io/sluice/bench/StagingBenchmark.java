package io.sluice.bench;

import io.sluice.engine.EngineHarness;
import io.sluice.plan.StagingPlan;
import io.sluice.plan.StagingPlanner;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's staging statement (exactly what a run executes) against the bare SQL that only hashes the
 * mapped records and joins them with state, on the same N-row source, on DuckDB and PostgreSQL, first run
 * (empty state). {@code ./mvnw -Pbench verify -Dbench.main=io.sluice.bench.StagingBenchmark -Dbench.rows=1000000}.
 * Prints figures; asserts nothing.
 */
public final class StagingBenchmark {
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: bench
            source: {warehouse: bench, table: src, id-column: id}
            target: {connection: app}
            strategy: upsert
            mapping: {email: email, name: name, tier: tier, score: score}
            """);

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        System.out.printf("%nstaging benchmark: %,d rows, first run (empty state), best of 3, %d cores%n", rows, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-10s %14s %14s %8s%n", "warehouse", "staging (ms)", "bare SQL (ms)", "ratio");
        Warehouse duck = WarehouseFactory.open("bench", "jdbc:duckdb:" + Files.createTempDirectory("stage-bench").resolve("w.duckdb"),
                Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        measure("duckdb", duck, "CREATE TABLE src AS SELECT i AS id, 'user' || i || '@example.com' AS email, 'Name ' || i AS name, "
                + "i % 7 AS tier, CAST(i * 1.5 AS DECIMAL(12, 2)) AS score FROM range(1, " + (rows + 1) + ") t(i)");
        PostgresServer.createDatabase("stagebench");
        Warehouse pg = WarehouseFactory.open("bench", PostgresServer.jdbcUrl("stagebench"), Optional.of(PostgresServer.USER), Optional.empty(),
                Map.of(), "sluice", 2);
        measure("postgres", pg, "CREATE TABLE src AS SELECT i AS id, 'user' || i || '@example.com' AS email, 'Name ' || i AS name, "
                + "i % 7 AS tier, CAST(i * 1.5 AS DECIMAL(12, 2)) AS score FROM generate_series(1, " + rows + ") AS i");
        System.exit(0);
    }

    private static void measure(String label, Warehouse w, String createSource) {
        EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 1000, 100, 4));
        h.sql(createSource);
        if (label.equals("postgres")) {
            h.sql("ANALYZE src");
        }
        String stage = w.engineTable("stage_bench");
        StagingPlan plan = StagingPlanner.plan(SYNC, w.dialect(), w.engineTable("record_state"), stage, 1000);
        String bare = "CREATE TABLE " + w.engineTable("bare_bench") + " AS SELECT s.identifier, s.h FROM (SELECT CAST(id AS "
                + w.dialect().textType() + ") AS identifier, md5(" + StagingPlanner.recordExpression(SYNC, w.dialect()) + ") AS h FROM src) s "
                + "FULL OUTER JOIN (SELECT identifier, applied_hash FROM " + w.engineTable("record_state") + " WHERE sync_id = 'bench') st "
                + "ON s.identifier = st.identifier WHERE s.h IS DISTINCT FROM st.applied_hash";
        long bestStage = Long.MAX_VALUE;
        long bestBare = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            h.sql(w.dialect().dropTableIfExists(stage), w.dialect().dropTableIfExists(w.engineTable("bare_bench")));
            long t0 = System.nanoTime();
            h.sql(bare);
            bestBare = Math.min(bestBare, (System.nanoTime() - t0) / 1_000_000);
            t0 = System.nanoTime();
            h.sql(plan.createStage());
            if (plan.createIndex() != null) {
                h.sql(plan.createIndex());
            }
            bestStage = Math.min(bestStage, (System.nanoTime() - t0) / 1_000_000);
        }
        System.out.printf("%-10s %14d %14d %7.2fx%n", label, bestStage, bestBare, (double) bestStage / bestBare);
        w.close();
    }
}
