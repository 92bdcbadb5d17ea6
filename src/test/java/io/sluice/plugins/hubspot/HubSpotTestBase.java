package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.Delayer;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fake portal and one Vert.x per test class; connections whose waits (rate limits, backoff, Retry-After)
 * move a manual clock at once instead of sleeping, and record how long they would have waited.
 */
abstract class HubSpotTestBase {
    static final String TOKEN = FakeHubSpot.TOKEN;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static FakeHubSpot fake;
    static Vertx vertx;
    MutableClock clock;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<AppConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startFake() {
        fake = new FakeHubSpot();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopFake() {
        vertx.closeAndAwait();
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
        clock = new MutableClock(START);
        waits.clear();
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(AppConnection::close);
        opened.clear();
    }

    /** Opens connection {@code hubspot} on the fake with the token, plus settings given as key, value, ... */
    AppConnection open(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        settings.put("base-url", fake.baseUrl());
        settings.put("access-token", TOKEN);
        // retries wait on the fault-tolerance library's timer, in real time: short unless a test says otherwise
        settings.put("retry.base-delay", "1ms");
        settings.put("retry.max-delay", "10ms");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        AppConnection connection = new HubSpotPlugin().open(context(settings), instantDelayer());
        opened.add(connection);
        return connection;
    }

    /** The waits that took time (the rate limiter also asks for zero waits when a slot is free). */
    List<Duration> waited() {
        return waits.stream().filter(w -> !w.isZero()).toList();
    }

    ConnectionContext context(Map<String, String> settings) {
        return new ConnectionContext("hubspot", new PluginSettings("hubspot", settings), vertx, clock);
    }

    Delayer instantDelayer() {
        return clock.delayer(waits);
    }

    static SyncTarget target(String object, Strategy strategy, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new SyncTarget("customers-to-hubspot", object, strategy, map);
    }

    static List<RecordOutcome> send(AppConnection connection, SyncTarget target, OutboundRecord... records) {
        return await(connection.send(new SendBatch(target, List.of(records))));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }

    static RecordOutcome outcome(List<RecordOutcome> outcomes, String identifier) {
        return outcomes.stream().filter(o -> o.identifier().equals(identifier)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + identifier + " in " + outcomes));
    }

    static OutboundRecord create(String identifier, ObjectNode fields) {
        return new OutboundRecord(identifier, Action.CREATE, fields, null, null);
    }

    static OutboundRecord update(String identifier, String appIdentifier, ObjectNode fields) {
        return new OutboundRecord(identifier, Action.UPDATE, fields, fields.deepCopy(), appIdentifier);
    }

    static OutboundRecord delete(String identifier, String appIdentifier, ObjectNode lastApplied) {
        return new OutboundRecord(identifier, Action.DELETE, lastApplied, lastApplied, appIdentifier);
    }

    /** A contact: email, first name and a plan. */
    static ObjectNode contact(String email, String firstname) {
        return JSON.createObjectNode().put("email", email).put("firstname", firstname).put("plan", "pro");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The inputs of the last request the fake saw to a path ending with {@code suffix}. */
    static JsonNode lastInputs(String suffix) {
        List<FakeHubSpot.Seen> requests = fake.requests();
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).path().endsWith(suffix)) {
                return requests.get(i).body().path("inputs");
            }
        }
        throw new AssertionError("no request to *" + suffix + " in " + requests);
    }
}
