package io.sluice.plugins.webhook;

import io.sluice.plugin.AppConnection;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The plugin contract for the webhook plugin in batch mode: one request per batch and action, a JSON array each way.
 * The same fake app and lifecycle as {@link WebhookContractTest}; only the connection differs, and a batch the app
 * refuses as a whole is split.
 */
class WebhookBatchContractTest extends WebhookContractTest {

    @Override
    protected Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.copyOf(super.capabilities());
        capabilities.add(Capability.BATCH_SPLITTING);
        // batch URLs see only object and action, so no record lacks what its request needs
        capabilities.remove(Capability.VALIDATE);
        return capabilities;
    }

    @Override
    protected AppConnection openAgainstFake() {
        return open("contract-batch", Map.of("url", app.baseUrl() + "/{{ object }}/batch/{{ action }}", "mode", "batch", "batch-size", "4"));
    }

    @Override
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.of(app.largestArray());
    }

    @Override
    protected void makeAppRejectWholeBatchBecauseOf(String identifier) {
        app.refuseBatchesWith(identifier);
    }
}
