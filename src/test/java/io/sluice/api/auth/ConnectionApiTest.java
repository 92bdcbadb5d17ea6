package io.sluice.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connections through the API with authentication on: the list (read-only), the check (operator), and a check of
 * an app that echoes the connection's credentials back, whose answer must not carry them.
 */
@QuarkusTest
@TestProfile(SecretLeakProfile.class)
class ConnectionApiTest {
    private static final List<String> SECRETS = List.of(EchoingApp.CONNECTION_TOKEN, EchoingApp.API_KEY);

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void theListNamesEachConnectionItsPluginAndItsSyncsButNoSetting() {
        Response list = as(SecuredApiProfile.READ_ONLY_TOKEN).get("/api/v1/connections");
        list.then().statusCode(200).body("next", nullValue());
        JsonPath json = list.jsonPath();
        assertThat(json.getList("items.name", String.class)).as("sorted by name").containsSubsequence("echo", "echo-batch", "echo-slow", "files");
        Map<String, Object> echo = json.getMap("items.find { it.name == 'echo' }");
        assertThat(echo).containsEntry("plugin", "webhook").containsEntry("syncs", List.of("leak-records")).containsKey("lastCheck");
        assertThat(json.getList("items.find { it.name == 'echo-batch' }.syncs", String.class)).containsExactly("leak-batch");
        assertThat(json.getList("items.find { it.name == 'files' }.syncs", String.class)).isEmpty();
        assertThat(list.asString()).as("no setting is shown").doesNotContain(EchoingApp.CONNECTION_TOKEN, EchoingApp.API_KEY, "check-url", "headers", "settings");
    }

    @Test
    void aCheckRunsThePluginsCheckAndItsAnswerMasksTheCredentialsTheAppEchoed() {
        Response check = as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/connections/echo/check");
        check.then().statusCode(200).body("ok", equalTo(false))
                .body("message", containsString("connection 'echo'")).body("message", containsString("403"))
                .body("message", containsString("token *** with key *** lacks scope"));
        assertThat(EchoingApp.server.getAllServeEvents()).as("the app saw the credentials, so it echoed them")
                .anySatisfy(e -> assertThat(e.getRequest().getUrl()).startsWith("/me"));
        for (String secret : SECRETS) {
            assertThat(check.asString()).doesNotContain(secret);
            assertThat(check.getHeaders().toString()).doesNotContain(secret);
        }
        Instant checkedAt = Instant.parse(check.jsonPath().getString("checkedAt"));

        Response list = as(SecuredApiProfile.READ_ONLY_TOKEN).get("/api/v1/connections");
        Map<String, Object> last = list.jsonPath().getMap("items.find { it.name == 'echo' }.lastCheck");
        assertThat(last).containsEntry("ok", false).containsEntry("message", check.jsonPath().getString("message"));
        assertThat(Instant.parse((String) last.get("checkedAt"))).isEqualTo(checkedAt);
        for (String secret : SECRETS) {
            assertThat(list.asString()).doesNotContain(secret);
        }
    }

    @Test
    void aCheckThatPassesSaysOk() {
        as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/connections/files/check").then().statusCode(200)
                .body("ok", equalTo(true)).body("message", equalTo("ok"));
    }

    @Test
    void aCheckThatDoesNotAnswerInTimeFails() {
        as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/connections/echo-slow/check").then().statusCode(200)
                .body("ok", equalTo(false)).body("message", equalTo("connection 'echo-slow': the check did not answer within 5000 ms"));
    }

    @Test
    void checkingNeedsAnOperatorAndAnUnknownConnectionIsAProblemNamingIt() {
        as(SecuredApiProfile.READ_ONLY_TOKEN).post("/api/v1/connections/echo/check").then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/api/v1/connections").then().statusCode(401);
        as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/connections/nope/check").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("'nope'"))
                .body("field", equalTo("name")).body("value", equalTo("nope"));
    }
}
