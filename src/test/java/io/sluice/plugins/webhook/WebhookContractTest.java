package io.sluice.plugins.webhook;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.PluginSettings;
import io.vertx.mutiny.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The plugin contract for the webhook plugin in record mode: one request per record, to a REST-style URL. */
class WebhookContractTest extends PluginContractTest {
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
    protected AppPlugin plugin() {
        return new WebhookPlugin();
    }

    @Override
    protected AppConnection openAgainstFake() {
        return plugin().open(new ConnectionContext("contract", new PluginSettings("contract", Map.of(
                "url", app.baseUrl() + "/{{ object }}/{{ app_identifier }}",
                "method.update", "PATCH",
                "id-pointer", "/id")), vertx, null));
    }

    @Override
    protected void rejectInFake(String identifier) {
        app.reject(identifier);
    }
}
