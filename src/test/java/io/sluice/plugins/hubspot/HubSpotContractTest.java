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
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin contract against the fake portal: contacts created by {@code batch/create}; updates and deletes
 * address objects the fake holds (the suite's records are seeded there first, as a real portal would hold them).
 * Waits (rate limits, Retry-After) move the connection's manual clock instead of sleeping.
 */
class HubSpotContractTest extends PluginContractTest {
    // package-private: HubSpotDefinitionContractTest runs this suite, with these hooks, against the same portal
    static Vertx vertx;
    static FakeHubSpot portal;
    MutableClock clock;

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
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    protected AppPlugin plugin() {
        return new HubSpotPlugin();
    }

    @Override
    protected AppConnection openAgainstFake() {
        clock = MutableClock.atDefaultStart();
        // retries wait on the fault-tolerance library's timer, in real time: short
        return new HubSpotPlugin().open(new ConnectionContext("contract", new PluginSettings("contract", Map.of(
                "base-url", portal.baseUrl(), "access-token", FakeHubSpot.TOKEN, "retry.base-delay", "1ms", "retry.max-delay", "10ms")),
                vertx, clock), wait -> {
                    clock.advance(wait);
                    return Uni.createFrom().voidItem();
                });
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected OptionalInt requestsSeenByFake() {
        return OptionalInt.of(portal.requests().size());
    }

    @Override
    protected void makeAppThrottle(int times, int retryAfterSeconds) {
        portal.throttle(times, "TEN_SECONDLY_ROLLING", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected void makeAppFailWithServerErrors(int times) {
        portal.serverErrors(times, 502);
    }

    @Override
    protected void makeAppAnswerAGatewayPage() {
        portal.answer200(1, "text/html", "<html><body><h1>504 Gateway Time-out</h1></body></html>");
    }

    @Override
    protected void makeAppRejectWholeBatchBecauseOf(String identifier) {
        portal.invalidValue(identifier);
    }

    /** A property holding a nested object, which HubSpot cannot store. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord valid = record(identifier, Action.CREATE);
        valid.record().putObject("address").put("city", "Paris");
        return valid;
    }

    @Override
    protected void makeCheckFail() {
        portal.revokeToken();
    }

    @Override
    protected List<String> secrets() {
        return List.of(FakeHubSpot.TOKEN);
    }

    @Override
    protected void makeAppEchoSecrets() {
        portal.leakAuthorization();
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
