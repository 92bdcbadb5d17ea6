package io.sluice.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.testing.MemoryPlugin;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications on health changes and run ends, the Slack shape, the waited-for post-run hook, and /q/metrics: one flow,
 * since each run's expectations follow from the runs before it.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeReceivers.class, restrictToAnnotatedClass = true)
class NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Warehouses warehouses;

    @BeforeEach
    void source() {
        sql("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'p' || i || '@example.com' AS email, 'Person ' || i AS name "
                + "FROM range(1, 11) t(i)");
        MemoryPlugin.APP.clearReceived();
        MemoryPlugin.APP.reject.clear();
        MemoryPlugin.APP.beforeAnswer = b -> {
        };
    }

    @AfterEach
    void clean() {
        MemoryPlugin.APP.reject.clear();
    }

    @Test
    void healthChangesNotifyOnceRunEndsEveryTimeAndTheHookIsWaitedFor() throws Exception {
        FakeReceivers.server.resetRequests();

        // 1: first run of 'people' (PENDING -> HEALTHY), with the hook taking its time
        long start = System.nanoTime();
        String firstBody = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).extract().asString();
        JsonPath first = JsonPath.from(firstBody);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMs).as("?wait=true waits for the post-run hook").isGreaterThanOrEqualTo(FakeReceivers.HOOK_DELAY_MS);
        List<LoggedRequest> hooks = FakeReceivers.server.findAll(postRequestedFor(urlEqualTo("/hook")));
        assertThat(hooks).extracting(r -> json(r).path("id").asText()).contains(first.getString("id"));
        JsonNode hook = hooks.stream().map(NotificationsTest::json).filter(j -> j.path("id").asText().equals(first.getString("id")))
                .findFirst().orElseThrow();
        assertThat(hook.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(hook.path("counts").path("applyStates").path("SUCCESS").asInt()).isEqualTo(10);
        assertThat(hook.path("endedAt").isTextual()).isTrue();
        assertThat(hook.path("globalError").isNull()).isTrue();
        ObjectNode runOnly = hook.deepCopy();
        runOnly.remove(List.of("syncHealth", "link"));
        assertThat(runOnly).as("the hook's run is the API's run").isEqualTo(JSON.readTree(firstBody));

        awaitRequests("/chat/T0/B0/s3cr3t-path", 1);
        List<LoggedRequest> ops = awaitRequests("/ops", 1);
        JsonNode change = json(ops.get(0));
        assertThat(change.path("event").asText()).isEqualTo("health-change");
        assertThat(change.path("run").path("id").asText()).isEqualTo(first.getString("id"));
        assertThat(change.path("run").path("syncHealth").path("before").asText()).isEqualTo("PENDING");
        assertThat(change.path("run").path("syncHealth").path("after").asText()).isEqualTo("HEALTHY");
        assertThat(ops.get(0).getHeader("Authorization")).isEqualTo("Bearer ops-s3cret");

        // 2: nothing changed: health stays HEALTHY; the run-end notification still goes, the health-change one does not
        JsonPath second = run();
        List<LoggedRequest> chat = awaitRequests("/chat/T0/B0/s3cr3t-path", 2);
        assertThat(FakeReceivers.server.findAll(postRequestedFor(urlEqualTo("/ops")))).hasSize(1);
        String text = json(chat.get(1)).path("text").asText();
        assertThat(json(chat.get(1)).size()).isEqualTo(1);
        assertThat(text).contains("*people*", "HEALTHY → HEALTHY", "COMPLETED",
                "<https://sluice.example/api/v1/runs/" + second.getString("id") + "|" + second.getString("id") + ">");

        // 3: the one changed record is rejected: the sync turns FAILED, which notifies again
        MemoryPlugin.APP.reject.add("7");
        sql("UPDATE people SET email = 'x@example.com' WHERE id = 7");
        JsonPath third = run();
        assertThat(third.getString("health")).isEqualTo("FAILED");
        ops = awaitRequests("/ops", 2);
        JsonNode failed = json(ops.get(1)).path("run");
        assertThat(failed.path("syncHealth").path("before").asText()).isEqualTo("HEALTHY");
        assertThat(failed.path("syncHealth").path("after").asText()).isEqualTo("FAILED");
        assertThat(json(awaitRequests("/chat/T0/B0/s3cr3t-path", 3).get(2)).path("text").asText())
                .contains("HEALTHY → FAILED", "1 DESTINATION_FAILURE");

        // the 'after' sync ran too, but the filters keep it out of both notifications
        FakeReceivers.server.verify(1 + 1, postRequestedFor(urlEqualTo("/ops")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("\"sync\":\"people\"")));
        assertThat(FakeReceivers.server.findAll(postRequestedFor(urlEqualTo("/ops")).withHeader("Authorization", equalTo("Bearer ops-s3cret"))))
                .hasSize(2);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sluice_runs_total{health=\"HEALTHY\",state=\"COMPLETED\",sync=\"people\"} 2.0",
                "sluice_runs_total{health=\"FAILED\",state=\"COMPLETED\",sync=\"people\"} 1.0",
                "sluice_records_total{action=\"CREATE\",apply_state=\"SUCCESS\",sync=\"people\"} 10.0",
                "sluice_records_total{action=\"UPDATE\",apply_state=\"DESTINATION_FAILURE\",sync=\"people\"} 1.0",
                "sluice_rows_staged_total{sync=\"people\"} 11.0",
                "sluice_run_duration_seconds_count{state=\"COMPLETED\",sync=\"people\"} 3");
    }

    private JsonPath run() {
        JsonPath run = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).extract().jsonPath();
        return run;
    }

    private static List<LoggedRequest> awaitRequests(String path, int atLeast) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> FakeReceivers.server.findAll(postRequestedFor(urlEqualTo(path))).size() >= atLeast);
        return FakeReceivers.server.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private static JsonNode json(LoggedRequest r) {
        try {
            return JSON.readTree(r.getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void sql(String statement) {
        warehouses.get("default").callBlocking("test setup", c -> {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }
}
