package io.sluice.bench;

import io.sluice.engine.EngineHarness;
import io.sluice.plan.StagingPlanner;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import io.smallrye.mutiny.Uni;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * End-to-end engine figures on the embedded warehouse: a first run (all new), a no-change run and a 1 % change
 * run over N source rows, each next to the bare SQL that only hashes and joins the same tables (the
 * warehouse's own limit). Run with {@code ./mvnw -Pbench verify -Dbench.rows=100000} (see docs/benchmarks.md);
 * prints a table, asserts nothing.
 */
public final class EngineBenchmark {

    /** An app that answers at once: the figures are the engine's, not a network's. */
    static final class InstantApp implements AppConnection {
        @Override
        public int maxBatchSize() {
            return 1000;
        }

        @Override
        public Uni<List<RecordOutcome>> send(SendBatch batch) {
            return Uni.createFrom().item(() -> batch.records().stream()
                    .map((OutboundRecord r) -> RecordOutcome.success(r.identifier(), null, "app-" + r.identifier())).toList());
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 100_000);
        Path dir = Files.createTempDirectory("sluice-bench");
        Warehouse w = WarehouseFactory.open("bench", "jdbc:duckdb:" + dir.resolve("bench.duckdb"), Optional.empty(), Optional.empty(),
                Map.of(), "sluice", 4);
        EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 5000, 1000, 4));
        h.sql("CREATE TABLE src AS SELECT i AS id, 'user' || i || '@example.com' AS email, 'Name ' || i AS name, i % 7 AS tier, "
                + "CAST(i * 1.5 AS DECIMAL(12, 2)) AS score, TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS updated_at FROM range(1, " + (rows + 1) + ") t(i)");
        SyncDefinition sync = EngineHarness.sync("""
                slug: bench
                source: {warehouse: bench, table: src, id-column: id}
                target: {connection: app}
                strategy: upsert
                mapping: {email: email, name: name, tier: tier, score: score, updated_at: updated_at}
                """);
        InstantApp app = new InstantApp();
        System.out.printf("%nSluice engine benchmark: %,d rows, DuckDB %s, %d cores, JDK %s%n%n", rows, "embedded",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("%-22s %12s %12s %10s %12s%n", "run", "engine (ms)", "bare SQL (ms)", "ratio", "records");
        report(h, sync, app, "first (all new)");
        report(h, sync, app, "no change");
        h.sql("UPDATE src SET email = 'changed' || id || '@example.com' WHERE id % 100 = 0");
        report(h, sync, app, "1% changed");
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%nheap used after runs: %,d MiB%n", heap / (1024 * 1024));
        w.close();
        System.exit(0);
    }

    private static void report(EngineHarness h, SyncDefinition sync, AppConnection app, String label) {
        long bare = bareSqlMillis(h, sync);
        long t0 = System.nanoTime();
        Run run = h.run(sync, app);
        long engine = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%-22s %12d %12d %9.2fx %,12d%n", label, engine, bare, bare == 0 ? 0.0 : (double) engine / bare,
                run.counts().total());
    }

    /** The warehouse's own limit: hash the mapped records and join them with state, nothing else. */
    private static long bareSqlMillis(EngineHarness h, SyncDefinition sync) {
        Warehouse w = h.warehouse;
        String record = StagingPlanner.recordExpression(sync, w.dialect());
        String sql = "CREATE OR REPLACE TEMP TABLE bare AS SELECT s.identifier, s.h FROM (SELECT CAST(id AS VARCHAR) AS identifier, md5("
                + record + ") AS h FROM src) s FULL OUTER JOIN (SELECT identifier, applied_hash FROM " + w.engineTable("record_state")
                + " WHERE sync_id = 'bench') st ON s.identifier = st.identifier WHERE s.h IS DISTINCT FROM st.applied_hash";
        long t0 = System.nanoTime();
        h.sql(sql);
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
