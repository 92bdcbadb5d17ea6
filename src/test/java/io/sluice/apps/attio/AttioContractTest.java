package io.sluice.apps.attio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.testing.MutableClock;
import io.vertx.mutiny.core.Vertx;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped Attio definition against {@link FakeAttio}: people asserted by email address. Records carry attribute
 * values in Attio's shapes; deletes address records the fake holds. The fake dates its Retry-After on the
 * connection's manual clock.
 */
class AttioContractTest extends AppDefinitionContractTest {
    static final FakeAttio ATTIO = new FakeAttio();

    @AfterAll
    static void stop() {
        ATTIO.close();
    }

    /** Runs after the connection opened: its clock is the one Retry-After dates are computed from. */
    @BeforeEach
    void dateRetryAfterOnTheConnectionsClock() {
        ATTIO.useClock(this::now);
    }

    @Override
    protected String app() {
        return "attio";
    }

    @Override
    protected FakeApi fake() {
        return ATTIO;
    }

    /** No BATCH_SPLITTING: Attio has no batch write endpoint (one request per record). */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    @Override
    protected ObjectNode fields(String identifier) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        values.putArray("email_addresses").add(identifier + "@example.com");
        values.putArray("name").addObject().put("first_name", "Contact").put("last_name", identifier)
                .put("full_name", "Contact " + identifier);
        values.put("external_id", identifier);
        return values;
    }

    @Override
    protected String seedInFake(ObjectNode values) {
        return ATTIO.seed("people", values);
    }

    /** A delete without the record id Attio gave the record: nothing to address it by. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord delete = record(identifier, Action.DELETE);
        return new OutboundRecord(identifier, Action.DELETE, delete.record(), delete.previous(), null);
    }

    @Test
    void assertMatchesByEmailSoAnUpdateOfTheSamePersonKeepsItsRecord() {
        RecordOutcome created = sendInBatches(Strategy.UPSERT, List.of(record("same-1", Action.CREATE)), 1).get(0);
        OutboundRecord renamed = record("same-1", Action.CREATE);
        renamed.record().putArray("job_title").add("Engineer");
        OutboundRecord update = new OutboundRecord("same-1", Action.UPDATE, renamed.record(), null, created.appIdentifier());

        RecordOutcome updated = sendInBatches(Strategy.UPSERT, List.of(update), 1).get(0);

        assertThat(updated.success()).as("%s", updated.result()).isTrue();
        assertThat(updated.appIdentifier()).isEqualTo(created.appIdentifier());
        assertThat(ATTIO.records("people")).hasSize(1);
        assertThat(ATTIO.records("people").get(created.appIdentifier()).path("job_title").get(0).asText()).isEqualTo("Engineer");
        assertThat(ATTIO.seen()).allSatisfy(s -> {
            assertThat(s.method() + " " + s.path()).isEqualTo("PUT /v2/objects/people/records");
            assertThat(s.query()).containsEntry("matching_attribute", "email_addresses");
            assertThat(s.header("Authorization")).isEqualTo("Bearer " + FakeAttio.TOKEN);
        });
    }

    @Test
    void theTargetObjectAndTheMatchingAttributeSettingAddressOtherObjects() {
        Vertx vertx = Vertx.vertx();
        try (AppConnection companies = open(plugin(), ATTIO, MutableClock.atDefaultStart(), vertx, Map.of("matching_attribute", "domains"))) {
            ObjectNode values = JsonNodeFactory.instance.objectNode().put("name", "Acme");
            values.putArray("domains").add("acme.example");
            OutboundRecord company = new OutboundRecord("acme", Action.CREATE, values, null, null);

            List<RecordOutcome> outcomes = companies.send(new SendBatch(new SyncTarget("companies", "companies", Strategy.UPSERT, Map.of()),
                    List.of(company))).await().atMost(WAIT);

            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.success()).as("%s", o.result()).isTrue();
                assertThat(o.appIdentifier()).isNotBlank();
            });
            assertThat(ATTIO.records("companies")).containsOnlyKeys(outcomes.get(0).appIdentifier());
        } finally {
            vertx.closeAndAwait();
        }
    }

    @Test
    void anUnknownAttributeIsRejectedWithAttiosMessage() {
        OutboundRecord record = record("slug-1", Action.CREATE);
        record.record().put("favourite_colour", "teal");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(record), 1);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("error").asText()).isEqualTo("Cannot find attribute with slug/ID \"favourite_colour\".");
        });
    }

    @Test
    void deletingARecordThatIsAlreadyGoneSucceeds() {
        OutboundRecord last = record("gone-1", Action.CREATE);
        OutboundRecord gone = new OutboundRecord("gone-1", Action.DELETE, last.record(), last.record(), "5f4f2d9c-2b3e-4a83-9c76-1de3a3f14f26");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.DELETE, List.of(gone), 1);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
    }
}
