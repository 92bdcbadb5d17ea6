package io.sluice.warehouse.postgres;

import static io.sluice.warehouse.postgres.PostgresWarehouses.exec;
import static io.sluice.warehouse.postgres.PostgresWarehouses.query;
import static io.sluice.warehouse.postgres.PostgresWarehouses.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.plugin.Action;
import io.sluice.plugin.Strategy;
import io.sluice.state.ApplyReason;
import io.sluice.state.ApplyState;
import io.sluice.state.EngineSchema;
import io.sluice.state.Outcome;
import io.sluice.state.RunStore;
import io.sluice.state.StateCommitter;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.sluice.warehouse.postgres.PostgresWarehouses.Staged;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names are quoted everywhere, so mixed case and reserved words work, and match the catalog exactly. */
class PostgresQuotingTest {
    private static final String DATABASE = "quoting_test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Warehouse warehouse;

    @BeforeAll
    static void openWarehouse() {
        PostgresWarehouses.open(DATABASE).close();
        warehouse = PostgresWarehouses.connect(DATABASE, "SluiceState");
        Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), PostgresWarehouses.CLOCK);
    }

    @AfterAll
    static void closeWarehouse() {
        warehouse.close();
    }

    @Test
    void mixedCaseAndReservedNamesWorkThroughTheWholeCycle() throws Exception {
        exec(warehouse, "CREATE SCHEMA \"Sales\"",
                "CREATE TABLE \"Sales\".\"CustomerData\" (\"customerId\" INTEGER, \"Order\" INTEGER, \"select\" TEXT, \"Name\" TEXT)",
                "INSERT INTO \"Sales\".\"CustomerData\" VALUES (1, 10, 'yes', 'Ann'), (2, 20, 'no', 'Bob')");
        SyncDefinition sync = PostgresWarehouses.sync("customers", "Sales.CustomerData", "customerId", Strategy.UPSERT,
                Map.of("order", "Order", "pick", "select", "name", "Name", "next_order", "\"Order\" + 1"));

        Staged staged = stage(warehouse, sync, "q1");

        assertThat(staged.rows()).extracting(r -> r.get("identifier")).containsExactly("1", "2");
        JsonNode first = JSON.readTree((String) staged.row("1").get("record"));
        assertThat(first.get("order").asInt()).isEqualTo(10);
        assertThat(first.get("next_order").asInt()).isEqualTo(11);
        assertThat(first.get("pick").asText()).isEqualTo("yes");
        assertThat(first.get("name").asText()).isEqualTo("Ann");

        RunStore runs = new RunStore(warehouse);
        assertThat(runs.start("customers", "run-q", Trigger.API, "test", PostgresWarehouses.CLOCK.instant(),
                PostgresWarehouses.CLOCK.instant().minusSeconds(300)).started()).isNotNull();
        new StateCommitter(warehouse, PostgresWarehouses.CLOCK).commit("customers", "run-q", staged.stageTable(), staged.outcomeName(),
                List.of(new Outcome((Long) staged.row("1").get("seq"), "1", Action.CREATE, ApplyState.SUCCESS, ApplyReason.CHANGE_CRITERIA_MET,
                        "{}", "app-1", null))).await().indefinitely();

        assertThat(query(warehouse, "SELECT identifier, app_identifier FROM \"SluiceState\".record_state"))
                .containsExactly(Map.of("identifier", "1", "app_identifier", "app-1"));
        assertThat(query(warehouse, "SELECT indexname FROM pg_indexes WHERE schemaname = 'SluiceState' AND indexname LIKE 'stage_q1%'"))
                .extracting(r -> r.get("indexname")).containsExactly("stage_q1_seq");
    }

    @Test
    void namesAreCaseSensitiveAsStoredInTheCatalog() {
        // created without quotes: PostgreSQL stores the folded, lower-case names
        exec(warehouse, "CREATE TABLE public.FoldedTable (Id INTEGER, FullName TEXT)", "INSERT INTO public.FoldedTable VALUES (1, 'Ann')");

        SyncDefinition exact = PostgresWarehouses.sync("folded", "public.foldedtable", "id", Strategy.UPSERT, Map.of("name", "fullname"));
        assertThat(stage(warehouse, exact, "f1").rows()).hasSize(1);

        SyncDefinition asWritten = PostgresWarehouses.sync("folded", "public.FoldedTable", "Id", Strategy.UPSERT, Map.of("name", "FullName"));
        assertThatThrownBy(() -> stage(warehouse, asWritten, "f2"))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("relation \"public.FoldedTable\" does not exist");
    }
}
