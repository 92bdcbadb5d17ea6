package io.sluice.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's pages on the demo's own syncs (a mapping sync and a template sync on the file plugin), as
 * {@code ./mvnw quarkus:dev} serves them: no login, a session of its own per browser, every asset served by Sluice.
 */
@QuarkusTest
@TestProfile(DemoTest.Demo.class)
class DemoConsoleTest {
    private static final String COOKIE = "sluice_session";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Test
    void everyPageRendersOnTheDemoWithoutALogin() {
        Response first = given().redirects().follow(false).get("/");
        assertThat(first.statusCode()).isEqualTo(303);
        String setCookie = first.header("Set-Cookie");
        assertThat(setCookie).startsWith(COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        String session = first.cookie(COOKIE);

        given().cookie(COOKIE, session).get("/").then().statusCode(200).contentType("text/html")
                .body(containsString("customers-to-files")).body(containsString("welcome-enterprise"));
        String sync = given().cookie(COOKIE, session).get("/syncs/customers-to-files").then().statusCode(200)
                .body(containsString("Mapping")).body(containsString("Run now")).extract().asString();
        given().cookie(COOKIE, session).get("/syncs/welcome-enterprise").then().statusCode(200)
                .body(containsString("Template"));
        given().cookie(COOKIE, session).get("/syncs/customers-to-files/records?applyState=SUCCESS").then().statusCode(200);
        given().cookie(COOKIE, session).get("/connections").then().statusCode(200).body(containsString("files"));
        given().cookie(COOKIE, session).get("/syncs/nope").then().statusCode(404).body(containsString("No such sync")).body(containsString("nope"));

        Matcher csrf = CSRF.matcher(sync);
        assertThat(csrf.find()).isTrue();
        given().cookie(COOKIE, session).formParam("csrf", csrf.group(1)).formParam("sample", "2")
                .post("/syncs/welcome-enterprise/preview").then().statusCode(200).body(containsString("Preview of welcome-enterprise"));

        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/console/console.js").then().statusCode(200).body(containsString("data-poll"));
    }
}
