package io.sluice.apps.intercom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.apps.model.Template;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code intercom} definition against {@link FakeIntercom}. Updates and deletes address contacts the fake
 * workspace holds; the fake's 429 names its reset on the connection's (manual) clock.
 */
class IntercomContractTest extends AppDefinitionContractTest {
    private static FakeIntercom intercom;

    @BeforeAll
    static void start() {
        intercom = new FakeIntercom();
    }

    @AfterAll
    static void stop() {
        intercom.close();
    }

    /** The fake's X-RateLimit-Reset is a time on the connection's manual clock (the base class resets the fake). */
    @BeforeEach
    void rateLimitResetsOnTheConnectionsClock() {
        intercom.clock(this::now);
    }

    @Override
    protected String app() {
        return "intercom";
    }

    @Override
    protected FakeApi fake() {
        return intercom;
    }

    /** All but BATCH_SPLITTING: Intercom has no batch endpoint for contacts, every record is its own request. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    @Override
    protected String seedInFake(ObjectNode fields) {
        return intercom.seed(fields);
    }

    /** An update without the Intercom contact id: PUT /contacts/{id} cannot address it. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord valid = super.record(identifier, Action.CREATE);
        return new OutboundRecord(identifier, Action.UPDATE, valid.record(), valid.record().deepCopy(), null);
    }

    @Test
    void creatingAContactThatExistsIsRejectedWithIntercomsConflictNotRetried() {
        OutboundRecord existing = super.record("dup-1", Action.CREATE);
        String id = intercom.seed(existing.record());

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.UPSERT), List.of(existing))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).as("%s", o.result()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("error").asText()).isEqualTo("A contact matching those details already exists with id=" + id);
        });
        assertThat(intercom.seen()).as("one POST, no retry of the 409").filteredOn(s -> s.method().equals("POST")).hasSize(1);
    }

    @Test
    void theRegionSettingChoosesTheRegionalHost() {
        Template baseUrl = shipped("intercom").baseUrl();

        assertThat(Map.of("us", "https://api.intercom.io", "eu", "https://api.eu.intercom.io", "au", "https://api.au.intercom.io"))
                .allSatisfy((region, host) -> assertThat(baseUrl.render(Map.of("settings", Map.of("region", region), "object", "")).trim())
                        .as("base URL in region %s", region).isEqualTo(host));
    }

    @Test
    void everyRequestNamesTheApiVersionAndAnUpdateAddressesTheContactById() {
        OutboundRecord update = record("upd-1", Action.UPDATE);

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.UPSERT), List.of(update))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.appIdentifier()).isEqualTo(update.appIdentifier());
        });
        assertThat(intercom.seen()).last().satisfies(s -> {
            assertThat(s.method() + " " + s.path()).isEqualTo("PUT /contacts/" + update.appIdentifier());
            assertThat(s.header("Intercom-Version")).isEqualTo(FakeIntercom.VERSION);
        });
    }
}
