package io.sluice.apps.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sluice.apps.tiny.FakeTiny;
import io.sluice.apps.tiny.TinyDefinitions;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Apps as data, end to end: a definition added at run time to the user folder (no Java, no rebuild) is loaded by a
 * reload, opens the connection that waited for it, and syncs a DuckDB source to its fake through every strategy it
 * supports, with results and app identifiers in record state.
 */
@QuarkusTest
@TestProfile(AppsAsDataEndToEndTest.Profile.class)
class AppsAsDataEndToEndTest {
    static final Path ROOT = Path.of("target/apps-e2e");
    static final Path APPS = ROOT.resolve("apps");
    static final Path SYNCS = ROOT.resolve("syncs");
    static final List<String> STRATEGIES = List.of("create", "upsert", "update", "replace", "send", "mirror", "delete");

    /** Empty app and sync folders, and a connection of an app that is not defined yet. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            clean();
            // lives as long as the test JVM: the test reaches it over HTTP (it may load this class in another class loader)
            FakeTiny fake = new FakeTiny();
            return Map.of("sluice.apps.dir", APPS.toString(), "sluice.syncs.dir", SYNCS.toString(),
                    "sluice.connections.tinycrm.plugin", "tiny-e2e",
                    "sluice.connections.tinycrm.settings.api_token", FakeTiny.TOKEN,
                    "sluice.connections.tinycrm.settings.base-url", fake.baseUrl());
        }
    }

    @Inject
    Warehouses warehouses;

    @ConfigProperty(name = "sluice.connections.tinycrm.settings.base-url")
    String fake;

    @Test
    void aDefinitionAddedAtRunTimeSyncsThroughEveryStrategyItSupports() throws IOException {
        assertThat(given().get("/api/v1/connections").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.name == 'tinycrm' }.problem")).contains("no plugin or app definition named 'tiny-e2e'");

        Files.writeString(APPS.resolve("tiny-e2e.yaml"), TinyDefinitions.text("tiny-e2e"));
        for (String strategy : STRATEGIES) {
            Files.writeString(SYNCS.resolve(strategy + ".yaml"), sync(strategy));
        }
        PeopleSource.reset(warehouses, 3);
        JsonPath reload = given().post("/api/v1/syncs/reload").then().statusCode(200).extract().jsonPath();
        assertThat(reload.getList("rejected")).as("rejected: %s", reload.getList("rejected")).isEmpty();
        assertThat(reload.getList("added", String.class)).containsExactlyInAnyOrderElementsOf(STRATEGIES.stream().map(s -> "e2e-" + s).toList());

        JsonPath app = given().get("/api/v1/apps/tiny-e2e").then().statusCode(200).extract().jsonPath();
        assertThat(app.getString("source")).isEqualTo("user");
        assertThat(app.getList("strategies", String.class)).containsExactlyInAnyOrderElementsOf(STRATEGIES);
        assertThat(app.getList("connections", String.class)).containsExactly("tinycrm");
        assertThat(app.getBoolean("settings[0].secret")).isTrue();
        assertThat(given().get("/api/v1/connections").then().extract().jsonPath().getString("items.find { it.name == 'tinycrm' }.problem")).isNull();

        for (String strategy : List.of("create", "upsert", "update", "replace", "send", "mirror")) {
            run(strategy);
            assertThat(records(strategy)).as(strategy).hasSize(3).allSatisfy(r -> {
                assertThat(r.get("applyState")).as("%s: %s", strategy, r).isEqualTo("SUCCESS");
                assertThat((String) r.get("appIdentifier")).as("%s: app identifier of %s", strategy, r).isNotBlank();
                assertThat((Map<?, ?>) r.get("lastResult")).as("%s: result of %s", strategy, r).isNotEmpty();
            });
        }
        assertThat(fakeGet("/events").getList("$")).hasSize(3);
        assertThat(emailsInFake()).contains("p1@example.com", "p2@example.com", "p3@example.com");

        // mirror: a person leaves the source and is deleted in the app
        PeopleSource.reset(warehouses, 2);
        run("mirror");
        assertThat(records("mirror")).hasSize(2).allSatisfy(r -> assertThat(r.get("applyState")).isEqualTo("SUCCESS"));
        assertThat(emailsInFake()).doesNotContain("p3@example.com");

        // delete: the source lists the objects to delete
        run("delete");
        assertThat(records("delete")).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("applyState")).isEqualTo("SUCCESS");
            assertThat(r.get("lastAction")).isEqualTo("DELETE");
        });
        assertThat(emailsInFake()).doesNotContain("p1@example.com", "p2@example.com");
    }

    private JsonPath fakeGet(String path) {
        return given().baseUri(fake).header("Authorization", "Bearer " + FakeTiny.TOKEN).get(path).then().statusCode(200).extract().jsonPath();
    }

    private List<String> emailsInFake() {
        Map<String, Map<String, Object>> contacts = fakeGet("/contacts").getMap("$");
        return contacts.values().stream().map(c -> String.valueOf(c.get("email"))).toList();
    }

    private static void run(String strategy) {
        JsonPath run = given().post("/api/v1/syncs/e2e-" + strategy + "/runs?wait=true").then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("health")).as("run of %s: %s", strategy, run.prettify()).isEqualTo("HEALTHY");
    }

    private static List<Map<String, Object>> records(String strategy) {
        return given().get("/api/v1/syncs/e2e-" + strategy + "/records").then().statusCode(200).extract().jsonPath().getList("items");
    }

    private static String sync(String strategy) {
        return "slug: e2e-" + strategy + "\n"
                + "source: {warehouse: default, table: people, id-column: id}\n"
                + "target: {connection: tinycrm, object: contacts}\n"
                + "strategy: " + strategy + "\n"
                + "mapping: {email: email, name: name}\n";
    }

    static void clean() {
        try {
            if (Files.exists(ROOT)) {
                try (Stream<Path> s = Files.walk(ROOT)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(APPS);
            Files.createDirectories(SYNCS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
