package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock fake and a Vert.x instance per test class, and helpers to open connections and send records. */
abstract class WebhookTestBase {
    static final String TOKEN = "s3cr3t-token-4f9a1c";
    static final String CONNECTION = "crm";
    static final SyncTarget CONTACTS = new SyncTarget("contacts-to-crm", "contacts", Strategy.MIRROR, Map.of());
    static final ObjectMapper JSON = new ObjectMapper();

    static WireMockServer wm;
    static Vertx vertx;
    private final List<AppConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startFake() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopFake() {
        vertx.closeAndAwait();
        wm.stop();
    }

    @BeforeEach
    void resetFake() {
        wm.resetAll();
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(AppConnection::close);
        opened.clear();
    }

    /** Opens connection {@value #CONNECTION} with settings given as key, value, key, value, ... */
    AppConnection open(String... keysAndValues) {
        AppConnection connection = new WebhookPlugin().open(context(keysAndValues));
        opened.add(connection);
        return connection;
    }

    static ConnectionContext context(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        // retries wait on the fault-tolerance library's timer, in real time: short unless a test says otherwise
        settings.put("retry.base-delay", "1ms");
        settings.put("retry.max-delay", "10ms");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ConnectionContext(CONNECTION, new PluginSettings(CONNECTION, settings), vertx, null);
    }

    static String base() {
        return wm.baseUrl();
    }

    static List<RecordOutcome> send(AppConnection connection, OutboundRecord... records) {
        return await(connection.send(new SendBatch(CONTACTS, List.of(records))));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }

    static RecordOutcome outcome(List<RecordOutcome> outcomes, String identifier) {
        return outcomes.stream().filter(o -> o.identifier().equals(identifier)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + identifier + " in " + outcomes));
    }

    static OutboundRecord create(String identifier, String email) {
        return new OutboundRecord(identifier, Action.CREATE, contact(email), null, null);
    }

    static OutboundRecord existing(String identifier, Action action, String email, String appIdentifier) {
        return new OutboundRecord(identifier, action, contact(email), contact("old-" + email), appIdentifier);
    }

    static ObjectNode contact(String email) {
        return JSON.createObjectNode().put("email", email).put("plan", "pro");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
