package io.sluice.warehouse.snowflake;

import io.sluice.engine.EngineHarness;
import io.sluice.plan.SourceProbes;
import io.sluice.plan.StagingPlan;
import io.sluice.plan.StagingPlanner;
import io.sluice.state.EngineSchema;
import io.sluice.state.HistoryPruner;
import io.sluice.state.RunStore;
import io.sluice.state.StateCommitter;
import io.sluice.state.SyncControls;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.Golden;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Migration;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins every statement the engine sends to Snowflake, as text, in {@code src/test/resources/golden/snowflake/}.
 * No account is needed: a Snowflake warehouse connects lazily, and these only build SQL. A change to the SQL
 * shows up here as a diff to review; accept it with {@code -Dgolden.update=true}.
 */
class SnowflakeGoldenSqlTest {
    private static final String RUN_KEY = "0190f3a2b4c47d5e8f9a0b1c2d3e4f50";
    private static Warehouse warehouse;
    private static String stage;
    private static String outcomes;

    @BeforeAll
    static void open() {
        warehouse = WarehouseFactory.open("sf", "jdbc:snowflake://acme-analytics.snowflakecomputing.com/", Optional.of("SLUICE"),
                Optional.of("not-used"), Map.of("warehouse", "SLUICE_WH", "db", "ANALYTICS"), "sluice", 1);
        stage = warehouse.engineTable("stage_" + RUN_KEY);
        outcomes = warehouse.engineTable("outcome_" + RUN_KEY);
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    private static void assertStaging(String file, String yaml) {
        SyncDefinition sync = EngineHarness.sync(yaml);
        StagingPlan plan = StagingPlanner.plan(sync, warehouse.dialect(), warehouse.engineTable("record_state"), stage, 1000);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("stage: the diff, materialised", plan.create().get(0));
        for (int i = 1; i < plan.create().size(); i++) {
            sql.put("stage, statement " + (i + 1), plan.create().get(i));
        }
        sql.put("stage dropped", String.join(";\n", plan.drop()));
        sql.put("page: parameters last seq read, last seq of the page", plan.pageQuery());
        Golden.assertMatches("snowflake/" + file, Golden.statements(sql));
    }

    @Test
    void mappingSyncFromAQueryWithAFilter() {
        assertStaging("staging-mapping-query.sql", """
                slug: contacts-to-crm
                source:
                  warehouse: sf
                  query: "SELECT c.*, a.plan FROM crm.contacts c JOIN crm.accounts a ON a.id = c.account_id"
                  id-column: contact_id
                  filter: "active AND email IS NOT NULL"
                target: {connection: crm, object: Contact}
                strategy: upsert
                mapping:
                  email: lower(email)
                  LastName: LastName
                  first_name: first_name
                  newsletter: "true"
                  "plan's \\\\ \\"tier\\"": plan
                """);
    }

    @Test
    void mappingSyncFromATable() {
        assertStaging("staging-mapping-table.sql", """
                slug: accounts-mirror
                source: {warehouse: sf, table: analytics.crm.accounts, id-column: account_id}
                target: {connection: crm, object: Account}
                strategy: mirror
                mapping:
                  name: account_name
                  seats: seats
                  renewed_at: renewed_at
                """);
    }

    @Test
    void sourceChecksCompileEachPartWithoutReadingARow() {
        SyncDefinition mapped = EngineHarness.sync("""
                slug: contacts-to-crm
                source: {warehouse: sf, table: analytics.crm.contacts, id-column: contact_id, filter: "active"}
                target: {connection: crm, object: Contact}
                strategy: upsert
                mapping: {email: lower(email), LastName: LastName}
                """);
        SyncDefinition templated = EngineHarness.sync("""
                slug: welcome
                source: {warehouse: sf, query: "SELECT * FROM crm.contacts", id-column: contact_id}
                target: {connection: crm, object: Message}
                strategy: send
                template: '{"to": "{{ row.email }}"}'
                """);
        Dialect d = warehouse.dialect();
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("source table", SourceProbes.source(mapped, d));
        sql.put("id-column", SourceProbes.idColumn(mapped, d));
        sql.put("filter", SourceProbes.filter(mapped, d));
        sql.put("mapping field email", SourceProbes.field(mapped, d, "email"));
        sql.put("source query", SourceProbes.source(templated, d));
        sql.put("template columns", SourceProbes.templateColumns(templated, d));
        Golden.assertMatches("snowflake/source-checks.sql", Golden.statements(sql));
    }

    @Test
    void templateSyncComparesTheColumnsItReads() {
        assertStaging("staging-template-columns.sql", """
                slug: welcome
                source: {warehouse: sf, table: crm.customers, id-column: id}
                target: {connection: mail}
                strategy: send
                template: |
                  {"to": "{{ row.email }}", "name": "{{ row['first_name'] }}"}
                """);
    }

    @Test
    void templateSyncReadingTheWholeRowComparesTheWholeRow() {
        assertStaging("staging-template-row.sql", """
                slug: raw-rows
                source: {warehouse: sf, table: crm.customers, id-column: id}
                target: {connection: hook}
                strategy: upsert
                template: '{{ row | tojson }}'
                """);
    }

    @Test
    void migrationDdl() {
        Map<String, String> sql = new LinkedHashMap<>();
        int n = 0;
        for (String s : Migrator.bootstrapStatements(warehouse)) {
            sql.put("bootstrap " + ++n, s);
        }
        for (Migration m : EngineSchema.migrations(warehouse)) {
            n = 0;
            for (String s : m.statements()) {
                sql.put("migration " + m.version() + " (" + m.description() + ") " + ++n, s);
            }
        }
        sql.put("record a migration: parameters version, description, time", Migrator.recordVersionSql(warehouse));
        Golden.assertMatches("snowflake/migration.sql", Golden.statements(sql));
    }

    @Test
    void stateCommitOfOneWindow() {
        StateCommitter committer = new StateCommitter(warehouse, Clock.systemUTC());
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("outcome table of a run", committer.createOutcomeTable("outcome_" + RUN_KEY));
        sql.put("outcomes of a window (2 rows)", warehouse.dialect().insertRowsSql(outcomes, StateCommitter.outcomeColumns(), 2));
        sql.put("which state statements the window needs: parameters first and last seq", StateCommitter.windowShapeSql(stage));
        sql.put("record state of records new to it: parameters sync id, run id, time, first and last seq",
                committer.insertNewStateSql(stage, outcomes));
        sql.put("record state: parameters sync id, run id, time, first and last seq", committer.mergeStateSql(stage, outcomes));
        sql.put("records deleted or never applied: parameters sync id, first and last seq", committer.deleteStateSql(stage, outcomes));
        sql.put("history: parameters run id, sync id, time, first and last seq", committer.appendHistorySql(stage, outcomes));
        Golden.assertMatches("snowflake/state-commit.sql", Golden.statements(sql));
    }

    @Test
    void runLock() {
        RunStore runs = new RunStore(warehouse);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("acquire when absent: parameters sync id, run id, instance id, time (committed alone)", runs.acquireLockSql());
        sql.put("confirm: the sync's lock holders, parameter sync id (this run wins only if it is the only one)", runs.lockHoldersSql());
        sql.put("release, or back off after losing: parameters sync id, run id", runs.releaseLockSql());
        Golden.assertMatches("snowflake/run-lock.sql", Golden.statements(sql));
    }

    @Test
    void syncControls() {
        SyncControls controls = new SyncControls(warehouse);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("paused syncs (one sync: AND sync_id = ?)", controls.readSql());
        sql.put("pause, after reading: delete then insert in one transaction, parameter sync id", controls.deleteSql());
        sql.put("pause: parameters sync id, time, reason", controls.insertPausedSql());
        sql.put("resume: parameter sync id", controls.resumeSql());
        Golden.assertMatches("snowflake/sync-controls.sql", Golden.statements(sql));
    }

    @Test
    void historyRetention() {
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("one chunk of 10000 rows, each its own transaction, repeated until a chunk removes fewer: parameter cutoff",
                new HistoryPruner(warehouse).chunkSql(10_000));
        Golden.assertMatches("snowflake/history-retention.sql", Golden.statements(sql));
    }

    @Test
    void sessionSetup() {
        Map<String, String> sql = new LinkedHashMap<>();
        warehouse.dialect().sessionSetup().forEach(s -> sql.put("on every new connection", s));
        Golden.assertMatches("snowflake/session.sql", Golden.statements(sql));
    }
}
