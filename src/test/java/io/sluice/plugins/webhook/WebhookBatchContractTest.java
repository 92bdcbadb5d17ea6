package io.sluice.plugins.webhook;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The plugin contract for the webhook plugin in batch mode: one request per batch and action, a JSON array each way.
 * The same fake app and lifecycle as {@link WebhookContractTest}; only the connection differs.
 */
class WebhookBatchContractTest extends WebhookContractTest {

    @Override
    protected AppConnection openAgainstFake() {
        return plugin().open(new ConnectionContext("contract-batch", new PluginSettings("contract-batch", Map.of(
                "url", app.baseUrl() + "/{{ object }}/batch/{{ action }}",
                "mode", "batch",
                "batch-size", "4",
                "id-pointer", "/id")), vertx, null));
    }

    @Override
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.of(app.largestArray());
    }
}
