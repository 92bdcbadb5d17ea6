package io.sluice.apps.customerio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The shipped {@code customerio} definition against {@link FakeCustomerIo}: people by identifier, one per request. */
class CustomerIoContractTest extends AppDefinitionContractTest {
    private static final FakeCustomerIo CUSTOMER_IO = new FakeCustomerIo();

    @AfterAll
    static void stop() {
        CUSTOMER_IO.close();
    }

    @Override
    protected String app() {
        return "customerio";
    }

    @Override
    protected FakeApi fake() {
        return CUSTOMER_IO;
    }

    /**
     * Everything but BATCH_SPLITTING (the Track API v1 takes one person per request), APP_IDENTIFIERS (it answers an
     * empty object: the person's id is the sync's identifier) and VALIDATE (nothing to check without the app).
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING, Capability.APP_IDENTIFIERS, Capability.VALIDATE));
    }

    @Test
    void theRegionSettingChoosesTheTrackApiHost() {
        var baseUrl = shipped("customerio").baseUrl();

        assertThat(baseUrl.render(Map.of("settings", Map.of("region", "us"), "object", ""))).isEqualTo("https://track.customer.io/api/v1");
        assertThat(baseUrl.render(Map.of("settings", Map.of("region", "eu"), "object", ""))).isEqualTo("https://track-eu.customer.io/api/v1");
    }

    @Test
    void anIdentifierIsEncodedIntoThePathAndNamesThePerson() {
        String identifier = "ann smith+vip@example.com";
        ObjectNode attributes = JsonNodeFactory.instance.objectNode().put("email", "ann@example.com").put("plan", "pro");

        RecordOutcome outcome = sendInBatches(Strategy.UPSERT, List.of(new OutboundRecord(identifier, Action.CREATE, attributes, null, null)), 1)
                .get(0);

        assertThat(outcome.success()).as("upsert: %s", outcome.result()).isTrue();
        assertThat(CUSTOMER_IO.person(identifier)).as("person %s", identifier).isEqualTo(attributes);
    }

    @Test
    void anEventIsRecordedForThePersonNamedByTheIdentifier() {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("name", "purchase");
        event.putObject("data").put("amount", 42);
        ObjectNode nameless = JsonNodeFactory.instance.objectNode().put("title", "no name");
        SyncTarget events = new SyncTarget("contract-suite", "events", Strategy.SEND, Map.of());

        List<RecordOutcome> outcomes = connection().send(new SendBatch(events, List.of(
                new OutboundRecord("cust-1", Action.SEND, event, null, null),
                new OutboundRecord("cust-2", Action.SEND, nameless, null, null)))).await().atMost(WAIT);

        assertThat(byIdentifier(outcomes).get("cust-1").success()).isTrue();
        assertThat(byIdentifier(outcomes).get("cust-2").success()).as("an event without name").isFalse();
        assertThat(byIdentifier(outcomes).get("cust-2").result().toString()).contains("name cannot be blank");
        assertThat(CUSTOMER_IO.events()).singleElement().satisfies(e -> {
            assertThat(e.path("customer").asText()).isEqualTo("cust-1");
            assertThat(e.path("data").path("amount").asInt()).isEqualTo(42);
        });
    }
}
