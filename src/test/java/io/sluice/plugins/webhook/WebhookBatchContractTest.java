package io.sluice.plugins.webhook;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.PluginSettings;
import io.vertx.mutiny.core.Vertx;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The plugin contract for the webhook plugin in batch mode: one request per batch and action, a JSON array each way. */
class WebhookBatchContractTest extends PluginContractTest {
    private static Vertx vertx;
    private static FakeWebhookApp app;

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
        return plugin().open(new ConnectionContext("contract-batch", new PluginSettings("contract-batch", Map.of(
                "url", app.baseUrl() + "/{{ object }}/batch/{{ action }}",
                "mode", "batch",
                "batch-size", "4",
                "id-pointer", "/id")), vertx, null));
    }

    @Override
    protected void rejectInFake(String identifier) {
        app.reject(identifier);
    }

    @Override
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.of(app.largestArray());
    }
}
