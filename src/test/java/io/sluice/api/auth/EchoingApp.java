package io.sluice.api.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sluice.testing.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The worst app for secrets: it echoes the request's credentials back in every answer (body and headers) and
 * fails on demand. A record whose email starts with {@code ok} gets 201, {@code reject} 422, {@code busy} 503;
 * {@code /bulk} always answers 500 and {@code /me} (the connection check) 403; {@code /slow-me} (the check of
 * {@code echo-slow}) answers after {@value #SLOW_CHECK_MILLIS} ms, longer than the profile's check timeout. It is also the receiver of a run-end
 * notification and of the post-run hook, both with secrets in the URL path and the Authorization header, and answers
 * them 500; a second notification goes to an unreachable address. Also starts the service's
 * PostgreSQL warehouse, whose password is a secret too, and clears the log file the test searches.
 */
public class EchoingApp implements QuarkusTestResourceLifecycleManager {
    public static final String CONNECTION_TOKEN = "conn-tok-8c1d5e9a3f7b";
    public static final String API_KEY = "apikey-4e6a0c2b8d1f";
    public static final String WAREHOUSE_PASSWORD = "wh-pass-5b9d3f1a7c2e";
    /** In the path of the notification URLs, as in a Slack webhook. */
    public static final String NOTIFY_PATH_SECRET = "notify-path-6d2b9f4a1c8e";
    public static final String NOTIFY_TOKEN = "notify-tok-1a5c7e3b9d0f";
    /** In the path of the post-run hook's URL. */
    public static final String HOOK_PATH_SECRET = "hook-path-8e0a2c4f6b1d";
    public static final String HOOK_TOKEN = "hook-tok-3c9e1b7d5a2f";
    static final int SLOW_CHECK_MILLIS = 20_000;
    static final Path LOG_FILE = Path.of("target", "secret-leak-test.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(LOG_FILE.getParent());
            try (var old = Files.list(LOG_FILE.getParent())) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith(LOG_FILE.getFileName().toString())).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new Echo()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
        registerPostgresDriverForLaterTests();
        PostgresServer.createDatabase("secretleak");
        Map<String, String> config = new TreeMap<>();
        config.put("%test.sluice.warehouses.default.url", PostgresServer.jdbcUrl("secretleak"));
        config.put("sluice.warehouses.default.user", PostgresServer.USER);
        // trust authentication ignores it, but it travels through the driver settings like a real one
        config.put("sluice.warehouses.default.password", WAREHOUSE_PASSWORD);
        for (String name : new String[] {"echo", "echo-batch", "echo-slow"}) {
            String prefix = "sluice.connections." + name + ".settings.";
            config.put("sluice.connections." + name + ".plugin", "webhook");
            config.put(prefix + "headers.Authorization", "Bearer " + CONNECTION_TOKEN);
            config.put(prefix + "headers.X-Api-Key", API_KEY);
            config.put(prefix + "retry.max-attempts", "1");
            config.put(prefix + "check-url", server.baseUrl() + (name.equals("echo-slow") ? "/slow-me" : "/me"));
        }
        config.put("sluice.connections.echo-slow.settings.url", server.baseUrl() + "/hook");
        config.put("sluice.connections.echo.settings.url", server.baseUrl() + "/hook");
        config.put("sluice.connections.echo.settings.id-pointer", "/id");
        config.put("sluice.connections.echo.settings.circuit.failure-threshold", "100");
        config.put("sluice.connections.echo-batch.settings.url", server.baseUrl() + "/bulk");
        config.put("sluice.connections.echo-batch.settings.mode", "batch");
        config.put("sluice.connections.echo-batch.settings.circuit.failure-threshold", "1");
        config.put("sluice.connections.echo-batch.settings.circuit.open-for", "1h");
        config.put("sluice.notifications.ops.url", server.baseUrl() + "/notify/" + NOTIFY_PATH_SECRET);
        config.put("sluice.notifications.down.url", "http://127.0.0.1:1/notify/" + NOTIFY_PATH_SECRET);
        for (String name : new String[] {"ops", "down"}) {
            config.put("sluice.notifications." + name + ".headers.Authorization", "Bearer " + NOTIFY_TOKEN);
            config.put("sluice.notifications." + name + ".on", "run-end");
            config.put("sluice.notifications." + name + ".max-attempts", "2");
            config.put("sluice.notifications." + name + ".retry-delay", "10ms");
        }
        config.put("sluice.hooks.post-run.url", server.baseUrl() + "/post-run/" + HOOK_PATH_SECRET);
        config.put("sluice.hooks.post-run.headers.Authorization", "Bearer " + HOOK_TOKEN);
        return config;
    }

    /**
     * This resource runs under Quarkus' class loader; if the JDBC drivers are first loaded here, DriverManager
     * knows only that loader's PostgreSQL driver, which plain tests running later cannot use ("No suitable
     * driver"). Registering the application class loader's driver too keeps them working.
     */
    private static void registerPostgresDriverForLaterTests() {
        try {
            Class.forName("org.postgresql.Driver", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PostgreSQL driver is a test dependency", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The echoing answers. */
    static final class Echo implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "echoing-app";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String authorization = request.getHeader("Authorization");
            String apiKey = request.getHeader("X-Api-Key");
            String echo = "{\"seen\": {\"Authorization\": " + quote(authorization) + ", \"X-Api-Key\": " + quote(apiKey) + "}";
            String url = request.getUrl();
            if (url.startsWith("/slow-me")) {
                return ResponseDefinitionBuilder.like(answer(200, "{}", authorization, apiKey)).withFixedDelay(SLOW_CHECK_MILLIS).build();
            }
            if (url.startsWith("/me")) {
                return answer(403, "token " + authorization + " with key " + apiKey + " lacks scope", authorization, apiKey);
            }
            if (url.startsWith("/notify/") || url.startsWith("/post-run/")) {
                return answer(500, "receiver " + url + " failed for " + echo + "}", authorization, apiKey);
            }
            if (url.startsWith("/bulk")) {
                return answer(500, "upstream failed while handling " + echo + "}", authorization, apiKey);
            }
            String email;
            try {
                JsonNode body = JSON.readTree(request.getBodyAsString());
                email = body.path("email").asText("");
            } catch (IOException e) {
                email = "";
            }
            if (email.startsWith("reject")) {
                return answer(422, "invalid credentials: " + authorization + " / " + apiKey, authorization, apiKey);
            }
            if (email.startsWith("busy")) {
                return answer(503, echo + ", \"error\": \"try later\"}", authorization, apiKey);
            }
            return answer(201, echo + ", \"id\": \"app-" + email + "\"}", authorization, apiKey);
        }
    }

    private static ResponseDefinition answer(int status, String body, String authorization, String apiKey) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Echo-Authorization", String.valueOf(authorization)).withHeader("X-Echo-Api-Key", String.valueOf(apiKey))
                .withBody(body).build();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
