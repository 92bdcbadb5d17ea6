package io.sluice.apps.mixpanel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.Strategy;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract suite for Mixpanel's events: the shipped definition's {@code send} action ({@code /import?strict=1})
 * alone, so that the suite's batches are {@code send} ones (the profile actions are {@link MixpanelContractTest}'s).
 * A 400 naming failed events (by index in {@code failed_records}) answers per event: those are rejected, the others
 * imported ({@code response.partial}); Mixpanel deduplicates what is resent.
 */
class MixpanelEventsContractTest extends AppDefinitionContractTest {
    static final FakeMixpanel MIXPANEL = new FakeMixpanel("events");
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

    /** The shipped file without its profile actions (upsert, delete): the send action, settings, auth and check as shipped. */
    @Override
    protected String definitionText() {
        String shipped = super.definitionText();
        int from = shipped.indexOf("\n  upsert:\n");
        int to = shipped.indexOf("\n  send:\n");
        assertThat(from).as("the shipped file's upsert action").isPositive();
        assertThat(to).as("its send action, after upsert and delete").isGreaterThan(from);
        return shipped.substring(0, from) + shipped.substring(to);
    }

    /**
     * Not APP_IDENTIFIERS: Mixpanel assigns none; not THROTTLING nor DEADLINE_DELAYS: its 429 names no wait; not
     * VALIDATE: no template needs what a record may lack.
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.RECORD_REJECTION, Capability.BATCH_SPLITTING, Capability.SERVER_ERROR_RETRIES, Capability.CHECK,
                Capability.UNREADABLE_ANSWERS);
    }

    /** An event as a sync maps it; its {@code $insert_id} is the identifier (the definition's default). */
    @Override
    protected OutboundRecord record(String identifier, Action action) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("event", "Signed Up").put("time", TIME)
                .put("distinct_id", "user-" + identifier).put("plan", "pro");
        return new OutboundRecord(identifier, Action.SEND, fields, null, null);
    }

    @Test
    void theSuiteRunsAsSendsOfEventsThatMixpanelImports() {
        assertThat(plugin().supportedStrategies()).containsExactly(Strategy.SEND);

        sendInBatches(Strategy.UPSERT, records("imported", 3, Action.SEND), 2000);

        assertThat(MIXPANEL.events()).extracting(e -> e.path("properties").path("$insert_id").asText())
                .containsExactlyInAnyOrder("imported-1", "imported-2", "imported-3");
    }
}
