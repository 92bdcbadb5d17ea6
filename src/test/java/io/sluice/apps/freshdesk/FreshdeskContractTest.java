package io.sluice.apps.freshdesk;

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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code freshdesk} definition against {@link FakeFreshdesk}. Records carry Freshdesk's own fields
 * ({@code unique_external_id}, not {@code external_id}: Freshdesk refuses fields it does not know); updates and
 * deletes address contacts the fake helpdesk holds.
 */
class FreshdeskContractTest extends AppDefinitionContractTest {
    private static FakeFreshdesk freshdesk;

    @BeforeAll
    static void start() {
        freshdesk = new FakeFreshdesk();
    }

    @AfterAll
    static void stop() {
        freshdesk.close();
    }

    @Override
    protected String app() {
        return "freshdesk";
    }

    @Override
    protected FakeApi fake() {
        return freshdesk;
    }

    /** All but BATCH_SPLITTING: Freshdesk has no batch endpoint for contacts, every record is its own request. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    @Override
    protected ObjectNode fields(String identifier) {
        return contact(identifier);
    }

    @Override
    protected String seedInFake(ObjectNode fields) {
        return freshdesk.seed(fields);
    }

    /** An update without the Freshdesk contact id: PUT /contacts/{id} cannot address it. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        ObjectNode fields = contact(identifier);
        return new OutboundRecord(identifier, Action.UPDATE, fields, fields.deepCopy(), null);
    }

    @Test
    void aTakenEmailIsRejectedWithFreshdesksDuplicateValueNotRetried() {
        freshdesk.seed(contact("taken-1"));

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.UPSERT), List.of(record("taken-1", Action.CREATE))))
                .await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).as("%s", o.result()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("status").asInt()).isEqualTo(409);
            assertThat(o.result().toString()).contains("duplicate_value");
        });
        assertThat(freshdesk.seen()).as("one POST, no retry of the 409").filteredOn(s -> s.method().equals("POST")).hasSize(1);
    }

    @Test
    void aSoftDeleteAnsweredWithAnEmpty204IsASuccess() {
        OutboundRecord delete = record("gone-1", Action.DELETE);

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.MIRROR), List.of(delete))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(freshdesk.contacts().get(delete.appIdentifier()).path("deleted").asBoolean()).as("soft-deleted").isTrue();
    }

    private static ObjectNode contact(String identifier) {
        return JsonNodeFactory.instance.objectNode()
                .put("unique_external_id", identifier)
                .put("email", identifier + "@example.com")
                .put("name", "Contact " + identifier);
    }
}
