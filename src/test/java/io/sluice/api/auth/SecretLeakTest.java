package io.sluice.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sluice.connection.Connections;
import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * No API token and no connection secret ever leaves the service, even when the app echoes the credentials back
 * in every answer. Runs that succeed, fail per record and fail as a whole, a connection check, refused calls,
 * run-end notifications and the post-run hook (secrets in URL path and header) that fail or cannot connect;
 * then every place a secret could surface is searched: the complete log (all levels), every row of the engine
 * schema (record state, history, runs), every API answer with its headers, and exception messages with their
 * causes and stack traces.
 */
@QuarkusTest
@TestProfile(SecretLeakProfile.class)
class SecretLeakTest {
    private static final String BAD_TOKEN = "bad-token-1e7c3a9f5d";
    private static final List<String> SECRETS = List.of(EchoingApp.CONNECTION_TOKEN, EchoingApp.API_KEY, EchoingApp.WAREHOUSE_PASSWORD,
            EchoingApp.NOTIFY_PATH_SECRET, EchoingApp.NOTIFY_TOKEN, EchoingApp.HOOK_PATH_SECRET, EchoingApp.HOOK_TOKEN,
            SecuredApiProfile.OPERATOR_TOKEN, SecuredApiProfile.READ_ONLY_TOKEN, BAD_TOKEN);

    @Inject
    Warehouses warehouses;

    @Inject
    Connections connections;

    /** Where each text was found, for the failure message. */
    private record Evidence(String where, String text) {
    }

    private final List<Evidence> seen = new ArrayList<>();

