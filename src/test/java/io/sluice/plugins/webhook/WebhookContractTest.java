package io.sluice.plugins.webhook;

import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.PluginSettings;
import io.vertx.mutiny.core.Vertx;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin contract for the webhook plugin in record mode: one request per record, to a REST-style URL. A record
 * the app refuses fails alone by its own answer, so there is no batch to split. Retry-After is waited in real time
 * (the webhook plugin takes no delayer), so the suite's throttling test takes its two seconds.
 */
class WebhookContractTest extends PluginContractTest {
    static final String SECRET = "Bearer contract-s3cr3t-7d2e";
    static Vertx vertx;
    static FakeWebhookApp app;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        app = new FakeWebhookApp();
    }

    @AfterAll
    static void stop() {
        app.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void resetFake() {
        app.reset();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.RECORD_REJECTION, Capability.APP_IDENTIFIERS, Capability.THROTTLING, Capability.SERVER_ERROR_RETRIES,
                Capability.DEADLINE_DELAYS, Capability.VALIDATE, Capability.CHECK, Capability.UNREADABLE_ANSWERS);
    }

    @Override
    protected AppPlugin plugin() {
        return new WebhookPlugin();
    }

    @Override
    protected AppConnection openAgainstFake() {
        return open("contract", Map.of("url", app.baseUrl() + "/{{ object }}/{{ app_identifier }}", "method.update", "PATCH"));
    }

    /** Opens a connection to the fake with the settings every contract connection has, plus {@code own}. */
    AppConnection open(String name, Map<String, String> own) {
        Map<String, String> settings = new HashMap<>(own);
        settings.put("id-pointer", "/id");
        settings.put("check-url", app.baseUrl() + "/me");
        settings.put("headers.Authorization", SECRET);
        // retries wait on the fault-tolerance library's timer, in real time: short
        settings.put("retry.base-delay", "1ms");
        settings.put("retry.max-delay", "10ms");
        return plugin().open(new ConnectionContext(name, new PluginSettings(name, settings), vertx, null));
    }

    @Override
    protected void rejectInFake(String identifier) {
        app.reject(identifier);
    }

    @Override
    protected OptionalInt requestsSeenByFake() {
        return OptionalInt.of(app.requests());
    }

    @Override
    protected void makeAppThrottle(int times, int retryAfterSeconds) {
        app.throttle(times, retryAfterSeconds);
    }

    @Override
    protected void makeAppFailWithServerErrors(int times) {
        app.serverErrors(times);
    }

    @Override
    protected void makeAppAnswerAGatewayPage() {
        app.gatewayPage();
    }

    /** An update whose URL needs the app identifier it does not have. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord valid = record(identifier, Action.UPDATE);
        return new OutboundRecord(identifier, Action.UPDATE, valid.record(), valid.previous(), null);
    }

    @Override
    protected void makeCheckFail() {
        app.breakCheck();
    }

    @Override
    protected List<String> secrets() {
        return List.of(SECRET, SECRET.substring("Bearer ".length()));
    }

    @Override
    protected void makeAppEchoSecrets() {
        app.echoAuthorization();
    }
}
