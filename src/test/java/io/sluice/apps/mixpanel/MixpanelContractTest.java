package io.sluice.apps.mixpanel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Mixpanel definition against {@link FakeMixpanel}: the contract suite's records are user profiles
 * ({@code $set} by {@code $distinct_id} = the record's identifier); the app's own tests cover events ({@code /import}),
 * profile deletes, the 429 without a wait header and the region's host.
 */
class MixpanelContractTest extends AppDefinitionContractTest {
    static final FakeMixpanel MIXPANEL = new FakeMixpanel();
    private static final long TIME = 1_767_225_600L;

    @AfterAll
    static void stop() {
        MIXPANEL.close();
    }

    @Override
    protected String app() {
        return "mixpanel";
    }

    @Override
    protected FakeApi fake() {
        return MIXPANEL;
    }

    /**
     * What profile updates can show. Missing:
     * RECORD_REJECTION: /engage drops an invalid update of a batch silently and answers status 0 only when no update was
     * valid, never per record; APP_IDENTIFIERS: Mixpanel assigns no id (the profile is the sync's distinct_id);
     * THROTTLING and DEADLINE_DELAYS: its 429 names no wait ("retry with exponential backoff"), so there is no wait to
     * honour or to compare with a deadline (see {@link #a429WithoutAWaitIsRetriedWithBackoffAndTheProfilesThenSet});
     * BATCH_SPLITTING: /engage never refuses a batch for one update (/import does: see
     * {@link #eventsAreImportedAndAnEventMixpanelRefusesFailsAloneWithItsMessage}); VALIDATE: no template needs what a
     * record may lack.
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.SERVER_ERROR_RETRIES, Capability.CHECK, Capability.UNREADABLE_ANSWERS);
    }

    @Test
    void profilesAreSetByDistinctIdWithTheProjectTokenAndWithoutGeolocation() {
        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records("set", 3, Action.CREATE), 2000);

        assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(MIXPANEL.profiles()).containsOnlyKeys("set-1", "set-2", "set-3");
        assertThat(MIXPANEL.profiles().get("set-2").path("email").asText()).isEqualTo("set-2@example.com");
        assertThat(MIXPANEL.seen()).singleElement().satisfies(s -> {
            assertThat(s.method() + " " + s.path()).isEqualTo("POST /engage");
            assertThat(s.query()).containsEntry("verbose", "1").containsEntry("ip", "0");
            assertThat(s.json()).allSatisfy(update -> assertThat(update.path("$token").asText()).isEqualTo(FakeMixpanel.PROJECT_TOKEN));
        });
    }

    @Test
    void aDeleteDeletesTheProfile() {
        MIXPANEL.seedProfile("del-1", JsonNodeFactory.instance.objectNode().put("email", "del-1@example.com"));
        OutboundRecord last = record("del-1", Action.CREATE);
        OutboundRecord delete = new OutboundRecord("del-1", Action.DELETE, last.record(), last.record(), null);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.DELETE, List.of(delete), 2000);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(MIXPANEL.profiles()).doesNotContainKey("del-1");
        assertThat(MIXPANEL.seen()).singleElement().satisfies(s -> assertThat(s.json().get(0).has("$delete")).isTrue());
    }

    @Test
    void aBatchWithoutAValidUpdateIsNeverCountedAsDelivered() {
        MIXPANEL.reject("bad-1");
        MIXPANEL.reject("bad-2");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(record("bad-1", Action.CREATE), record("bad-2", Action.CREATE)), 2000);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).as("refused, not retried for ever").isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("error").asText()).isEqualTo("$set, property values are invalid");
        });
        assertThat(MIXPANEL.requests()).as("the batch answered status 0, then each update alone").isEqualTo(3);
    }

    @Test
    void a429WithoutAWaitIsRetriedWithBackoffAndTheProfilesThenSet() {
        MIXPANEL.throttle(1, 0);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records("busy", 2, Action.CREATE), 2000);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(MIXPANEL.requests()).as("the 429, then the retry").isEqualTo(2);
    }

    @Test
    void eventsAreImportedAndAnEventMixpanelRefusesFailsAloneWithItsMessage() {
        List<OutboundRecord> events = List.of(event("ev-1", true), event("ev-2", false), event("ev-3", true));

        Map<String, RecordOutcome> byId = byIdentifier(sendInBatches(Strategy.SEND, events, 2000));

        assertThat(byId.get("ev-1").success()).as("%s", byId.get("ev-1").result()).isTrue();
        assertThat(byId.get("ev-3").success()).as("%s", byId.get("ev-3").result()).isTrue();
        assertThat(byId.get("ev-2").status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(byId.get("ev-2").result().path("error").asText()).contains("'properties.time' is invalid");
        assertThat(MIXPANEL.events()).as("each valid event once")
                .extracting(e -> e.path("properties").path("$insert_id").asText()).containsExactlyInAnyOrder("ev-1", "ev-3");
        assertThat(MIXPANEL.seen()).as("one request: the 400 names the failed event, the batch is not split").hasSize(1);
        JsonNode first = MIXPANEL.events().get(0);
        assertThat(first.path("event").asText()).isEqualTo("Signed Up");
        assertThat(first.path("properties").path("plan").asText()).isEqualTo("pro");
        assertThat(first.path("properties").has("event")).isFalse();
        assertThat(MIXPANEL.seen()).allSatisfy(s -> assertThat(s.query()).containsEntry("strict", "1")
                .containsEntry("project_id", FakeMixpanel.PROJECT_ID));
    }

    @Test
    void theRegionPicksTheDataResidencyHost() {
        var baseUrl = shipped("mixpanel").baseUrl();

        assertThat(baseUrl.render(Map.of("settings", Map.of("region", "us")))).isEqualTo("https://api.mixpanel.com");
        assertThat(baseUrl.render(Map.of("settings", Map.of("region", "eu")))).isEqualTo("https://api-eu.mixpanel.com");
        assertThat(baseUrl.render(Map.of("settings", Map.of("region", "in")))).isEqualTo("https://api-in.mixpanel.com");
    }

    /** An event as a sync maps it: its name, time, user and a property; {@code timed = false} leaves the time out. */
    private static OutboundRecord event(String identifier, boolean timed) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("event", "Signed Up").put("distinct_id", "user-" + identifier)
                .put("plan", "pro");
        if (timed) {
            fields.put("time", TIME);
        }
        return new OutboundRecord(identifier, Action.SEND, fields, null, null);
    }
}
