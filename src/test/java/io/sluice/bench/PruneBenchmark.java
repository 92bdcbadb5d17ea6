package io.sluice.bench;

import io.sluice.engine.EngineHarness;
import io.sluice.state.HistoryPruner;
import io.sluice.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * History retention (figure group "prune") on one warehouse: N history rows, five per record as five daily runs left
 * them, all older than the cutoff, so that retention removes four rows in five and keeps each record's latest. Measures
 * {@link HistoryPruner} as the service runs it (chunks of {@code bench.prune.chunk} rows, default 10000, each its own
 * transaction) beside one unchunked DELETE of the same rows on a copy of the same table (baseline), and reports rows
 * pruned per second. {@code -Dbench.warehouse=duckdb|postgres -Dbench.rows=N}. Prints figures, asserts nothing.
 */
public final class PruneBenchmark {
    static final String GROUP = "prune";
    private static final int ROWS_PER_RECORD = 5;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private PruneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String kind = System.getProperty("bench.warehouse", "duckdb");
        long rows = Long.getLong("bench.rows", 100_000);
        int chunk = Integer.getInteger("bench.prune.chunk", 10_000);
        FigureTable table = new FigureTable();
        try (Warehouse w = DiffBenchmark.open(kind)) {
            EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 5000, 100, 4), Duration.ofHours(2));
            String history = w.engineTable("record_history");
            String copy = w.engineTable("bench_history_copy");
            long t0 = System.nanoTime();
            h.sql(fill(kind, history, rows / ROWS_PER_RECORD));
            h.sql(w.dialect().createTableAs(copy, "SELECT * FROM " + history));
            w.dialect().createIndex("bench_history_copy_record", copy, "sync_id, identifier").ifPresent(h::sql);
            if (kind.equals("postgres")) {
                h.sql("ANALYZE " + history, "ANALYZE " + copy);
            }
            System.err.printf("%s: %,d history rows (and a copy) written in %d ms%n", kind, count(w, history), (System.nanoTime() - t0) / 1_000_000);
            Instant cutoff = T0.plus(Duration.ofDays(ROWS_PER_RECORD + 1));

            AtomicLong chunks = new AtomicLong();
            long t1 = System.nanoTime();
            long pruned = new HistoryPruner(w).prune(cutoff, chunk, n -> chunks.incrementAndGet()).await().atMost(Duration.ofHours(1));
            double prunerSeconds = (System.nanoTime() - t1) / 1e9;

            // the same rule in one statement, no chunks, no key join: the warehouse's own limit
            String bare = "DELETE FROM " + copy + " o WHERE o.recorded_at < TIMESTAMPTZ '2026-01-07 00:00:00+00' AND o.recorded_at < "
                    + "(SELECT MAX(n.recorded_at) FROM " + copy + " n WHERE n.sync_id = o.sync_id AND n.identifier = o.identifier)";
            long t2 = System.nanoTime();
            h.sql(bare);
            double bareSeconds = (System.nanoTime() - t2) / 1e9;
            long left = count(w, history);
            long bareLeft = count(w, copy);
            h.sql(w.dialect().dropTableIfExists(copy));

            String scenario = kind + " " + Benchmarks.size(rows) + " history rows, chunks of " + chunk;
            System.err.printf("%s: pruned %,d in %d chunks (%,d left; one DELETE left %,d)%n", scenario, pruned, chunks.get(), left, bareLeft);
            table.emit(Figure.info(GROUP, scenario, "rows pruned", pruned));
            table.emit(Figure.versus(GROUP, scenario, "seconds vs one unchunked DELETE", prunerSeconds, bareSeconds));
            table.emit(Figure.versus(GROUP, scenario, "rows pruned per second vs one unchunked DELETE", pruned / prunerSeconds,
                    pruned / bareSeconds));
        }
        if (!Boolean.getBoolean("bench.child")) {
            table.print(System.out);
        }
        System.exit(0);
    }

    /** {@code records} records of one sync, each with a row from each of five daily runs, appended run by run. */
    private static String fill(String kind, String history, long records) {
        String columns = " (run_id, sync_id, identifier, action, apply_state, apply_reason, result, app_identifier, record, recorded_at) ";
        String row = "SELECT 'run-' || d, 'bench', CAST(i AS VARCHAR), 'UPDATE', 'SUCCESS', 'CHANGE_CRITERIA_MET', '{\"id\":\"app-' || i || '\"}', "
                + "'app-' || i, '{\"email\":\"user' || i || '-' || d || '@example.com\",\"name\":\"Name ' || i || '\"}', ";
        return switch (kind) {
            case "duckdb" -> "INSERT INTO " + history + columns + row + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL (d) DAY "
                    + "FROM range(0, " + ROWS_PER_RECORD + ") days(d), range(0, " + records + ") ids(i) ORDER BY d, i";
            default -> "INSERT INTO " + history + columns + row + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + d * INTERVAL '1 day' "
                    + "FROM generate_series(0, " + (ROWS_PER_RECORD - 1) + ") AS days(d), generate_series(0, " + (records - 1) + ") AS ids(i) "
                    + "ORDER BY d, i";
        };
    }

    private static long count(Warehouse w, String table) {
        return w.callBlocking("counting", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
