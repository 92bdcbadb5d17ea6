package io.sluice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.plugin.Action;
import io.sluice.testing.MemoryPlugin;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code POST .../requests/resync} with {@code {"all": true}}: every record is sent again, without renaming the sync. */
@QuarkusTest
class ResyncAllApiTest {

    @Inject
    Warehouses warehouses;

    @Test
    void aWholeSyncResyncResendsEveryUnchangedRecordExceptThoseSkippedForGood() {
        warehouses.get("default").callBlocking("source", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'r' || i || '@example.com' AS email, 'R' AS name FROM range(1, 6) t(i)");
                s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people'");
            }
            return null;
        });
        MemoryPlugin.APP.reject.clear();
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).body("health", equalTo("HEALTHY"));
        given().post("/api/v1/syncs/people/records/5/skip-always").then().statusCode(200);
        MemoryPlugin.APP.clearReceived();
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
        assertThat(MemoryPlugin.APP.received).as("nothing changed, nothing is sent").isEmpty();

        given().contentType(ContentType.JSON).body("{\"all\": true}").post("/api/v1/syncs/people/requests/resync")
                .then().statusCode(200).body("request", equalTo("resync")).body("marked", equalTo(4));
        given().get("/api/v1/syncs/people/records/5").then().body("record.applyState", equalTo("SKIPPED_ALWAYS"));
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).body("health", equalTo("HEALTHY"));

        assertThat(MemoryPlugin.APP.received(Action.UPDATE)).containsExactlyInAnyOrder("1", "2", "3", "4");
        given().get("/api/v1/syncs/people/records/1").then().body("record.applyState", equalTo("SUCCESS"));
    }

    @Test
    void skippingEveryRecordAtOnceIsRefusedNamingTheMember() {
        for (String request : new String[] {"skip-once", "skip-always"}) {
            given().contentType(ContentType.JSON).body("{\"all\": true}").post("/api/v1/syncs/people/requests/" + request)
                    .then().statusCode(400).contentType("application/problem+json").body("sync", equalTo("people"))
                    .body("field", equalTo("all")).body("value", equalTo("true"))
                    .body("detail", containsString("resync only")).body("detail", containsString("pause"));
        }
        given().contentType(ContentType.JSON).body("{\"all\": true, \"allFailed\": true}").post("/api/v1/syncs/people/requests/resync")
                .then().statusCode(400).body("detail", containsString("exactly one of"));
        given().contentType(ContentType.JSON).body("{\"all\": false}").post("/api/v1/syncs/people/requests/resync")
                .then().statusCode(400).body("sync", equalTo("people"));
        given().contentType(ContentType.JSON).body("{\"all\": true}").post("/api/v1/syncs/nope/requests/resync")
                .then().statusCode(404).body("detail", containsString("nope"));
    }
}
