package io.sluice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.plugin.Action;
import io.sluice.testing.MemoryPlugin;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST contract: status codes, run lifecycle, 409 on a second trigger, sync views, problems, health probes. */
@QuarkusTest
class ApiTest {

    @Inject
    Warehouses warehouses;

    @BeforeEach
    void source() {
        PeopleSource.reset(warehouses, 20);
    }

    @Test
    void waitTrueAnswersWithTheFinishedRunAndASecondRunSendsOnlyChanges() {
        JsonPath first = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).extract().jsonPath();
        assertThat(first.getString("state")).isIn("COMPLETED");
        assertThat(first.getString("health")).isEqualTo("HEALTHY");
        assertThat(first.getString("trigger")).isEqualTo("API");
        assertThat(first.getString("endedAt")).isNotNull();
        MemoryPlugin.APP.clearReceived();
        JsonPath unchanged = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).extract().jsonPath();
        assertThat(unchanged.getLong("recordsStaged")).isZero();
        assertThat(MemoryPlugin.APP.received).isEmpty();

        warehouses.get("default").callBlocking("change", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE people SET email = 'changed@example.com' WHERE id = 7");
            }
            return null;
        });
        MemoryPlugin.APP.clearReceived();
        JsonPath second = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).extract().jsonPath();
        assertThat(second.getLong("counts.actions.UPDATE")).isEqualTo(1);
        assertThat(MemoryPlugin.APP.received(Action.UPDATE)).containsExactly("7");

        given().get("/api/v1/runs/" + second.getString("id")).then().statusCode(200)
                .body("id", equalTo(second.getString("id"))).body("sync", equalTo("people"));
        given().get("/api/v1/syncs/people/runs").then().statusCode(200).body("items.id", hasItem(second.getString("id")));
        given().get("/api/v1/syncs/people").then().statusCode(200)
                .body("health", equalTo("HEALTHY")).body("records.SUCCESS", equalTo(20)).body("latestRun.id", notNullValue());
    }

    @Test
    void aSecondTriggerWhileRunningIsRefusedWithTheActiveRunsId() throws Exception {
        CountDownLatch release = MemoryPlugin.APP.holdCalls();
        warehouses.get("default").callBlocking("force resend", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE people SET name = name || '!'");
            }
            return null;
        });
        String runId = given().post("/api/v1/syncs/people/runs").then().statusCode(202)
                .header("Location", containsString("/api/v1/runs/")).body("state", equalTo("RUNNING"))
                .extract().path("id");
        given().post("/api/v1/syncs/people/runs").then().statusCode(409)
                .contentType("application/problem+json").body("activeRunId", equalTo(runId)).body("status", equalTo(409));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/v1/runs/" + runId).then().body("progress.sent", org.hamcrest.Matchers.greaterThan(0))
                        .body("progress.failed", equalTo(0)));
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/runs/" + runId).then().body("state", equalTo("COMPLETED")));
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
    }

    @Test
    void cancelEndsTheRunDelayed() {
        CountDownLatch release = MemoryPlugin.APP.holdCalls();
        warehouses.get("default").callBlocking("force resend", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE people SET email = email || '.x'");
            }
            return null;
        });
        String runId = given().post("/api/v1/syncs/people/runs").then().statusCode(202).extract().path("id");
        given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(202);
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/runs/" + runId).then().body("state", equalTo("DELAYED")).body("health", equalTo("DELAYED"))
                        .body("globalError", containsString("cancelled")));
        given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(404);
    }

    @Test
    void unknownSyncsAndRunsAreProblemDetails() {
        given().post("/api/v1/syncs/nope/runs").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nope"));
        given().get("/api/v1/syncs/nope").then().statusCode(404);
        given().get("/api/v1/runs/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }

    @Test
    void rejectedSyncFilesAreListedWithFileFieldAndReasonWhileTheOthersLoad() {
        JsonPath list = given().get("/api/v1/syncs").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.slug", String.class)).contains("people", "people-after").doesNotContain("unsupported");
        assertThat(list.getList("rejected.field", String.class)).contains("slug", "source.table", "source.id-column", "strategy");
        assertThat(list.getString("rejected.find { it.field == 'strategy' && it.file.endsWith('unsupported-strategy.yaml') }.reason"))
                .contains("plugin 'memory'", "does not support strategy 'send'");
        assertThat(list.getString("rejected.find { it.field == 'source.table' }.reason")).contains("is not a table name");
    }

    /** The list reads every sync's status at once per warehouse; each item says what the sync's own page says. */
    @Test
    void eachSyncInTheListHasTheStatusItsOwnPageHas() {
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
        given().contentType(io.restassured.http.ContentType.JSON).body(java.util.Map.of("reason", "list test")).post("/api/v1/syncs/people/pause").then().statusCode(200);
        try {
            JsonPath list = given().get("/api/v1/syncs").then().statusCode(200).extract().jsonPath();
            List<String> slugs = list.getList("items.slug", String.class);
            assertThat(slugs).contains("people", "people-after");
            for (int i = 0; i < slugs.size(); i++) {
                JsonPath one = given().get("/api/v1/syncs/" + slugs.get(i)).then().statusCode(200).extract().jsonPath();
                for (String field : List.of("health", "records", "latestRun", "activeRun", "paused", "pausedAt", "pauseReason")) {
                    assertThat((Object) list.get("items[" + i + "]." + field)).as(slugs.get(i) + " " + field).isEqualTo(one.get(field));
                }
            }
            assertThat(list.getInt("items.find { it.slug == 'people' }.records.SUCCESS")).isEqualTo(20);
        } finally {
            given().post("/api/v1/syncs/people/resume").then().statusCode(200);
        }
    }

    @Test
    void aSyncConfiguredAfterAnotherRunsWhenItCompletes() {
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/api/v1/syncs/people-after/runs").then().body("items.trigger", hasItem("AFTER_SYNC")).body("items.state", hasItem("COMPLETED")));
    }

    @Test
    void healthProbes() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("warehouses"));
    }
}
