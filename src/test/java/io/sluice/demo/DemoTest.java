package io.sluice.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sluice.sync.SyncRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through on the demo's own sync files: the service writes the demo source at start, a first run
 * sends every active customer, a second sends nothing, and an edited customer is the only one sent again.
 */
@QuarkusTest
@TestProfile(DemoTest.Demo.class)
class DemoTest {
    static final Path OUT = Path.of("target/demo-test/out");
    static final Path CSV = Path.of("target/demo/customers.csv");

    /** The demo profile's settings, on an in-memory warehouse and an output folder of its own. */
    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sluice.demo.enabled", "true", "sluice.syncs.dir", "demo/syncs",
                    "sluice.connections.files.settings.dir", OUT.toString());
        }
    }

    @Test
    void firstRunSendsTheActiveCustomersASecondNothingAndAnEditOnlyThatCustomer() throws IOException {
        assertThat(given().get("/api/v1/syncs").then().statusCode(200).extract().jsonPath().getList("items.slug", String.class))
                .containsExactlyInAnyOrder("customers-to-files", "welcome-enterprise");
        List<String> rows = Files.readAllLines(CSV);
        long active = rows.stream().skip(1).filter(line -> line.contains(",true,")).count();

        JsonPath first = run("customers-to-files");
        assertThat(first.getString("state")).isEqualTo("COMPLETED");
        assertThat(first.getLong("counts.applyStates.SUCCESS")).isEqualTo(active).isPositive();
        assertThat(run("customers-to-files").getMap("counts.applyStates")).isEmpty();

        // edit one active customer's email, as the README says, and only that customer goes again
        String edited = rows.stream().skip(1).filter(line -> line.contains(",true,")).findFirst().orElseThrow();
        String id = edited.substring(0, edited.indexOf(','));
        try {
            Files.write(CSV, rows.stream().map(line -> line.equals(edited) ? line.replaceFirst("@example\\.com", "@changed.example.com") : line)
                    .toList());
            JsonPath third = run("customers-to-files");
            assertThat(third.getMap("counts.actions")).containsOnlyKeys("UPDATE");
            assertThat(third.getLong("counts.applyStates.SUCCESS")).isEqualTo(1);
            assertThat(given().get("/api/v1/syncs/customers-to-files/records/" + id).then().statusCode(200).extract().jsonPath()
                    .getString("record.appliedRecord")).contains("@changed.example.com");
        } finally {
            Files.write(CSV, rows);
        }
    }

    @Inject
    SyncRegistry registry;

    @Test
    void theDemoSyncFilesValidate() {
        SyncRegistry.Validation validation = registry.validate(Path.of("demo/syncs"));
        assertThat(validation.problems()).isEmpty();
        assertThat(validation.valid()).isEqualTo(2);
    }

    private static JsonPath run(String slug) {
        return given().post("/api/v1/syncs/" + slug + "/runs?wait=true").then().statusCode(200).extract().jsonPath();
    }
}
