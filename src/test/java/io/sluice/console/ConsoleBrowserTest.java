package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testing.MemoryPlugin;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console as a person uses it in the demo (authentication off), in a real headless Chromium: the syncs list, a
 * run triggered and watched to its end, a failed record resynced, a preview, pause and resume, and CSRF.
 */
@QuarkusTest
class ConsoleBrowserTest {
    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Warehouses warehouses;

    @BeforeEach
    void source() throws Exception {
        PeopleSource.reset(warehouses, 20);
        MemoryPlugin.APP.reject.clear();
        if (browser == null) {
            browser = Browser.open(base.toString());
        }
    }

    @AfterEach
    void quiet() {
        MemoryPlugin.APP.reject.clear();
        MemoryPlugin.APP.beforeAnswer = b -> {
        };
    }

    @AfterAll
    static void close() throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void theSyncsListShowsEverySyncWithItsHealthAndTheRejectedFiles() throws Exception {
        browser.go("/");
        WebElement row = browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-sync='people']")));
        assertThat(row.findElement(By.cssSelector("[data-health]")).getText()).isNotBlank();
        assertThat(browser.driver.findElements(By.cssSelector("#syncs tbody tr[data-sync]")).stream().map(r -> r.getAttribute("data-sync")))
                .contains("people", "people-after", "people-nightly");
        assertThat(browser.driver.findElement(By.id("rejected")).getText()).contains("broken-field.yaml");
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-sync='people-nightly']")).getText()).contains("0 3 * * *");
        browser.screenshot("syncs");

        // keyboard first: the first Tab reaches "Skip to content"; at a phone's width the page does not scroll sideways
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        browser.driver.manage().window().setSize(new Dimension(375, 812));
        try {
            browser.go("/");
            browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-sync='people']")));
            Number overflow = (Number) ((JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
            browser.screenshot("syncs-phone");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }

        browser.driver.findElement(By.linkText("healthy (" + countWithHealth("HEALTHY") + ")")).click();
        browser.waitFor(d -> d.getCurrentUrl().contains("health=HEALTHY"));
        assertThat(browser.driver.findElements(By.cssSelector("#syncs [data-health]")))
                .allSatisfy(b -> assertThat(b.getAttribute("data-health")).isEqualTo("HEALTHY"));
    }

    @Test
    void anOperatorTriggersARunAndWatchesItsProgressUntilItCompletes() throws Exception {
        warehouses.get("default").callBlocking("every record changed", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE people SET name = name || '?'");
            }
            return null;
        });
        CountDownLatch release = MemoryPlugin.APP.holdCalls();
        browser.go("/syncs/people");
        browser.waitFor(d -> d.findElement(By.id("run-now"))).click();
        // the run is held by the app: the panel shows its live progress, polled by the page
        browser.waitFor(d -> d.findElement(By.id("active-run")).getAttribute("data-running").equals("true"));
        browser.waitFor(d -> d.findElement(By.id("progress-sent")).getText().matches("[1-9][0-9,]*"));
        browser.waitFor(d -> !d.findElement(By.id("active-phase")).getText().isBlank());
        browser.screenshot("sync-running");
        release.countDown();
        // the page notices the end by itself and shows the finished run in its table and chart
        browser.waitFor(d -> d.findElement(By.id("active-run")).getAttribute("data-running").equals("false"));
        WebElement latest = browser.waitFor(d -> d.findElement(By.cssSelector("#runs tbody tr")));
        assertThat(latest.getText()).contains("completed");
        assertThat(browser.driver.findElements(By.cssSelector("#runs-chart .bar"))).isNotEmpty();
        browser.screenshot("sync");
    }

    @Test
    void anOperatorOpensAFailedRecordAndResyncsIt() throws Exception {
        warehouses.get("default").callBlocking("fresh state", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people'");
            }
            return null;
        });
        MemoryPlugin.APP.reject.add("7");
        triggerAndWait();
        MemoryPlugin.APP.reject.clear();

        browser.go("/syncs/people/records?applyState=DESTINATION_FAILURE");
        browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-record='7']")));
        assertThat(browser.driver.findElements(By.cssSelector("#records tbody tr[data-record]"))).hasSize(1);
        browser.screenshot("records");
        browser.driver.findElement(By.linkText("7")).click();
        browser.waitFor(d -> d.findElement(By.id("record-state")).getText().equals("destination failure"));
        assertThat(browser.driver.findElement(By.id("last-result")).getText()).contains("rejected by the app");
        int runsBefore = browser.driver.findElements(By.cssSelector("#history > li")).size();
        assertThat(browser.driver.findElement(By.cssSelector("#history > li")).getText()).contains("destination failure");
        browser.screenshot("record");

        browser.driver.findElement(By.id("record-resync")).click();
        browser.waitFor(d -> d.findElement(By.id("record-state")).getText().equals("resync requested"));
        triggerAndWait();
        browser.go("/syncs/people/records/7");
        browser.waitFor(d -> d.findElement(By.id("record-state")).getText().equals("success"));
        assertThat(browser.driver.findElements(By.cssSelector("#history > li"))).hasSize(runsBefore + 1);
        assertThat(browser.driver.findElement(By.cssSelector("#history > li")).getText()).contains("success");
    }

    @Test
    void anOperatorSkipsTheTickedFailedRecordsAtOnce() {
        warehouses.get("default").callBlocking("fresh state", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM sluice.record_state WHERE sync_id = 'people'");
            }
            return null;
        });
        MemoryPlugin.APP.reject.addAll(List.of("3", "8"));
        triggerAndWait();

        browser.go("/syncs/people/records?applyState=DESTINATION_FAILURE");
        browser.waitFor(d -> d.findElement(By.id("select-all"))).click();
        assertThat(browser.driver.findElements(By.cssSelector("#records input[name=id]")))
                .hasSize(2).allSatisfy(box -> assertThat(box.isSelected()).isTrue());
        browser.driver.findElement(By.xpath("//form[@id='records-form']//button[@value='skip-once']")).click();
        browser.waitFor(d -> d.findElement(By.cssSelector("main .notice")).getText().startsWith("Records marked"));
        assertThat(browser.driver.findElements(By.cssSelector("#records tbody tr[data-record]"))).isEmpty();
        browser.go("/syncs/people/records?applyState=SKIPPED_ONCE");
        List<WebElement> skipped = browser.waitFor(d -> d.findElements(By.cssSelector("#records tbody tr[data-record]")));
        assertThat(skipped).extracting(row -> row.getAttribute("data-record")).containsExactly("3", "8");
    }

    @Test
    void aPreviewShowsCountsAndSamplePayloadsAndSendsNothing() throws Exception {
        triggerAndWait();
        warehouses.get("default").callBlocking("one new person", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO people VALUES (21, 'p21@example.com', 'Person 21')");
            }
            return null;
        });
        MemoryPlugin.APP.clearReceived();
        browser.go("/syncs/people");
        WebElement sample = browser.waitFor(d -> d.findElement(By.id("preview-sample")));
        sample.clear();
        sample.sendKeys("5");
        browser.driver.findElement(By.id("preview")).click();
        browser.waitFor(d -> d.findElement(By.id("preview-staged")));
        assertThat(browser.driver.findElement(By.id("preview-staged")).getText()).isEqualTo("1");
        assertThat(browser.driver.findElement(By.cssSelector("[data-action='CREATE']")).getText()).isEqualTo("1");
        assertThat(browser.driver.findElement(By.cssSelector("#preview-sample-list .payload")).getText()).contains("p21@example.com");
        assertThat(MemoryPlugin.APP.received).noneMatch(r -> r.identifier().equals("21"));
        browser.screenshot("preview");
    }

    @Test
    void anOperatorPausesAndResumesASync() {
        browser.go("/syncs/people");
        browser.waitFor(d -> d.findElement(By.id("pause-reason"))).sendKeys("CRM maintenance");
        browser.driver.findElement(By.id("pause")).click();
        browser.waitFor(d -> d.findElement(By.id("paused-badge")));
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("CRM maintenance");
        assertThat(browser.driver.findElement(By.id("run-now")).isEnabled()).isFalse();
        browser.go("/");
        assertThat(browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-sync='people']"))).getText()).contains("paused");

        browser.go("/syncs/people");
        browser.waitFor(d -> d.findElement(By.id("resume"))).click();
        browser.waitFor(d -> d.findElement(By.id("pause")));
        assertThat(browser.driver.findElements(By.id("paused-badge"))).isEmpty();
        assertThat(browser.driver.findElement(By.id("run-now")).isEnabled()).isTrue();
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() {
        browser.go("/syncs/people");
        browser.waitFor(d -> d.findElement(By.id("run-now")));
        assertThat(browser.postStatus("/syncs/people/pause", "reason=forged")).isEqualTo(403);
        assertThat(browser.postStatus("/syncs/people/pause", "csrf=wrong&reason=forged")).isEqualTo(403);
        browser.go("/syncs/people");
        List<WebElement> pause = browser.waitFor(d -> d.findElements(By.id("pause")));
        assertThat(pause).hasSize(1);
        assertThat(browser.driver.findElements(By.id("paused-badge"))).isEmpty();
    }

    @Test
    void connectionsShowTheirPluginTheirSyncsAndACheck() throws Exception {
        browser.go("/connections");
        WebElement memory = browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-connection='memory']")));
        assertThat(memory.getText()).contains("memory").contains("people").contains("not checked yet");
        memory.findElement(By.tagName("button")).click();
        browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-connection='memory']")).getText().contains("UTC"));
        browser.screenshot("connections");
    }

    private void triggerAndWait() {
        io.restassured.RestAssured.given().post("/api/v1/syncs/people/runs?wait=true").then().statusCode(200);
    }

    private static long countWithHealth(String health) {
        List<String> healths = io.restassured.RestAssured.given().get("/api/v1/syncs").then().extract().jsonPath().getList("items.health");
        return healths.stream().filter(health::equals).count();
    }
}
