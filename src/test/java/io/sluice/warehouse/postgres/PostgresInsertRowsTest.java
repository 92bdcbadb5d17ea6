package io.sluice.warehouse.postgres;

import static io.sluice.warehouse.postgres.PostgresWarehouses.exec;
import static io.sluice.warehouse.postgres.PostgresWarehouses.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window's outcomes reach PostgreSQL with {@code COPY ... FROM STDIN} in CSV ({@code PostgresDialect.insertRows}):
 * every value arrives as it was, whatever it holds, and NULL stays apart from the empty string.
 */
class PostgresInsertRowsTest {
    private static Warehouse warehouse;

    @BeforeAll
    static void openWarehouse() {
        warehouse = PostgresWarehouses.open("insert_rows_test");
        exec(warehouse, "CREATE SCHEMA IF NOT EXISTS \"Odd Schema\"",
                "CREATE TABLE \"Odd Schema\".\"Outcomes\" (seq BIGINT NOT NULL, identifier TEXT NOT NULL, result TEXT, app_identifier TEXT)");
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    @Test
    void everyValueArrivesAsItWasAndNullIsNotTheEmptyString() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, "plain", "{}", null});
        rows.add(new Object[] {2L, "comma,and \"quotes\"", "{\"error\":\"said \\\"no\\\", twice\"}", ""});
        rows.add(new Object[] {3L, "line\nbreak\r\nand\ttab", "back\\slash \\N and NULL", "NULL"});
        rows.add(new Object[] {Long.MAX_VALUE, "Édith 日本 🎉", "\\.", ","});
        for (long seq = 10; seq < 2_010; seq++) {
            rows.add(new Object[] {seq, "id-" + seq, "{\"n\":" + seq + "}", "app-" + seq});
        }

        warehouse.callBlocking("copying", c -> {
            warehouse.dialect().insertRows(c, "Odd Schema", "Outcomes", List.of("seq", "identifier", "result", "app_identifier"), rows);
            return null;
        });

        List<Map<String, Object>> read = query(warehouse, "SELECT seq, identifier, result, app_identifier FROM \"Odd Schema\".\"Outcomes\" ORDER BY seq");
        assertThat(read).hasSize(rows.size());
        List<Object[]> sorted = rows.stream().sorted((a, b) -> Long.compare((Long) a[0], (Long) b[0])).toList();
        for (int i = 0; i < sorted.size(); i++) {
            Map<String, Object> r = read.get(i);
            assertThat(new Object[] {r.get("seq"), r.get("identifier"), r.get("result"), r.get("app_identifier")})
                    .as("row %d", i).isEqualTo(sorted.get(i));
        }
        assertThat(read.stream().filter(r -> r.get("app_identifier") == null).map(r -> r.get("seq"))).containsExactly(1L);
        assertThat(read.stream().filter(r -> "".equals(r.get("app_identifier"))).map(r -> r.get("seq"))).containsExactly(2L);
    }
}
