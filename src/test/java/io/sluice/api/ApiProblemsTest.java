package io.sluice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every error under /api is a problem detail naming the parameter or body member, in words, not the framework's. */
@QuarkusTest
class ApiProblemsTest {
    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URL root;

    @Test
    void aBodyThatIsNotJsonIsAProblem() {
        given().contentType(ContentType.JSON).body("{\"identifiers\": [").post("/api/v1/syncs/people/requests/resync").then()
                .statusCode(400).contentType(PROBLEM).body("status", equalTo(400)).body("detail", containsString("not valid JSON"));
    }

    @Test
    void aMemberOfTheWrongTypeIsNamedWithTheTypeExpected() {
        given().contentType(ContentType.JSON).body("{\"identifiers\": \"7\"}").post("/api/v1/syncs/people/requests/resync").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("identifiers"))
                .body("detail", containsString("member 'identifiers' must be an array"))
                .body("detail", not(containsString("java.")));
        given().contentType(ContentType.JSON).body("{\"allFailed\": {}}").post("/api/v1/syncs/people/requests/resync").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("allFailed"))
                .body("detail", containsString("true or false")).body("detail", not(containsString("java.")));
    }

    @Test
    void aQueryParameterThatIsNotANumberIsNamed() {
        given().get("/api/v1/syncs/people/records?limit=abc").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("limit")).body("value", equalTo("abc")).body("detail", containsString("limit"));
        given().get("/api/v1/runs/nope/records?limit=ten").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("limit"));
        given().post("/api/v1/syncs/people/runs?wait=perhaps").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("wait"));
    }

    @Test
    void anUnknownPathUnderApiIsANotFoundProblem() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("/api/v1/nothing-here"));
    }

    @Test
    void aMethodNotAllowedIsAProblem() {
        given().delete("/api/v1/syncs/people").then().statusCode(405).contentType(PROBLEM).body("detail", containsString("DELETE"));
    }

    @Test
    void anUnsupportedMediaTypeIsAProblem() {
        given().contentType(ContentType.TEXT).body("identifiers=1").post("/api/v1/syncs/people/requests/resync").then()
                .statusCode(415).contentType(PROBLEM).body("detail", containsString("application/json"));
    }

    /** Answered from the declared length, before the body is read (a raw request: no client sends 10 MiB here). */
    @Test
    void aBodyOverTheLimitIsAProblem() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/syncs/people/requests/resync HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n{\"identifiers\": [").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: " + PROBLEM)
                    .contains("\"status\":413", "20000000 bytes, larger than", "max-body-size");
        }
    }
}
