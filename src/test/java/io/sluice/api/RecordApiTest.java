package io.sluice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sluice.plugin.Action;
import io.sluice.testing.MemoryPlugin;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's view of records: filtered lists with cursors, a record's history, a run's records, skip and resync. */
@QuarkusTest
class RecordApiTest {

    @Inject
    Warehouses warehouses;

    @Test
    void operatorsFindFailuresSkipOrResyncThemAndSeeTheSyncHeal() {
        warehouses.get("default").callBlocking("source", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'r' || i || '@example.com' AS email, 'R' AS name FROM range(1, 13) t(i)");
                s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people'");
            }
            return null;
        });
        MemoryPlugin.APP.reject.addAll(List.of("3", "7"));
        try {
            String runId = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200)
                    .body("health", equalTo("INCOMPLETE")).extract().path("id");

            given().get("/api/v1/syncs/people/records?applyState=destination_failure").then().statusCode(200)
                    .body("items.identifier", equalTo(List.of("3", "7"))).body("next", equalTo(null));
            JsonPath first = given().get("/api/v1/syncs/people/records?limit=5").then().statusCode(200).extract().jsonPath();
            assertThat(first.getList("items.identifier", String.class)).containsExactly("1", "10", "11", "12", "2");
            given().get("/api/v1/syncs/people/records?limit=5&after=" + first.getString("next")).then()
                    .body("items.identifier", equalTo(List.of("3", "4", "5", "6", "7")));
            given().get("/api/v1/syncs/people/records?applyState=sometimes").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("sometimes"))
                    .body("sync", equalTo("people")).body("field", equalTo("applyState")).body("value", equalTo("sometimes"));

            given().get("/api/v1/syncs/people/records/3").then().statusCode(200)
                    .body("record.applyState", equalTo("DESTINATION_FAILURE")).body("record.failureCount", equalTo(1))
                    .body("history[0].runId", equalTo(runId))
                    .body("history[0].result.error", equalTo("rejected by the app"))
                    .body("record.appliedRecord", equalTo(null)).body("record.lastResult.error", equalTo("rejected by the app"));
            given().get("/api/v1/syncs/people/records/1").then().statusCode(200)
                    .body("record.appliedRecord.email", equalTo("r1@example.com")).body("history[0].record.email", equalTo("r1@example.com"));
            given().get("/api/v1/syncs/people/records/nope").then().statusCode(404).body("sync", equalTo("people"));
            // a mirror DELETE removes the state row; the record's history stays reachable
            warehouses.get("default").callBlocking("as a mirror DELETE leaves it", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people' AND identifier = '5'");
                }
                return null;
            });
            given().get("/api/v1/syncs/people/records/5").then().statusCode(200)
                    .body("record", equalTo(null)).body("history[0].runId", equalTo(runId)).body("history[0].action", equalTo("CREATE"));
            given().post("/api/v1/syncs/people/records/nope/resync").then().statusCode(404).body("sync", equalTo("people"))
                    .body("detail", containsString("'nope'"));
            given().get("/api/v1/runs/" + runId + "/records?limit=100").then().statusCode(200).body("items", hasSize(12))
                    .body("items.find { it.identifier == '1' }.record.email", equalTo("r1@example.com"));

            // skipping the failures heals the sync without a run
            given().post("/api/v1/syncs/people/records/3/skip-once").then().statusCode(200).body("marked", equalTo(1));
            given().get("/api/v1/syncs/people").then().body("health", equalTo("INCOMPLETE"));
            given().contentType(ContentType.JSON).body("{\"allFailed\": true}").post("/api/v1/syncs/people/requests/skip-always")
                    .then().statusCode(200).body("marked", equalTo(1));
            given().get("/api/v1/syncs/people").then().body("health", equalTo("HEALTHY"));

            // a resync re-sends unchanged records on the next run
            MemoryPlugin.APP.reject.clear();
            MemoryPlugin.APP.clearReceived();
            given().contentType(ContentType.JSON).body("{\"identifiers\": [\"1\", \"2\"]}").post("/api/v1/syncs/people/requests/resync")
                    .then().statusCode(200).body("marked", equalTo(2));
            given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
            assertThat(MemoryPlugin.APP.received(Action.UPDATE)).containsExactlyInAnyOrder("1", "2");
            given().contentType(ContentType.JSON).body("{}").post("/api/v1/syncs/people/requests/resync").then().statusCode(400)
                    .body("sync", equalTo("people"));
            given().post("/api/v1/syncs/people/records/1/explode").then().statusCode(404).body("detail", containsString("resync, skip-once"))
                    .body("sync", equalTo("people")).body("field", equalTo("request")).body("value", equalTo("explode"));
            given().contentType(ContentType.JSON).body("{\"allFailed\": true}").post("/api/v1/syncs/people/requests/explode").then()
                    .statusCode(404).body("field", equalTo("request"));
            given().get("/api/v1/syncs/people/records?limit=0").then().statusCode(200).body("items", hasSize(1)).body("next", equalTo("1"));
            JsonPath newest = given().get("/api/v1/syncs/people/runs?limit=1").then().statusCode(200).body("items", hasSize(1)).extract().jsonPath();
            given().get("/api/v1/syncs/people/runs?limit=1&after=" + newest.getString("next")).then().statusCode(200)
                    .body("items[0].id", equalTo(runId)).body("items", hasSize(1));
        } finally {
            MemoryPlugin.APP.reject.clear();
        }
    }
}
