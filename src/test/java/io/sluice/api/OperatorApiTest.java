package io.sluice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sluice.testing.MemoryPlugin;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause and resume, preview, problem details naming what was wrong, and the OpenAPI document. */
@QuarkusTest
class OperatorApiTest {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    Warehouses warehouses;

    @BeforeEach
    void source() {
        PeopleSource.reset(warehouses, 20);
    }

    @AfterEach
    void resume() {
        MemoryPlugin.APP.beforeAnswer = b -> {
        };
        given().post("/api/v1/syncs/people/resume").then().statusCode(200);
    }

    @Test
    void aPausedSyncRefusesRunsWithSinceAndWhyUntilResumed() {
        given().contentType(ContentType.JSON).body(Map.of("reason", "CRM maintenance")).post("/api/v1/syncs/people/pause").then()
                .statusCode(200).body("paused", equalTo(true)).body("reason", equalTo("CRM maintenance")).body("pausedAt", notNullValue());
        given().get("/api/v1/syncs/people").then().statusCode(200)
                .body("paused", equalTo(true)).body("pauseReason", equalTo("CRM maintenance")).body("pausedAt", notNullValue());
        JsonPath list = given().get("/api/v1/syncs").then().statusCode(200).extract().jsonPath();
        assertThat(list.getBoolean("items.find { it.slug == 'people' }.paused")).isTrue();
        assertThat(list.getBoolean("items.find { it.slug == 'people-after' }.paused")).isFalse();

        given().post("/api/v1/syncs/people/runs").then().statusCode(409).contentType(PROBLEM)
                .body("sync", equalTo("people")).body("reason", equalTo("CRM maintenance")).body("pausedAt", notNullValue())
                .body("detail", containsString("paused")).body("detail", containsString("CRM maintenance"));
        assertThat(MemoryPlugin.APP.received).isEmpty();

        given().post("/api/v1/syncs/people/resume").then().statusCode(200).body("paused", equalTo(false)).body("wasPaused", equalTo(true));
        given().post("/api/v1/syncs/people/resume").then().statusCode(200).body("wasPaused", equalTo(false));
        given().get("/api/v1/syncs/people").then().body("paused", equalTo(false));
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).body("state", equalTo("COMPLETED"));
    }

    @Test
    void aRunActiveWhenItsSyncIsPausedFinishesNormally() {
        CountDownLatch release = MemoryPlugin.APP.holdCalls();
        warehouses.get("default").callBlocking("force resend", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE people SET name = name || '?'");
            }
            return null;
        });
        String runId = given().post("/api/v1/syncs/people/runs").then().statusCode(202).extract().path("id");
        given().post("/api/v1/syncs/people/pause").then().statusCode(200).body("reason", org.hamcrest.Matchers.nullValue());
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/runs/" + runId).then().body("state", equalTo("COMPLETED")));
        given().post("/api/v1/syncs/people/runs").then().statusCode(409).body("sync", equalTo("people"));
    }

    @Test
    void badPauseBodiesAndUnknownSyncsAreProblemsNamingWhatWasWrong() {
        given().contentType(ContentType.JSON).body("{\"reason\": {\"nested\": 1}}").post("/api/v1/syncs/people/pause").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("reason"));
        given().contentType(ContentType.JSON).body("{\"reason\": ").post("/api/v1/syncs/people/pause").then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(1001))).post("/api/v1/syncs/people/pause").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("reason")).body("sync", equalTo("people"));
        given().get("/api/v1/syncs/people").then().body("paused", equalTo(false));
        for (String call : List.of("pause", "resume", "preview")) {
            given().post("/api/v1/syncs/nope/" + call).then().statusCode(404).contentType(PROBLEM)
                    .body("sync", equalTo("nope")).body("detail", containsString("'nope'"));
        }
    }

    @Test
    void previewAnswersCountsAndASampleWithPayloadsAndSendsNothing() {
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
        warehouses.get("default").callBlocking("change two", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE people SET email = 'new@example.com' WHERE id = 3");
                s.execute("INSERT INTO people VALUES (21, 'p21@example.com', 'Person 21')");
            }
            return null;
        });
        MemoryPlugin.APP.clearReceived();
        // (people-after, triggered by that run, may still send its own records; only people's records carry a name)
        int runsBefore = given().get("/api/v1/syncs/people/runs?limit=500").then().extract().jsonPath().getList("items.id").size();

        JsonPath preview = given().post("/api/v1/syncs/people/preview?sample=1").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getMap("counts")).containsExactlyInAnyOrderEntriesOf(Map.of("CREATE", 1, "UPDATE", 1));
        assertThat(preview.getInt("staged")).isEqualTo(2);
        assertThat(preview.getList("sample")).hasSize(1);
        assertThat(preview.getString("sample[0].identifier")).isEqualTo("21");
        assertThat(preview.getString("sample[0].action")).isEqualTo("CREATE");
        assertThat(preview.getString("sample[0].applyReason")).isEqualTo("CHANGE_CRITERIA_MET");
        assertThat(preview.getString("sample[0].payload.email")).isEqualTo("p21@example.com");
        assertThat(MemoryPlugin.APP.received).noneMatch(r -> r.record() != null && r.record().has("name"));
        assertThat(given().get("/api/v1/syncs/people/runs?limit=500").then().extract().jsonPath().getList("items.id")).hasSize(runsBefore);

        JsonPath run = given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200).extract().jsonPath();
        assertThat(run.getMap("counts.actions")).isEqualTo(preview.getMap("counts"));
    }

    /** The preview's payload is the JSON the app receives, number for number (407.0 stays 407.0). */
    @Test
    void thePreviewShowsThePayloadExactlyAsItIsSent() {
        warehouses.get("default").callBlocking("a double column", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT 1 AS id, 'p1@example.com' AS email, 407.0::DOUBLE AS name");
                s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people'");
            }
            return null;
        });
        String preview = given().post("/api/v1/syncs/people/preview?sample=1").then().statusCode(200).extract().asString();
        MemoryPlugin.APP.clearReceived();
        given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
        String sent = MemoryPlugin.APP.received.stream().filter(r -> r.identifier().equals("1") && r.record().has("name"))
                .findFirst().orElseThrow().record().toString();
        assertThat(sent).contains("\"name\":407.0");
        assertThat(preview).contains("\"payload\":" + sent);
    }

    @Test
    void aBadSampleIsAProblemNamingTheValue() {
        for (String bad : List.of("abc", "-1", "1001")) {
            given().post("/api/v1/syncs/people/preview?sample=" + bad).then().statusCode(400).contentType(PROBLEM)
                    .body("field", equalTo("sample")).body("value", equalTo(bad)).body("sync", equalTo("people"))
                    .body("detail", containsString(bad));
        }
        given().post("/api/v1/syncs/people/preview?sample=0").then().statusCode(200).body("sample.size()", equalTo(0));
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperationWithExamples() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("info.title")).isNotBlank();
        assertThat(doc.getString("components.securitySchemes.bearerAuth.scheme")).isEqualTo("bearer");
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        assertThat(paths.keySet()).contains("/api/v1/syncs", "/api/v1/syncs/{slug}", "/api/v1/syncs/{slug}/runs", "/api/v1/syncs/{slug}/pause",
                "/api/v1/syncs/{slug}/resume", "/api/v1/syncs/{slug}/preview", "/api/v1/syncs/reload", "/api/v1/runs/{id}",
                "/api/v1/runs/{id}/cancel", "/api/v1/runs/{id}/records", "/api/v1/syncs/{slug}/records",
                "/api/v1/syncs/{slug}/records/{identifier}", "/api/v1/syncs/{slug}/records/{identifier}/{request}",
                "/api/v1/syncs/{slug}/requests/{request}", "/api/v1/apps", "/api/v1/apps/{app}");
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/api/v1")) {
                return;
            }
            operations.forEach((method, op) -> {
                if (!(op instanceof Map<?, ?> operation) || !operation.containsKey("responses")) {
                    return;
                }
                assertThat((String) operation.get("description")).as(method + " " + path + " description").isNotBlank();
                assertThat((String) operation.get("operationId")).as(method + " " + path + " operationId").isNotBlank();
                assertThat(String.valueOf(operation.get("security"))).as(method + " " + path + " security").contains("bearerAuth");
                @SuppressWarnings("unchecked")
                Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                assertThat(responses).as(method + " " + path + " 401").containsKey("401");
                if (!method.equals("get")) {
                    assertThat(responses).as(method + " " + path + " 403").containsKey("403");
                }
                ((Map<?, ?>) operation.get("responses")).forEach((code, response) -> {
                    if (((String) code).startsWith("4")) {
                        assertThat(problemSchema(doc, (Map<?, ?>) response)).as(method + " " + path + " " + code + " is a problem").isNotNull();
                    }
                });
                Object parameters = operation.get("parameters");
                if (parameters instanceof List<?> list) {
                    list.forEach(p -> assertThat((String) ((Map<?, ?>) p).get("description")).as(method + " " + path + " " + p).isNotBlank());
                }
            });
        });
        assertThat(doc.getString("paths.'/api/v1/syncs/{slug}/preview'.post.responses.'200'.content.'application/json'.examples.preview.value"))
                .contains("counts");
        assertThat(doc.getString("paths.'/api/v1/syncs/{slug}/runs'.post.responses.'409'.content.'application/problem+json'.schema"))
                .isNotNull();
        assertThat(doc.getString("paths.'/api/v1/syncs/reload'.post.responses.'200'.content.'application/json'.examples.reload.value"))
                .contains("added");
        assertThat(doc.getString("paths.'/api/v1/syncs/{slug}'.get.responses.'404'.'$ref'")).isEqualTo("#/components/responses/UnknownSync");
        assertThat(doc.getString("components.responses.UnknownSync.content.'application/problem+json'.examples.'unknown sync'.value.sync"))
                .isEqualTo("nope");
        List<String> operationIds = paths.values().stream().flatMap(ops -> ops.values().stream())
                .filter(op -> op instanceof Map<?, ?> m && m.containsKey("operationId")).map(op -> (String) ((Map<?, ?>) op).get("operationId")).toList();
        assertThat(operationIds).doesNotHaveDuplicates();
        Map<String, Map<String, Object>> schemas = doc.getMap("components.schemas");
        schemas.forEach((name, schema) -> {
            // RunView.Progress belongs to the run-progress work, which describes its own members
            if (name.equals("Progress") || !(schema.get("properties") instanceof Map<?, ?> properties)) {
                return;
            }
            assertThat((String) schema.get("description")).as("schema " + name).isNotBlank();
            properties.forEach((property, p) -> assertThat(String.valueOf(((Map<?, ?>) p).get("description")))
                    .as("schema " + name + " property " + property).isNotEqualTo("null").isNotBlank());
        });
    }

    /** The problem+json schema of a response, declared in place or in the shared response it refers to. */
    private static Object problemSchema(JsonPath doc, Map<?, ?> response) {
        Map<?, ?> declared = response.get("$ref") instanceof String ref
                ? doc.getMap("components.responses." + ref.substring(ref.lastIndexOf('/') + 1)) : response;
        Object content = declared == null ? null : declared.get("content");
        Object problem = content instanceof Map<?, ?> c ? c.get(PROBLEM) : null;
        return problem instanceof Map<?, ?> m ? m.get("schema") : null;
    }
}
