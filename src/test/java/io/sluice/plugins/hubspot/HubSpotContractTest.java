package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.PluginSettings;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin contract against the fake portal: contacts created by {@code batch/create}; updates and deletes
 * address objects the fake holds (the suite's records are seeded there first, as a real portal would hold them).
 */
class HubSpotContractTest extends PluginContractTest {
    private static Vertx vertx;
    private static FakeHubSpot portal;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        portal = new FakeHubSpot();
    }

    @AfterAll
    static void stop() {
        portal.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void resetPortal() {
        portal.reset();
    }

    @Override
    protected AppPlugin plugin() {
        return new HubSpotPlugin();
    }

    @Override
    protected AppConnection openAgainstFake() {
        MutableClock clock = MutableClock.atDefaultStart();
        return new HubSpotPlugin().open(new ConnectionContext("contract", new PluginSettings("contract", Map.of(
                "base-url", portal.baseUrl(), "access-token", FakeHubSpot.TOKEN)), vertx, clock), wait -> {
                    clock.advance(wait);
                    return Uni.createFrom().voidItem();
                });
    }

    @Override
    protected void rejectInFake(String identifier) {
        portal.rejectValue(identifier);
    }

    @Override
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.of(portal.largestBatch());
    }

    /** Updates and deletes carry the HubSpot id of an object the portal holds. */
    @Override
    protected OutboundRecord record(String identifier, Action action) {
        OutboundRecord record = super.record(identifier, action);
        if (record.appIdentifier() == null) {
            return record;
        }
        String id = portal.seed("contacts", (ObjectNode) record.record().deepCopy());
        return new OutboundRecord(identifier, action, record.record(), record.previous(), id);
    }
}
