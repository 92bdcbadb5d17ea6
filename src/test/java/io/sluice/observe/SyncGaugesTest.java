package io.sluice.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.state.Health;
import io.sluice.testing.MemoryPlugin;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The per-sync gauges on {@code /q/metrics} follow runs, pauses and record requests, as a Prometheus scrape sees them. */
@QuarkusTest
class SyncGaugesTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);

    @Inject
    Warehouses warehouses;

    @Test
    void gaugesFollowRunsPausesAndRequests() {
        warehouses.get("default").callBlocking("source", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'r' || i || '@example.com' AS email, 'R' AS name FROM range(1, 7) t(i)");
                s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people'");
            }
            return null;
        });
        MemoryPlugin.APP.reject.clear();
        MemoryPlugin.APP.reject.addAll(List.of("2", "5"));
        try {
            Instant before = Instant.now();
            given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).body("health", equalTo("INCOMPLETE"));
            Map<String, Double> people = scrape();
            assertThat(healthSeries(people)).as("one series per health value, 1 for the current one")
                    .containsExactly(Map.entry("DELAYED", 0.0), Map.entry("FAILED", 0.0), Map.entry("HEALTHY", 0.0),
                            Map.entry("INCOMPLETE", 1.0), Map.entry("PENDING", 0.0));
            assertThat(people).containsEntry("sluice_sync_failed_records", 2.0).containsEntry("sluice_sync_paused", 0.0);
            assertThat(people.get("sluice_sync_last_success_timestamp_seconds")).as("a run that completed with some successes")
                    .isBetween(before.getEpochSecond() - 1.0, Instant.now().getEpochSecond() + 1.0);
            assertThat(people.get("sluice_sync_schedule_interval_seconds")).as("no schedule").isNaN();
            // a sync that never ran gets its gauges from the scheduled refresh of every sync
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape("people-nightly"))
                    .as("a cron of 0 3 * * *: one day between ticks").containsEntry("sluice_sync_schedule_interval_seconds", 86_400.0)
                    .containsEntry("sluice_sync_health/PENDING", 1.0));

            given().contentType(ContentType.JSON).body("{\"reason\": \"gauge test\"}").post("/api/v1/syncs/people/pause").then().statusCode(200);
            assertThat(scrape()).containsEntry("sluice_sync_paused", 1.0);
            given().post("/api/v1/syncs/people/resume").then().statusCode(200);
            assertThat(scrape()).containsEntry("sluice_sync_paused", 0.0);

            given().contentType(ContentType.JSON).body("{\"allFailed\": true}").post("/api/v1/syncs/people/requests/skip-once")
                    .then().statusCode(200);
            Map<String, Double> skipped = scrape();
            assertThat(skipped).containsEntry("sluice_sync_failed_records", 0.0);
            assertThat(healthSeries(skipped)).containsEntry("HEALTHY", 1.0).containsEntry("INCOMPLETE", 0.0);
        } finally {
            MemoryPlugin.APP.reject.clear();
            given().post("/api/v1/syncs/people/resume");
        }
    }

    private static Map<String, Double> healthSeries(Map<String, Double> sync) {
        Map<String, Double> out = new TreeMap<>();
        for (Health h : Health.values()) {
            out.put(h.name(), sync.get("sluice_sync_health/" + h.name()));
        }
        return out;
    }

    private static Map<String, Double> scrape() {
        return scrape("people");
    }

    /** The sync's gauges: by name, and {@code sluice_sync_health/<HEALTH>} for the health series. */
    private static Map<String, Double> scrape(String sync) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> out = new TreeMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (m.group(1).startsWith("sluice_sync_") && m.group(2).contains("sync=\"" + sync + "\"")) {
                Matcher health = Pattern.compile("health=\"([A-Z]+)\"").matcher(m.group(2));
                out.put(health.find() ? m.group(1) + "/" + health.group(1) : m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }
}
