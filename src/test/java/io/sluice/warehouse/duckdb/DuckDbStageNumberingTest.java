package io.sluice.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.EngineHarness;
import io.sluice.plan.StagingPlan;
import io.sluice.plan.StagingPlanner;
import io.sluice.state.EngineSchema;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DuckDB numbers a stage by row id ({@link DuckDbDialect#numbersStageByRowId()}) instead of {@code ROW_NUMBER()}. What
 * the engine relies on, on a real DuckDB and a stage larger than one row group (122,880 rows) written by several
 * threads: once committed, {@code seq} is dense from 0, follows identifier order, and the page query reads every staged
 * record exactly once from {@link StagingPlan#BEFORE_FIRST}; inside the staging transaction (a preview) the first page
 * is still the first records in identifier order.
 */
class DuckDbStageNumberingTest {
    private static final int ROWS = 300_000;
    private Warehouse warehouse;
    private StagingPlan plan;

    @BeforeEach
    void stageOfShuffledSource() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 1);
        Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), Clock.systemUTC());
        sql("SET threads = 4", "CREATE TABLE src AS SELECT (i * 7919) % " + ROWS + " AS id, 'n' || i AS name FROM range(0, " + ROWS + ") t(i)");
        SyncDefinition sync = EngineHarness.sync("""
                slug: numbered
                source: {table: src, id-column: id}
                target: {connection: app}
                strategy: upsert
                mapping: {name: name}
                """);
        plan = StagingPlanner.plan(sync, warehouse.dialect(), warehouse.engineTable("record_state"), warehouse.engineTable("stage_t"), 5000);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void committedStageIsNumberedDenselyFromZeroInIdentifierOrder() {
        sql(plan.create().toArray(String[]::new));

        assertThat(longs("SELECT MIN(seq), MAX(seq), COUNT(*), COUNT(DISTINCT seq) FROM " + plan.stageTable()))
                .containsExactly(0L, ROWS - 1L, (long) ROWS, (long) ROWS);
        assertThat(longs("SELECT COUNT(*) FROM (SELECT identifier, LAG(identifier) OVER (ORDER BY seq) AS before FROM "
                + plan.stageTable() + ") WHERE before >= identifier")).containsExactly(0L);
    }

    @Test
    void pagesFromBeforeTheFirstReadEveryRecordOnceInOrder() {
        sql(plan.create().toArray(String[]::new));

        List<String> read = warehouse.callBlocking("paging", c -> {
            List<String> ids = new ArrayList<>();
            long cursor = StagingPlan.BEFORE_FIRST;
            while (true) {
                List<Long> seqs = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement(plan.pageQuery())) {
                    p.setLong(1, cursor);
                    p.setLong(2, plan.pageEnd(cursor));
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            seqs.add(rs.getLong("seq"));
                            ids.add(rs.getString("identifier"));
                        }
                    }
                }
                if (seqs.isEmpty()) {
                    return ids;
                }
                assertThat(seqs).hasSizeLessThanOrEqualTo(5000).isSorted();
                cursor = seqs.get(seqs.size() - 1);
            }
        });

        assertThat(read).hasSize(ROWS).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void theFirstPageInsideTheStagingTransactionIsTheFirstRecords() {
        List<String> first = warehouse.callBlocking("previewing", c -> {
            execute(c, plan.create().toArray(String[]::new));
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(plan.firstPageQuery())) {
                while (rs.next()) {
                    ids.add(rs.getString("identifier"));
                }
            }
            c.rollback();
            return ids;
        });

        assertThat(first).hasSize(5000).isSorted().startsWith("0", "1", "10", "100", "1000", "10000", "100000", "100001");
        assertThat(longs("SELECT COUNT(*) FROM duckdb_tables() WHERE table_name LIKE 'stage_t%'")).containsExactly(0L);
    }

    private void sql(String... statements) {
        warehouse.callBlocking("test setup", c -> {
            execute(c, statements);
            return null;
        });
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private List<Long> longs(String query) {
        return warehouse.callBlocking("reading", c -> {
            List<Long> values = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getLong(i));
                }
            }
            return values;
        });
    }
}
