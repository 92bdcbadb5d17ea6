package io.sluice.api.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Bearer tokens on /api: 401 without a valid token, 403 for a read-only token that asks to change, open probes. */
@QuarkusTest
@TestProfile(SecuredApiProfile.class)
class ApiAuthTest {

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void withoutAValidTokenEveryApiCallIs401WithABearerChallengeAndAProblem() {
        for (RequestSpecification anonymous : new RequestSpecification[] {given(), as("not-a-configured-token-at-all"),
                given().header("Authorization", "Basic " + SecuredApiProfile.OPERATOR_TOKEN), as(SecuredApiProfile.OPERATOR_TOKEN + "x")}) {
            anonymous.get("/api/v1/syncs").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/problem+json")
                    .body("status", equalTo(401)).body("title", equalTo("Unauthorized"))
                    .body(not(containsString("not-a-configured-token"))).body(not(containsString(SecuredApiProfile.OPERATOR_TOKEN)));
        }
        given().post("/api/v1/syncs/people/runs").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().get("/api/v1/no-such-endpoint").then().statusCode(401);
    }

    @Test
    void aReadOnlyTokenReadsEverythingButChangesNothing() {
        as(SecuredApiProfile.READ_ONLY_TOKEN).get("/api/v1/syncs").then().statusCode(200);
        as(SecuredApiProfile.READ_ONLY_TOKEN).get("/api/v1/syncs/people/runs").then().statusCode(200);
        as(SecuredApiProfile.READ_ONLY_TOKEN).post("/api/v1/syncs/people/runs").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403)).body("detail", containsString("operator"));
        // the rule is by method, so endpoints that do not exist yet (pause, reload, ...) are covered too
        as(SecuredApiProfile.READ_ONLY_TOKEN).post("/api/v1/syncs/people/pause").then().statusCode(403);
        as(SecuredApiProfile.READ_ONLY_TOKEN).put("/api/v1/syncs/people").then().statusCode(403);
        as(SecuredApiProfile.READ_ONLY_TOKEN).delete("/api/v1/runs/x").then().statusCode(403);
        as(SecuredApiProfile.READ_ONLY_TOKEN).patch("/api/v1/syncs/people").then().statusCode(403);
    }

    @Test
    void anOperatorTokenMayChange() {
        // 404 from the resource: the call got past authorization
        as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/syncs/nope/runs").then().statusCode(404)
                .body("detail", containsString("nope"));
        as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/runs/00000000-0000-0000-0000-000000000000/cancel").then().statusCode(404);
        as(SecuredApiProfile.OPERATOR_TOKEN).get("/api/v1/syncs").then().statusCode(200);
    }

    @Test
    void healthProbesStayOpenEvenWithAStrayOrWrongToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        as("wrong-token-from-a-misconfigured-probe").get("/q/health/live").then().statusCode(200);
        // scrapers and API tooling carry no token either
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
