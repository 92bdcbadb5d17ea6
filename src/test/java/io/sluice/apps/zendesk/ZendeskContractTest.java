package io.sluice.apps.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The shipped {@code zendesk} definition against {@link FakeZendesk}. Updates and deletes address users the fake
 * account holds (seeded first, as a real account would hold them).
 */
class ZendeskContractTest extends AppDefinitionContractTest {
    private static FakeZendesk zendesk;

    @BeforeAll
    static void start() {
        zendesk = new FakeZendesk();
    }

    @AfterAll
    static void stop() {
        zendesk.close();
    }

    @Override
    protected String app() {
        return "zendesk";
    }

    @Override
    protected FakeApi fake() {
        return zendesk;
    }

    /**
     * All but BATCH_SPLITTING: the definition sends one user per request (create_or_update_many answers an async
     * job, not per-user results), so there is no batch for Zendesk to refuse as a whole.
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    @Override
    protected String seedInFake(ObjectNode fields) {
        return zendesk.seed(fields);
    }

    /** An update without the Zendesk user id: PUT /users/{id} cannot address it. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord valid = super.record(identifier, Action.CREATE);
        return new OutboundRecord(identifier, Action.UPDATE, valid.record(), valid.record().deepCopy(), null);
    }

    @Test
    void anUpsertOfAKnownEmailUpdatesThatUserAndAnswersItsNestedId() {
        OutboundRecord known = super.record("known-1", Action.CREATE);
        String id = zendesk.seed(known.record().deepCopy().put("name", "Old name"));

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.UPSERT), List.of(known))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.appIdentifier()).as("user.id of the matched user").isEqualTo(id);
        });
        assertThat(zendesk.users()).hasSize(1);
        assertThat(zendesk.users().get(id).path("name").asText()).isEqualTo("Contact known-1");
        assertThat(zendesk.seen()).last().satisfies(request -> assertThat(request.json().path("user").path("email").asText())
                .as("the record wrapped as {\"user\": ...}").isEqualTo("known-1@example.com"));
    }

    @Test
    void aUserZendeskFindsInvalidIsRejectedWithTheFieldDetails() {
        zendesk.reject("bad-1");

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.UPSERT), List.of(record("bad-1", Action.CREATE))))
                .await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().toString()).contains("RecordInvalid").contains("is not properly formatted");
        });
    }
}
