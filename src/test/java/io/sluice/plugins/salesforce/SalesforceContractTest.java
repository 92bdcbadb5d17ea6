package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin contract for Salesforce, against the fake org, through sObject Collections. Collections answer each
 * record with its own result ({@code allOrNone=false}), so there is never a whole batch to split. Waits (rate
 * limits, Retry-After) move the manual clock instead of sleeping.
 */
class SalesforceContractTest extends PluginContractTest {
    private static MutableClock clock;
    private static FakeSalesforce org;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.now());
        org = new FakeSalesforce(clock);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
        org.close();
    }

    @BeforeEach
    void resetFake() {
        org.reset();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    @Override
    protected AppPlugin plugin() {
        return new SalesforcePlugin();
    }

    @Override
    protected AppConnection openAgainstFake() {
        return new SalesforcePlugin().open(new io.sluice.plugin.ConnectionContext("contract", new io.sluice.plugin.PluginSettings("contract", Map.of(
                "login-url", org.baseUrl(), "client-id", FakeSalesforce.CLIENT_ID, "client-secret", FakeSalesforce.CLIENT_SECRET,
                // retries wait on the fault-tolerance library's timer, in real time: short
                "retry.base-delay", "1ms", "retry.max-delay", "10ms")), vertx, clock),
                wait -> {
                    clock.advance(wait);
                    return Uni.createFrom().voidItem();
                });
    }

    @Override
    protected void rejectInFake(String identifier) {
        org.reject(identifier);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected OptionalInt requestsSeenByFake() {
        return OptionalInt.of(org.server().getAllServeEvents().size());
    }

    @Override
    protected void makeAppThrottle(int times, int retryAfterSeconds) {
        org.throttleNext(times, 429, retryAfterSeconds);
    }

    @Override
    protected void makeAppFailWithServerErrors(int times) {
        org.throttleNext(times, 503, 0);
    }

    @Override
    protected void makeAppAnswerAGatewayPage() {
        org.gatewayPageNext(1);
    }

    /** An update whose Salesforce Id is not one. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord valid = record(identifier, Action.CREATE);
        return new OutboundRecord(identifier, Action.UPDATE, valid.record(), valid.record().deepCopy(), "003?ids=x");
    }

    @Override
    protected void makeCheckFail() {
        org.refuseEveryToken();
    }

    /** The client secret and every token the org issued so far. */
    @Override
    protected List<String> secrets() {
        List<String> secrets = new ArrayList<>(org.issuedTokens());
        secrets.add(FakeSalesforce.CLIENT_SECRET);
        return secrets;
    }

    @Override
    protected void makeAppEchoSecrets() {
        org.echoCredentials();
    }

    @Override
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.of(org.largestCollection());
    }

    @Override
    protected SyncTarget target(Strategy strategy) {
        return new SyncTarget("contract-suite", "Contact", strategy, Map.of());
    }

    /** Contacts with the fields the fake org needs; updates and deletes address a Contact that exists in it. */
    @Override
    protected OutboundRecord record(String identifier, Action action) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode()
                .put("External_Id__c", identifier)
                .put("Email", identifier + "@example.com")
                .put("LastName", "Contact " + identifier);
        boolean existing = action == Action.UPDATE || action == Action.DELETE;
        String id = existing ? org.seed("Contact", fields) : null;
        return new OutboundRecord(identifier, action, fields, existing ? fields.deepCopy() : null, id);
    }
}
