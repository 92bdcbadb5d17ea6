package io.sluice.apps.mailchimp;

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
import io.sluice.testing.MutableClock;
import io.vertx.mutiny.core.Vertx;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code mailchimp} definition against {@link FakeMailchimp}: members batch-subscribed 500 at a time,
 * refused members matched to their records by email address; deletes archive members the list holds.
 */
class MailchimpContractTest extends AppDefinitionContractTest {
    private static final FakeMailchimp MAILCHIMP = new FakeMailchimp();

    @AfterAll
    static void stop() {
        MAILCHIMP.close();
    }

    @Override
    protected String app() {
        return "mailchimp";
    }

    @Override
    protected FakeApi fake() {
        return MAILCHIMP;
    }

    /**
     * Everything but APP_IDENTIFIERS (the batch answer splits members between new_members and updated_members, and a
     * definition reads results from one array; a member's id is the MD5 of its email, which Sluice does not need),
     * and VALIDATE (nothing to check without the app).
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.APP_IDENTIFIERS, Capability.VALIDATE));
    }

    @Override
    protected ObjectNode fields(String identifier) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("email_address", identifier + "@example.com");
        fields.putObject("merge_fields").put("FNAME", "Member " + identifier);
        return fields;
    }

    @Override
    protected String seedInFake(ObjectNode fields) {
        return MAILCHIMP.seed(fields.path("email_address").asText(), "subscribed");
    }

    @Test
    void aDeleteArchivesTheMemberAtTheMd5OfItsLowerCasedEmail() {
        String hash = MAILCHIMP.seed("ann.smith@example.com", "subscribed");
        ObjectNode member = JsonNodeFactory.instance.objectNode().put("email_address", "Ann.Smith@Example.COM");

        RecordOutcome outcome = sendInBatches(Strategy.MIRROR, List.of(new OutboundRecord("ann", Action.DELETE, member, member, hash)), 1)
                .get(0);

        assertThat(outcome.success()).as("delete: %s", outcome.result()).isTrue();
        assertThat(MAILCHIMP.seen()).last().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.path()).isEqualTo("/3.0/lists/" + FakeMailchimp.LIST_ID + "/members/" + FakeMailchimp.subscriberHash("ann.smith@example.com"));
        });
        assertThat(MAILCHIMP.member(hash)).as("archived member").isNull();
    }

    @Test
    void errorsAreMatchedToTheirRecordsByEmailAddressNotByPosition() {
        List<OutboundRecord> records = records("pos", 5, Action.CREATE);
        rejectInFake("pos-4");
        rejectInFake("pos-2");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records, 500);

        assertThat(MAILCHIMP.requests()).as("one batch request").isEqualTo(1);
        assertThat(outcomes).filteredOn(o -> !o.success()).extracting(RecordOutcome::identifier).containsExactlyInAnyOrder("pos-2", "pos-4");
        assertThat(outcomes).filteredOn(o -> o.identifier().equals("pos-4")).singleElement()
                .satisfies(o -> assertThat(o.result().toString()).contains("pos-4@example.com looks fake or invalid"));
    }

    @Test
    void withoutUpdateExistingAMemberAlreadyOnTheListIsRefusedAndLeftAsItWas() {
        MAILCHIMP.seed("kept-1@example.com", "unsubscribed");
        Vertx vertx = Vertx.vertx();
        try (AppConnection addOnly = open(plugin(), MAILCHIMP, MutableClock.atDefaultStart(), vertx, Map.of("update_existing", "false"))) {
            List<RecordOutcome> outcomes = addOnly.send(new SendBatch(target(Strategy.UPSERT),
                    List.of(record("kept-1", Action.CREATE), record("new-1", Action.CREATE)))).await().atMost(WAIT);

            assertThat(byIdentifier(outcomes).get("kept-1").success()).isFalse();
            assertThat(byIdentifier(outcomes).get("kept-1").result().toString()).contains("already a list member");
            assertThat(byIdentifier(outcomes).get("new-1").success()).isTrue();
            assertThat(MAILCHIMP.member(FakeMailchimp.subscriberHash("kept-1@example.com")).path("status").asText()).isEqualTo("unsubscribed");
        } finally {
            vertx.closeAndAwait();
        }
    }
}
