package io.sluice.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every metric the example alerts read is one the service exports on {@code /q/metrics} once a sync has run. */
@QuarkusTest
class PrometheusRuleMetricsTest {

    @Inject
    Warehouses warehouses;

    @Test
    void everyMetricOfTheAlertsIsExported() {
        warehouses.get("default").callBlocking("source", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'r' || i || '@example.com' AS email, 'R' AS name FROM range(1, 3) t(i)");
            }
            return null;
        });
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
        Set<String> exported = new TreeSet<>();
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> used = new TreeSet<>();
        PrometheusRuleTest.alerts().forEach(a -> used.addAll(PrometheusRuleTest.metricsOf(a.path("expr").asText())));

        assertThat(used).containsExactlyInAnyOrder("sluice_sync_health", "sluice_sync_last_success_timestamp_seconds",
                "sluice_sync_schedule_interval_seconds", "sluice_sync_paused", "sluice_sync_failed_records");
        assertThat(exported).as("metrics on /q/metrics").containsAll(used);
    }
}
