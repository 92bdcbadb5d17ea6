package io.sluice.warehouse.postgres;

import static io.sluice.warehouse.postgres.PostgresWarehouses.exec;
import static io.sluice.warehouse.postgres.PostgresWarehouses.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.plugin.Strategy;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.postgres.PostgresWarehouses.Staged;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The staging diff on PostgreSQL: the transformed record's JSON text, hence its hash, per column type. */
class PostgresStagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> MAPPING = new TreeMap<>(Map.ofEntries(
            Map.entry("name", "name"),
            Map.entry("age", "age"),
            Map.entry("balance", "balance"),
            Map.entry("active", "active"),
            Map.entry("born", "born"),
            Map.entry("seen_local", "seen_local"),
            Map.entry("seen_at", "seen_at"),
            Map.entry("profile", "profile"),
            Map.entry("origin", "'warehouse'"),
            Map.entry("double_age", "age * 2"),
            Map.entry("nothing", "null")));

    private static Warehouse warehouse;
    private SyncDefinition sync;

    @BeforeAll
    static void openWarehouse() {
        warehouse = PostgresWarehouses.openMigrated("staging_test");
    }

    @AfterAll
    static void closeWarehouse() {
        warehouse.close();
    }

    @BeforeEach
    void sourceTable() {
        exec(warehouse, "DROP TABLE IF EXISTS public.people", "CREATE TABLE public.people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, "
                        + "balance NUMERIC(12,2), active BOOLEAN, born DATE, seen_local TIMESTAMP, seen_at TIMESTAMPTZ, profile JSONB, "
                        + "notes TEXT)",
                "INSERT INTO public.people VALUES "
                        + "(1, 'Ada', 36, 1234.50, true, DATE '1815-12-10', TIMESTAMP '2024-01-02 03:04:05.678', "
                        + "TIMESTAMPTZ '2024-01-02 03:04:05+02', '{\"tier\": \"gold\", \"tags\": [\"a\", \"b\"]}', 'unmapped'), "
                        + "(2, 'Grace', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(3, 'Édith \"quoted\"', 0, -0.05, false, DATE '2000-02-29', TIMESTAMP '2000-02-29 00:00:00', "
                        + "TIMESTAMPTZ '2000-02-29 23:59:59.999999+00', '{\"b\": 1, \"a\": null}', 'x')");
        sync = PostgresWarehouses.sync("people", "public.people", "id", Strategy.UPSERT, MAPPING);
    }

    @Test
    void recordsMapEveryTypeToJson() throws Exception {
        Staged staged = stage(warehouse, sync, "types");

        assertThat(staged.rows()).extracting(r -> r.get("identifier")).containsExactly("1", "2", "3");
        assertThat(staged.rows()).allSatisfy(r -> {
            assertThat(r.get("kind")).isEqualTo("SEND");
            assertThat(r.get("action")).isEqualTo("CREATE");
            assertThat(r.get("apply_reason")).isEqualTo("CHANGE_CRITERIA_MET");
            assertThat(r.get("present")).isEqualTo(1);
            assertThat((String) r.get("record_hash")).matches("[0-9a-f]{32}");
        });
        JsonNode ada = JSON.readTree((String) staged.row("1").get("record"));
        assertThat(ada.get("name").asText()).isEqualTo("Ada");
        assertThat(ada.get("age").isInt()).isTrue();
        assertThat(ada.get("double_age").asInt()).isEqualTo(72);
        assertThat(ada.get("balance").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(ada.get("active").isBoolean()).isTrue();
        assertThat(ada.get("born").asText()).isEqualTo("1815-12-10");
        assertThat(ada.get("seen_local").asText()).isEqualTo("2024-01-02T03:04:05.678");
        // sessions run in UTC, whatever the JVM's zone: the same instant always gives the same text
        assertThat(ada.get("seen_at").asText()).isEqualTo("2024-01-02T01:04:05+00:00");
        assertThat(ada.get("profile").isObject()).isTrue();
        assertThat(ada.get("profile").get("tags").get(1).asText()).isEqualTo("b");
        assertThat(ada.get("origin").asText()).isEqualTo("warehouse");
        assertThat(ada.get("nothing").isNull()).isTrue();
        assertThat(ada.has("notes")).as("unmapped columns are not in the record").isFalse();

        JsonNode grace = JSON.readTree((String) staged.row("2").get("record"));
        assertThat(grace.size()).isEqualTo(MAPPING.size());
        assertThat(grace.get("age").isNull()).isTrue();
        assertThat(grace.get("profile").isNull()).isTrue();
        assertThat(grace.get("seen_at").isNull()).isTrue();

        JsonNode edith = JSON.readTree((String) staged.row("3").get("record"));
        assertThat(edith.get("name").asText()).isEqualTo("Édith \"quoted\"");
        assertThat(edith.get("balance").decimalValue()).isEqualByComparingTo("-0.05");
        assertThat(edith.get("seen_at").asText()).isEqualTo("2000-02-29T23:59:59.999999+00:00");
    }

    @Test
    void theSameRowsGiveTheSameTextAndHashOnEveryRun() {
        Staged first = stage(warehouse, sync, "run1");
        Staged second = stage(warehouse, sync, "run2");

        assertThat(second.column("record")).isEqualTo(first.column("record"));
        assertThat(second.column("record_hash")).isEqualTo(first.column("record_hash"));
        assertThat(first.column("record_hash").values()).doesNotHaveDuplicates();
    }

    @Test
    void aMappedChangeChangesTheHashAndAnUnmappedOneChangesNothing() {
        Staged before = stage(warehouse, sync, "before");
        exec(warehouse, "UPDATE public.people SET notes = 'edited' WHERE id IN (1, 2)",
                "UPDATE public.people SET balance = 1234.51 WHERE id = 3");
        Staged after = stage(warehouse, sync, "after");

        assertThat(after.row("1").get("record_hash")).isEqualTo(before.row("1").get("record_hash"));
        assertThat(after.row("2").get("record_hash")).isEqualTo(before.row("2").get("record_hash"));
        assertThat(after.row("3").get("record_hash")).isNotEqualTo(before.row("3").get("record_hash"));
    }

    @Test
    void recordsWiderThanOneFunctionCallAreBuiltInChunks() throws Exception {
        Map<String, String> wide = new TreeMap<>();
        for (int i = 0; i < 120; i++) {
            wide.put(String.format("f%03d", i), "id + " + i);
        }
        Staged staged = stage(warehouse, PostgresWarehouses.sync("wide", "public.people", "id", Strategy.UPSERT, wide), "wide");

        JsonNode record = JSON.readTree((String) staged.row("3").get("record"));
        assertThat(record.size()).isEqualTo(120);
        assertThat(record.get("f000").asInt()).isEqualTo(3);
        assertThat(record.get("f119").asInt()).isEqualTo(122);
    }

    @Test
    void aSourceQueryAndAFilterWork() {
        SyncDefinition fromQuery = new SyncDefinition("people_q", "people_q.yaml",
                new SyncDefinition.Source("pg", null, "SELECT id, name, age FROM public.people WHERE age IS NOT NULL", "id", "age > 10"),
                sync.target(), Strategy.UPSERT, new TreeMap<>(Map.of("name", "name")), null, null, null, sync.timeLimit(), null);

        assertThat(stage(warehouse, fromQuery, "query").rows()).extracting(r -> r.get("identifier")).containsExactly("1");
    }

    @Test
    void aTemplateWithoutKnownColumnsHashesTheWholeRow() {
        SyncDefinition templated = new SyncDefinition("people_t", "people_t.yaml", sync.source(), sync.target(), Strategy.UPSERT, null,
                "{{ row | tojson }}", null, null, sync.timeLimit(), null);
        Staged before = stage(warehouse, templated, "tpl1");
        exec(warehouse, "UPDATE public.people SET notes = 'edited' WHERE id = 2");
        Staged after = stage(warehouse, templated, "tpl2");

        assertThat(after.row("1").get("record_hash")).isEqualTo(before.row("1").get("record_hash"));
        assertThat(after.row("2").get("record_hash")).isNotEqualTo(before.row("2").get("record_hash"));
    }

    @Test
    void duplicateAndNullIdentifiersAreClassified() {
        exec(warehouse, "ALTER TABLE public.people DROP CONSTRAINT people_pkey", "ALTER TABLE public.people ALTER COLUMN id DROP NOT NULL",
                "INSERT INTO public.people (id, name) VALUES (3, 'Twin'), (NULL, 'Nobody')");

        Staged staged = stage(warehouse, sync, "dups");

        assertThat(staged.row("3").get("kind")).isEqualTo("DUPLICATE");
        assertThat(staged.row("3").get("dup_count")).isEqualTo(2L);
        assertThat(staged.rows()).filteredOn(r -> r.get("identifier") == null).singleElement()
                .satisfies(r -> assertThat(r.get("kind")).isEqualTo("NULL_ID"));
    }
}