    @Test
    void noTokenNorConnectionSecretAppearsAnywhere() throws IOException {
        Warehouse warehouse = warehouses.get("default");
        warehouse.callBlocking("leak source", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS leak_people");
                s.execute("CREATE TABLE leak_people (id integer PRIMARY KEY, email text, name text)");
                s.execute("INSERT INTO leak_people VALUES (1, 'ok-1', 'A'), (2, 'reject-2', 'B'), (3, 'busy-3', 'C'), "
                        + "(4, 'ok-4', 'D'), (5, 'reject-5', 'E'), (6, 'ok-6', 'F')");
            }
            return null;
        });

        keep("401 without token", given().get("/api/v1/syncs"));
        keep("401 with a bad token", as(BAD_TOKEN).post("/api/v1/syncs/leak-records/runs"));
        keep("403 read-only trigger", as(SecuredApiProfile.READ_ONLY_TOKEN).post("/api/v1/syncs/leak-records/runs"));

        Response records = keep("run leak-records", as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/syncs/leak-records/runs?wait=true"));
        assertThat(records.statusCode()).isEqualTo(200);
        assertThat(records.jsonPath().getInt("counts.applyStates.SUCCESS")).as(records.asString()).isEqualTo(3);
        assertThat(records.jsonPath().getInt("counts.applyStates.DESTINATION_FAILURE")).as(records.asString()).isEqualTo(3);

        Response batch = keep("run leak-batch", as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/syncs/leak-batch/runs?wait=true"));
        assertThat(batch.jsonPath().getString("state")).as(batch.asString()).isEqualTo("FAILED");
        assertThat(batch.jsonPath().getString("globalError")).isNotBlank();

        keep("resync failed", as(SecuredApiProfile.OPERATOR_TOKEN).contentType("application/json").body(Map.of("allFailed", true))
                .post("/api/v1/syncs/leak-records/requests/resync"));
        keep("second run leak-records", as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/syncs/leak-records/runs?wait=true"));

        for (String connection : List.of("echo", "echo-batch")) {
            Throwable failure = catchFailure(connection);
            assertThat(failure).as("the check of " + connection + " fails").isNotNull();
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            seen.add(new Evidence("check of " + connection + " (message, causes, stack trace)", trace.toString()));
            Response check = keep("POST check of " + connection, as(SecuredApiProfile.OPERATOR_TOKEN).post("/api/v1/connections/" + connection + "/check"));
            assertThat(check.jsonPath().getBoolean("ok")).as(check.asString()).isFalse();
        }

        readEveryApiView();
        readEveryEngineRow(warehouse);
        // notifications fail in the background, after their retries: wait until every one is logged as failed
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logText())
                .containsPattern("(?s)(notification 'ops' about run .* failed.*){3}")
                .containsPattern("(?s)(notification 'down' about run .* failed.*){3}"));
        String log = readLog();

        for (Evidence e : seen) {
            for (String secret : SECRETS) {
                assertThat(e.text()).as("%s leaks a secret", e.where()).doesNotContain(secret);
            }
        }
        assertThat(EchoingApp.server.getAllServeEvents()).as("the app saw the credentials, so it echoed them")
                .anySatisfy(e -> assertThat(e.getRequest().getHeader("Authorization")).contains(EchoingApp.CONNECTION_TOKEN));
        assertThat(seen).as("echoed credentials are kept masked").anySatisfy(e -> assertThat(e.text()).contains("\"Authorization\":\"***\""));
        assertThat(EchoingApp.server.getAllServeEvents()).as("the receivers saw the secrets, so they echoed them")
                .anySatisfy(e -> assertThat(e.getRequest().getUrl()).contains(EchoingApp.NOTIFY_PATH_SECRET))
                .anySatisfy(e -> assertThat(e.getRequest().getHeader("Authorization")).contains(EchoingApp.NOTIFY_TOKEN))
                .anySatisfy(e -> assertThat(e.getRequest().getUrl()).contains(EchoingApp.HOOK_PATH_SECRET))
                .anySatisfy(e -> assertThat(e.getRequest().getHeader("Authorization")).contains(EchoingApp.HOOK_TOKEN));
        assertThat(log).as("the log holds the runs").contains("leak-records", "leak-batch");
        assertThat(log).as("the post-run hook failed").contains("post-run hook for run", "answered HTTP 500");
        assertThat(log).as("changing calls name the caller by its token's entry").contains("POST /api/v1/syncs/leak-records/runs by 'ops'");
        assertThat(seen.size()).isGreaterThan(20);
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private Response keep(String where, Response response) {
        seen.add(new Evidence(where + " (headers)", response.getHeaders().toString()));
        seen.add(new Evidence(where, response.asString()));
        return response;
    }

    private Response get(String path) {
        Response r = keep("GET " + path, as(SecuredApiProfile.READ_ONLY_TOKEN).get(path));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    private Throwable catchFailure(String connection) {
        try {
            connections.find(connection).orElseThrow().connection().check().await().atMost(Duration.ofSeconds(30));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void readEveryApiView() {
        get("/api/v1/syncs");
        get("/api/v1/connections");
        for (String slug : List.of("leak-records", "leak-batch")) {
            get("/api/v1/syncs/" + slug);
            List<String> runIds = get("/api/v1/syncs/" + slug + "/runs?limit=500").jsonPath().getList("items.id", String.class);
            assertThat(runIds).isNotEmpty();
            for (String id : runIds) {
                get("/api/v1/runs/" + id);
                get("/api/v1/runs/" + id + "/records?limit=500");
            }
            List<String> identifiers = get("/api/v1/syncs/" + slug + "/records?limit=500").jsonPath().getList("items.identifier", String.class);
            if (slug.equals("leak-records")) {
                assertThat(identifiers).hasSize(6);
            }
            for (String identifier : identifiers) {
                get("/api/v1/syncs/" + slug + "/records/" + identifier);
            }
        }
    }

    private void readEveryEngineRow(Warehouse warehouse) {
        warehouse.callBlocking("read engine schema", c -> {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, warehouse.engineSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("engine tables").hasSizeGreaterThan(2);
            for (String table : tables) {
                StringBuilder rows = new StringBuilder();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + warehouse.engineSchema() + ".\"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rows.append(rs.getString(i)).append('|');
                        }
                        rows.append('\n');
                    }
                }
                seen.add(new Evidence("engine table " + table, rows.toString()));
            }
            return null;
        });
    }

    /** Every log file, each kept as evidence; the text of all of them. */
    private String readLog() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path p : logFiles()) {
            String text = Files.readString(p);
            seen.add(new Evidence("log file " + p, text));
            all.append(text);
        }
        return all.toString();
    }

    private static String logText() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path p : logFiles()) {
            all.append(Files.readString(p));
        }
        return all.toString();
    }

    private static List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(EchoingApp.LOG_FILE.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(EchoingApp.LOG_FILE.getFileName().toString())).toList();
        }
    }
}
