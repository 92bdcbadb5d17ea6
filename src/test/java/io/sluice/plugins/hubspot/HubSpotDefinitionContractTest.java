package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.runtime.DefinitionPlugin;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
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
 * The HubSpot contract suite, run against the same fake portal as the Java plugin ({@link HubSpotContractTest}), for the
 * shipped definition {@code hubspot-contacts} (batch upsert by email, batch archive by id). It passes every capability
 * but {@link Capability#VALIDATE}: a definition cannot check a record's values before sending (the Java plugin refuses a
 * nested object without calling HubSpot; the definition lets HubSpot refuse it). See docs/apps.md for why the Java
 * plugin stays the supported HubSpot connector.
 */
class HubSpotDefinitionContractTest extends PluginContractTest {
    private static Vertx vertx;
    private static FakeHubSpot portal;
    private MutableClock clock;

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
        return EnumSet.complementOf(EnumSet.of(Capability.VALIDATE));
    }

    @Override
    protected DefinitionPlugin plugin() {
        return new DefinitionPlugin(AppDefinitionContractTest.shipped("hubspot-contacts"));
    }

    @Override
    protected AppConnection openAgainstFake() {
        clock = MutableClock.atDefaultStart();
        return plugin().open(new ConnectionContext("contract", new PluginSettings("contract", Map.of(
                "base-url", portal.baseUrl(), "access_token", FakeHubSpot.TOKEN, "retry.base-delay", "1ms", "retry.max-delay", "10ms")),
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
