package io.sluice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sluice.testing.MemoryPlugin;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reloading the sync folder: what changed is reported, cron jobs follow, and a now-broken file keeps its sync. */
@QuarkusTest
@TestProfile(ReloadApiTest.OwnSyncFolder.class)
class ReloadApiTest {
    static final Path DIR = Path.of("target/reload-test-syncs");

    /** A sync folder of this test's own, written before the application starts. */
    public static class OwnSyncFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            reset();
            write("a.yaml", sync("reload-a", "upsert", null));
            write("b.yaml", sync("reload-b", "upsert", "0 3 * * *"));
            write("d.yaml", sync("reload-d", "upsert", null));
            return Map.of("sluice.syncs.dir", DIR.toString());
        }
    }

    @Inject
    Scheduler scheduler;

    static String sync(String slug, String strategy, String schedule) {
        return "slug: " + slug + "\n"
                + (schedule == null ? "" : "schedule: \"" + schedule + "\"\n")
                + "source: {warehouse: default, table: people, id-column: id}\n"
                + "target: {connection: memory, object: Person}\n"
                + "strategy: " + strategy + "\n"
                + "mapping: {email: email}\n";
    }

    static void write(String file, String text) {
        try {
            Files.writeString(DIR.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void reset() {
        try {
            if (Files.exists(DIR)) {
                try (Stream<Path> s = Files.walk(DIR)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void reloadReportsWhatChangedReschedulesAndKeepsASyncWhoseFileBroke() throws IOException {
        assertThat(scheduler.getScheduledJob("sync-reload-b")).isNotNull();
        given().post("/api/v1/syncs/reload").then().statusCode(200).body("unchanged", equalTo(3)).body("added.size()", equalTo(0))
                .body("changed.size()", equalTo(0)).body("removed.size()", equalTo(0)).body("rejected.size()", equalTo(0));

        write("a.yaml", sync("reload-a", "mirror", "*/5 * * * *"));
        Files.delete(DIR.resolve("b.yaml"));
        write("c.yaml", sync("reload-c", "upsert", "0 4 * * *"));
        write("d.yaml", sync("reload-d", "mirorr", null));
        write("e.yaml", sync("reload-e", "upsert", "not cron"));

        JsonPath reload = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
        assertThat(reload.getList("added", String.class)).containsExactly("reload-c");
        assertThat(reload.getList("changed", String.class)).containsExactly("reload-a");
        assertThat(reload.getList("removed", String.class)).containsExactly("reload-b");
        assertThat(reload.getInt("unchanged")).isEqualTo(1);
        assertThat(reload.getList("kept", String.class)).containsExactly("reload-d");
        assertThat(reload.getString("rejected.find { it.file.endsWith('d.yaml') }.field")).isEqualTo("strategy");
        assertThat(reload.getString("rejected.find { it.file.endsWith('e.yaml') }.field")).isEqualTo("schedule");

        assertThat(scheduler.getScheduledJob("sync-reload-b")).isNull();
        assertThat(scheduler.getScheduledJob("sync-reload-c")).isNotNull();
        assertThat(scheduler.getScheduledJob("sync-reload-a")).isNotNull();
        given().get("/api/v1/syncs/reload-b").then().statusCode(404).body("sync", equalTo("reload-b"));
        given().get("/api/v1/syncs/reload-a").then().statusCode(200).body("strategy", equalTo("mirror"));
        given().get("/api/v1/syncs/reload-d").then().statusCode(200).body("strategy", equalTo("upsert"));
        JsonPath list = given().get("/api/v1/syncs").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.slug", String.class)).containsExactlyInAnyOrder("reload-a", "reload-c", "reload-d");
        assertThat(list.getList("rejected.field", String.class)).contains("strategy", "schedule");

        write("a.yaml", sync("reload-a", "mirror", null));
        write("d.yaml", sync("reload-d", "upsert", null));
        JsonPath fixed = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
        assertThat(fixed.getList("changed", String.class)).containsExactly("reload-a");
        assertThat(fixed.getList("kept", String.class)).isEmpty();
        assertThat(fixed.getInt("unchanged")).isEqualTo(2);
        assertThat(scheduler.getScheduledJob("sync-reload-a")).isNull();
    }

    @Test
    void aSyncAfterARejectedSyncIsRejectedWhateverTheSlugOrderAndASyncAfterAKeptOneStays() throws IOException {
        // f1 runs after f2, which runs after a sync that does not exist: f1 is checked first, while f2 is still loaded
        write("f1.yaml", after(sync("reload-f1", "upsert", null), "reload-f2"));
        write("f2.yaml", after(sync("reload-f2", "upsert", null), "reload-nope"));
        write("g.yaml", sync("reload-g", "upsert", null));
        write("h.yaml", after(sync("reload-h", "upsert", null), "reload-g"));
        try {
            JsonPath first = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
            assertThat(first.getList("added", String.class)).contains("reload-g", "reload-h").doesNotContain("reload-f1", "reload-f2");
            assertThat(first.getList("rejected.findAll { it.field == 'after' }.file", String.class))
                    .anySatisfy(f -> assertThat(f).endsWith("f1.yaml")).anySatisfy(f -> assertThat(f).endsWith("f2.yaml"));
            given().get("/api/v1/syncs/reload-f1").then().statusCode(404);

            // g's file breaks: its previous definition is kept, so h, which runs after it, stays too
            write("g.yaml", sync("reload-g", "mirorr", null));
            JsonPath broken = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
            assertThat(broken.getList("kept", String.class)).containsExactly("reload-g");
            assertThat(broken.getList("removed", String.class)).doesNotContain("reload-h");
            given().get("/api/v1/syncs/reload-h").then().statusCode(200);
        } finally {
            for (String file : java.util.List.of("f1.yaml", "f2.yaml", "g.yaml", "h.yaml")) {
                Files.deleteIfExists(DIR.resolve(file));
            }
            given().post("/api/v1/syncs/reload").then().statusCode(200);
        }
    }

    @BeforeEach
    void sourceTable() {
        // a reload checks each new or changed sync against its source table
        PeopleSource.reset(warehouses, 20);
    }

    @Test
    void aSyncThatWouldFailItsFirstRunIsRejectedOnReloadAndARunningOneKeepsItsDefinition() throws IOException {
        write("m.yaml", sync("reload-m", "upsert", null).replace("table: people", "table: no_such_table"));
        write("n.yaml", sync("reload-n", "upsert", null));
        try {
            JsonPath first = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
            assertThat(first.getList("added", String.class)).contains("reload-n").doesNotContain("reload-m");
            assertThat(first.getString("rejected.find { it.file.endsWith('m.yaml') }.field")).isEqualTo("source.table");
            assertThat(first.getString("rejected.find { it.file.endsWith('m.yaml') }.reason")).contains("source table 'no_such_table' does not exist");

            write("n.yaml", sync("reload-n", "upsert", null).replace("{email: email}", "{email: emial}").replace("object: Person", "object: Other"));
            JsonPath second = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
            assertThat(second.getList("kept", String.class)).containsExactly("reload-n");
            assertThat(second.getString("rejected.find { it.file.endsWith('n.yaml') }.field")).isEqualTo("mapping.email");
            given().get("/api/v1/syncs/reload-n").then().statusCode(200).body("target.object", equalTo("Person"));
        } finally {
            Files.deleteIfExists(DIR.resolve("m.yaml"));
            Files.deleteIfExists(DIR.resolve("n.yaml"));
            given().post("/api/v1/syncs/reload").then().statusCode(200);
        }
    }

    @Test
    void aCopiedFileWithTheSameSlugIsRejectedNamingBothAndTheRunningFileKeepsTheSync() throws IOException {
        write("k1.yaml", sync("reload-k", "upsert", null));
        try {
            given().post("/api/v1/syncs/reload").then().statusCode(200).body("added", hasItem("reload-k"));
            // the copy sorts before the original: the order of names must not decide which file holds a running sync
            write("k0.yaml", sync("reload-k", "mirror", null));
            JsonPath copied = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
            assertThat(copied.getList("changed", String.class)).doesNotContain("reload-k");
            assertThat(copied.getList("rejected.findAll { it.file.endsWith('k0.yaml') }", Map.class)).singleElement()
                    .satisfies(p -> {
                        assertThat(p.get("field")).isEqualTo("slug");
                        assertThat((String) p.get("reason")).contains("k1.yaml");
                    });
            assertThat(copied.getList("rejected.file", String.class)).noneSatisfy(f -> assertThat(f).endsWith("k1.yaml"));
            given().get("/api/v1/syncs/reload-k").then().statusCode(200).body("strategy", equalTo("upsert"))
                    .body("file", org.hamcrest.Matchers.endsWith("k1.yaml"));
        } finally {
            Files.deleteIfExists(DIR.resolve("k0.yaml"));
            Files.deleteIfExists(DIR.resolve("k1.yaml"));
            given().post("/api/v1/syncs/reload").then().statusCode(200);
        }
    }

    @Test
    void aTemplateThatDoesNotParseRejectsTheFileWithItsLine() throws IOException {
        write("t.yaml", "slug: reload-t\nsource: {warehouse: default, table: people, id-column: id}\ntarget: {connection: memory, object: Person}\n"
                + "strategy: upsert\ntemplate: '{\"n\": \"{{ row.name \"}'\n");
        try {
            JsonPath reload = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
            assertThat(reload.getList("added", String.class)).doesNotContain("reload-t");
            assertThat(reload.getString("rejected.find { it.file.endsWith('t.yaml') }.field")).isEqualTo("template");
            assertThat(reload.getString("rejected.find { it.file.endsWith('t.yaml') }.reason")).contains("Unclosed", "line 1");
        } finally {
            Files.deleteIfExists(DIR.resolve("t.yaml"));
            given().post("/api/v1/syncs/reload").then().statusCode(200);
        }
    }

    private static String after(String sync, String upstream) {
        return sync + "after: " + upstream + "\n";
    }

    @Inject
    Warehouses warehouses;

    @Test
    void aRunOfASyncThatAReloadRemovedCanStillBeCancelled() throws IOException {
        PeopleSource.reset(warehouses, 20);
        write("x.yaml", sync("reload-x", "upsert", null));
        given().post("/api/v1/syncs/reload").then().statusCode(200).body("added", hasItem("reload-x"));
        CountDownLatch release = MemoryPlugin.APP.holdCalls();
        String runId;
        try {
            runId = given().post("/api/v1/syncs/reload-x/runs").then().statusCode(202).extract().path("id");
            Files.delete(DIR.resolve("x.yaml"));
            given().post("/api/v1/syncs/reload").then().statusCode(200).body("removed", hasItem("reload-x"));

            given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(202);
        } finally {
            release.countDown();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/runs/" + runId).then().statusCode(200).body("state", equalTo("DELAYED")));
    }
}
