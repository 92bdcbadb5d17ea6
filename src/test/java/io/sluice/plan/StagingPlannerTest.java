package io.sluice.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.EngineHarness;
import io.sluice.plugin.Action;
import io.sluice.plugin.Strategy;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.duckdb.DuckDbDialect;
import io.sluice.warehouse.postgres.PostgresDialect;
import io.sluice.warehouse.snowflake.SnowflakeDialect;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StagingPlannerTest {

    private static SyncDefinition sync(String strategy, String extra) {
        return EngineHarness.sync("""
                slug: s
                source: {warehouse: w, table: crm.people, id-column: id%s}
                target: {connection: c}
                strategy: %s
                mapping:
                  name: name
                  email: lower(email)
                  flag: "true"
                """.formatted(extra, strategy));
    }

    @Test
    void theStrategyTableMatchesTheSpec() {
        assertThat(StrategyRules.actionFor(Strategy.CREATE, Situation.NEW)).contains(Action.CREATE);
        assertThat(StrategyRules.actionFor(Strategy.CREATE, Situation.CHANGED)).isEmpty();
        assertThat(StrategyRules.actionFor(Strategy.UPSERT, Situation.CHANGED)).contains(Action.UPDATE);
        assertThat(StrategyRules.actionFor(Strategy.UPSERT, Situation.GONE)).isEmpty();
        assertThat(StrategyRules.actionFor(Strategy.UPDATE, Situation.NEW)).contains(Action.UPDATE);
        assertThat(StrategyRules.actionFor(Strategy.DELETE, Situation.NEW)).contains(Action.DELETE);
        assertThat(StrategyRules.actionFor(Strategy.DELETE, Situation.CHANGED)).isEmpty();
        assertThat(StrategyRules.actionFor(Strategy.MIRROR, Situation.GONE)).contains(Action.DELETE);
        assertThat(StrategyRules.actionFor(Strategy.MIRROR, Situation.UNCHANGED)).isEmpty();
        assertThat(StrategyRules.actionFor(Strategy.REPLACE, Situation.UNCHANGED)).contains(Action.RECREATE);
        assertThat(StrategyRules.actionFor(Strategy.REPLACE, Situation.GONE)).isEmpty();
        assertThat(StrategyRules.actionFor(Strategy.SEND, Situation.NEW)).contains(Action.SEND);
        assertThat(StrategyRules.actionFor(Strategy.SEND, Situation.CHANGED)).isEmpty();
        assertThat(StrategyRules.resyncAction(Strategy.UPSERT, true)).isEqualTo(Action.UPDATE);
        assertThat(StrategyRules.resyncAction(Strategy.UPSERT, false)).isEqualTo(Action.CREATE);
        assertThat(StrategyRules.resyncAction(Strategy.MIRROR, true)).isEqualTo(Action.UPDATE);
        assertThat(StrategyRules.resyncAction(Strategy.CREATE, true)).isEqualTo(Action.CREATE);
        assertThat(StrategyRules.resyncAction(Strategy.SEND, true)).isEqualTo(Action.SEND);
    }

    @Test
    void mirrorActionCaseCoversEverySituationWithAnAction() {
        assertThat(StagingPlanner.actionCase(Strategy.MIRROR)).isEqualTo("CASE WHEN present = 1 AND prev_state = 'RESYNC_REQUESTED' THEN "
                + "CASE WHEN prev_hash IS NULL THEN 'CREATE' ELSE 'UPDATE' END WHEN situation = 'NEW' THEN 'CREATE' "
                + "WHEN situation = 'CHANGED' THEN 'UPDATE' WHEN situation = 'GONE' THEN 'DELETE' ELSE NULL END");
    }

    @Test
    void namesAreQuotedExpressionsKeptAndLiteralsNotMistakenForColumns() {
        String duck = StagingPlanner.recordExpression(sync("upsert", ""), new DuckDbDialect());
        assertThat(duck).isEqualTo("CAST(json_object('email', (lower(email)), 'flag', (true), 'name', (\"name\")) AS VARCHAR)");
        String sql = StagingPlanner.diffSelect(sync("upsert", ", filter: \"active\""), new DuckDbDialect(), "\"sluice\".\"record_state\"", true);
        assertThat(sql).contains("FROM \"crm\".\"people\" AS source_rows\n  WHERE (active)")
                .contains("SELECT CAST(\"id\" AS VARCHAR) AS identifier")
                .contains("WHERE sync_id = 's'")
                .contains("FULL OUTER JOIN st ON cur.identifier = st.identifier");
    }

    @Test
    void eachDialectBuildsTheRecordItsOwnWay() {
        SyncDefinition s = sync("upsert", "");
        assertThat(StagingPlanner.recordExpression(s, new PostgresDialect())).startsWith("CAST(jsonb_build_object('email', (lower(email))");
        assertThat(StagingPlanner.recordExpression(s, new SnowflakeDialect())).startsWith("'{\"email\":' || COALESCE(TO_JSON(TO_VARIANT((lower(email))))");
        assertThat(StagingPlanner.plan(s, new SnowflakeDialect(), "ST", "STAGE", 500).create().get(0)).startsWith("CREATE TRANSIENT TABLE STAGE AS WITH");
    }

    @Test
    void duckDbNumbersItsStageByRowIdTheOthersByRowNumber() {
        SyncDefinition s = sync("upsert", "");
        StagingPlan duck = StagingPlanner.plan(s, new DuckDbDialect(), "st", "\"sluice\".\"stage_r\"", 500);
        assertThat(duck.create()).hasSize(2);
        assertThat(duck.create().get(0)).startsWith("CREATE TABLE \"sluice\".\"stage_r_rows\" AS WITH").doesNotContain("ROW_NUMBER")
                .endsWith("ORDER BY staged.identifier");
        assertThat(duck.create().get(1)).isEqualTo("CREATE VIEW \"sluice\".\"stage_r\" AS SELECT rowid AS seq, "
                + String.join(", ", StagingPlanner.STAGE_COLUMNS.subList(1, StagingPlanner.STAGE_COLUMNS.size())) + " FROM \"sluice\".\"stage_r_rows\"");
        assertThat(duck.drop()).containsExactly("DROP VIEW IF EXISTS \"sluice\".\"stage_r\"", "DROP TABLE IF EXISTS \"sluice\".\"stage_r_rows\"");

        StagingPlan pg = StagingPlanner.plan(s, new PostgresDialect(), "st", "\"sluice\".\"stage_r\"", 500);
        assertThat(pg.create()).hasSize(3);
        assertThat(pg.create().get(0)).contains("ROW_NUMBER() OVER (ORDER BY staged.identifier) AS seq").endsWith("ORDER BY staged.identifier");
        assertThat(pg.create().get(1)).startsWith("CREATE INDEX IF NOT EXISTS \"stage_r_seq\"");
        assertThat(pg.create().get(2)).isEqualTo("ANALYZE \"sluice\".\"stage_r\"");
        assertThat(pg.drop()).containsExactly("DROP TABLE IF EXISTS \"sluice\".\"stage_r\"");
        assertThat(pg.pageQuery()).isEqualTo("SELECT " + String.join(", ", StagingPlanner.PAGE_COLUMNS)
                + " FROM \"sluice\".\"stage_r\" WHERE seq > ? AND seq <= ? ORDER BY seq");
        assertThat(pg.firstPageQuery()).isEqualTo("SELECT " + String.join(", ", StagingPlanner.PAGE_COLUMNS)
                + " FROM \"sluice\".\"stage_r\" ORDER BY seq LIMIT 500");
    }

    @Test
    void templatesCompareTheColumnsTheyReadOrTheWholeRow() {
        assertThat(TemplateColumns.referencedColumns("{{ row.email }} {{ row['name'] }} {{ row[\"id\"] }} {{ other.row }}"))
                .hasValueSatisfying(c -> assertThat(c).containsExactly("email", "id", "name"));
        assertThat(TemplateColumns.referencedColumns("{{ row | tojson }}")).isEqualTo(Optional.empty());
        assertThat(TemplateColumns.referencedColumns("{% for k in row %}{{ k }}{% endfor %}")).isEqualTo(Optional.empty());
        assertThat(TemplateColumns.referencedColumns("{{ row[key] }}")).isEqualTo(Optional.empty());
        SyncDefinition wholeRow = EngineHarness.sync("""
                slug: t
                source: {table: t, id-column: id}
                target: {connection: c}
                strategy: upsert
                template: '{{ row | tojson }}'
                """);
        assertThat(StagingPlanner.recordExpression(wholeRow, new DuckDbDialect())).isEqualTo("CAST(to_json(source_rows) AS VARCHAR)");
        assertThat(StagingPlanner.diffSelect(wholeRow, new DuckDbDialect(), "st", true)).contains("MD5(record || '");
    }
}
