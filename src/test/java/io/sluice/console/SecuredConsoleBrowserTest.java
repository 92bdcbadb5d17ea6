package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.api.auth.SecuredApiProfile;
import io.sluice.testing.MemoryPlugin;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * The console with authentication on, in a real headless Chromium: a token asked for once, a session cookie that
 * scripts cannot read and other sites cannot send, and a read-only token that sees no operator button and is refused
 * by the server when it posts anyway.
 */
@QuarkusTest
@TestProfile(SecuredApiProfile.class)
class SecuredConsoleBrowserTest {
    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Warehouses warehouses;

    @BeforeEach
    void fresh() throws Exception {
        PeopleSource.reset(warehouses, 5);
        if (browser == null) {
            browser = Browser.open(base.toString());
        }
        browser.driver.manage().deleteAllCookies();
    }

    @AfterAll
    static void close() throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void theConsoleAsksForATokenOnceAndKeepsAnHttpOnlySameSiteStrictSession() throws Exception {
        browser.go("/syncs/people");
        browser.waitFor(d -> d.findElement(By.id("token")));
        assertThat(browser.driver.getCurrentUrl()).contains("/login");
        browser.screenshot("login");

        signIn("not-a-token-at-all-0000");
        assertThat(browser.waitFor(d -> d.findElement(By.id("login-error"))).getText()).contains("not valid");
        assertThat(browser.driver.manage().getCookieNamed(ConsoleGate.COOKIE)).isNull();

        signIn(SecuredApiProfile.OPERATOR_TOKEN);
        browser.waitFor(d -> d.findElement(By.id("run-now")));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/syncs/people").doesNotContain(SecuredApiProfile.OPERATOR_TOKEN);
        assertThat(browser.driver.getPageSource()).doesNotContain(SecuredApiProfile.OPERATOR_TOKEN);
        Cookie session = browser.driver.manage().getCookieNamed(ConsoleGate.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getPath()).isEqualTo("/");
        assertThat(session.getValue()).doesNotContain(SecuredApiProfile.OPERATOR_TOKEN);
        // the session holds: another page needs no token
        browser.go("/connections");
        browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-connection='memory'] button")));

        browser.driver.findElement(By.xpath("//button[text()='Sign out']")).click();
        browser.waitFor(d -> d.findElement(By.id("token")));
        browser.go("/");
        browser.waitFor(d -> d.findElement(By.id("token")));
    }

    @Test
    void aReadOnlyTokenSeesNoOperatorButtonAndTheServerRefusesItsPosts() throws Exception {
        browser.go("/login");
        signIn(SecuredApiProfile.READ_ONLY_TOKEN);
        browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-sync='people']")));
        browser.go("/syncs/people");
        browser.waitFor(d -> d.findElement(By.id("runs-title")));
        for (String operatorOnly : List.of("run-now", "pause", "resume", "preview", "cancel-run")) {
            assertThat(browser.driver.findElements(By.id(operatorOnly))).as(operatorOnly).isEmpty();
        }
        browser.screenshot("sync-read-only");
        browser.go("/syncs/people/records");
        browser.waitFor(d -> d.findElement(By.id("records")));
        assertThat(browser.driver.findElements(By.cssSelector("#records input[type=checkbox]"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("all-failed-resync"))).isEmpty();
        browser.go("/connections");
        browser.waitFor(d -> d.findElement(By.id("connections")));
        assertThat(browser.driver.findElements(By.cssSelector("#connections button"))).isEmpty();

        // a forged POST with the session's own CSRF token: refused by the server, nothing runs
        String csrf = browser.driver.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
        MemoryPlugin.APP.clearReceived();
        assertThat(browser.postStatus("/syncs/people/run", "csrf=" + csrf)).isEqualTo(403);
        assertThat(browser.postStatus("/syncs/people/pause", "csrf=" + csrf)).isEqualTo(403);
        assertThat(browser.postStatus("/connections/memory/check", "csrf=" + csrf)).isEqualTo(403);
        assertThat(MemoryPlugin.APP.received).isEmpty();
        io.restassured.RestAssured.given().auth().oauth2(SecuredApiProfile.READ_ONLY_TOKEN).get("/api/v1/syncs/people").then()
                .statusCode(200).body("paused", org.hamcrest.Matchers.equalTo(false)).body("activeRun", org.hamcrest.Matchers.nullValue());
    }

    /**
     * Login CSRF: a form posted from elsewhere with a valid token (the attacker's) but without the login form's own
     * pre-session token is refused, and no session cookie is set; the same token posted with the form's token and
     * its cookie signs in.
     */
    @Test
    void aLoginPostWithoutTheFormsPreSessionTokenIsRefused() {
        io.restassured.RestAssured.given().redirects().follow(false).formParam("token", SecuredApiProfile.OPERATOR_TOKEN)
                .post("/login").then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString(ConsoleGate.COOKIE)));
        var form = io.restassured.RestAssured.given().get("/login");
        String loginToken = form.cookie(LoginPages.LOGIN_COOKIE);
        assertThat(form.body().asString()).contains("name=\"login\" value=\"" + loginToken + "\"");
        assertThat(form.header("Set-Cookie")).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/login");
        // the field alone (a forged form cannot send the cookie) or a cookie that does not match: refused
        io.restassured.RestAssured.given().redirects().follow(false).formParam("token", SecuredApiProfile.OPERATOR_TOKEN)
                .formParam("login", loginToken).post("/login").then().statusCode(403);
        io.restassured.RestAssured.given().redirects().follow(false).formParam("token", SecuredApiProfile.OPERATOR_TOKEN)
                .formParam("login", loginToken + "x").cookie(LoginPages.LOGIN_COOKIE, loginToken).post("/login").then().statusCode(403);
        io.restassured.RestAssured.given().redirects().follow(false).formParam("token", SecuredApiProfile.OPERATOR_TOKEN)
                .formParam("login", loginToken).cookie(LoginPages.LOGIN_COOKIE, loginToken).post("/login").then().statusCode(303)
                .cookie(ConsoleGate.COOKIE, org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
    }

    private void signIn(String token) {
        var field = browser.waitFor(d -> d.findElement(By.id("token")));
        field.clear();
        field.sendKeys(token);
        browser.driver.findElement(By.id("sign-in")).click();
    }
}
