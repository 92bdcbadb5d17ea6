package io.sluice.apps.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Pipedrive definition against {@link FakePipedrive}. Records carry what a person sync maps: a name, an
 * email and the company's custom field (by its 40-character key); updates and deletes address persons the fake holds.
 * The fake's 429 names its wait only in {@code x-ratelimit-reset} (no {@code Retry-After}), so THROTTLING proves the
 * definition's {@code wait}.
 */
class PipedriveContractTest extends AppDefinitionContractTest {
    static final FakePipedrive PIPEDRIVE = new FakePipedrive();

    @AfterAll
    static void stop() {
        PIPEDRIVE.close();
    }

    @Override
    protected String app() {
        return "pipedrive";
    }

    @Override
    protected FakeApi fake() {
        return PIPEDRIVE;
    }

    /** Not BATCH_SPLITTING: Pipedrive has no batch endpoint for persons (one request per record). */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    @Override
    protected ObjectNode fields(String identifier) {
        return JsonNodeFactory.instance.objectNode()
                .put("name", "Contact " + identifier)
                .put("email", identifier + "@example.com")
                .put(FakePipedrive.CUSTOM_FIELD, identifier);
    }

    /** Pipedrive holds a person's email in {@code emails}, as the API answers it. */
    @Override
    protected String seedInFake(ObjectNode fields) {
        ObjectNode stored = JsonNodeFactory.instance.objectNode().put("name", fields.path("name").asText());
        stored.putArray("emails").addObject().put("value", fields.path("email").asText()).put("primary", true);
        return PIPEDRIVE.seed(stored);
    }

    /** An update without the id Pipedrive gave the person: nothing to address it by. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord update = record(identifier, Action.UPDATE);
        return new OutboundRecord(identifier, Action.UPDATE, update.record(), update.previous(), null);
    }

    @Test
    void emailBecomesThePrimaryEmailAndOtherFieldsAreSentAsCustomFields() {
        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(record("shape-1", Action.CREATE)), 1);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        FakeApi.Seen post = PIPEDRIVE.seen().stream().filter(s -> s.method().equals("POST")).findFirst().orElseThrow();
        assertThat(post.path()).isEqualTo("/api/v2/persons");
        assertThat(post.query()).containsEntry("api_token", FakePipedrive.TOKEN);
        JsonNode body = post.json();
        assertThat(body.path("name").asText()).isEqualTo("Contact shape-1");
        assertThat(body.path("emails")).hasSize(1);
        assertThat(body.path("emails").get(0).path("value").asText()).isEqualTo("shape-1@example.com");
        assertThat(body.path("emails").get(0).path("primary").asBoolean()).isTrue();
        assertThat(body.path("custom_fields").path(FakePipedrive.CUSTOM_FIELD).asText()).isEqualTo("shape-1");
        assertThat(body.has("email")).as("no top-level email: API v2 refuses unknown fields").isFalse();
    }

    @Test
    void aFieldThatIsNoCustomFieldOfTheCompanyIsRejectedWithPipedrivesMessage() {
        OutboundRecord valid = record("unknown-1", Action.CREATE);
        valid.record().put("nickname", "Ada");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(valid), 1);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("error").asText()).contains("Unknown custom field key 'nickname'");
        });
    }

    @Test
    void anUpdatePatchesThePersonItAddresses() {
        OutboundRecord update = record("patch-1", Action.UPDATE);
        update.record().put("name", "Ada Lovelace");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(update), 1);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.appIdentifier()).isEqualTo(update.appIdentifier());
        });
        assertThat(PIPEDRIVE.person(update.appIdentifier()).path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(PIPEDRIVE.seen()).extracting(FakeApi.Seen::method, FakeApi.Seen::path)
                .containsExactly(tuple("PATCH", "/api/v2/persons/" + update.appIdentifier()));
    }

    @Test
    void deletingAPersonThatIsAlreadyGoneSucceeds() {
        ObjectNode last = record("gone-1", Action.CREATE).record();
        OutboundRecord gone = new OutboundRecord("gone-1", Action.DELETE, last, last, "999999");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.DELETE, List.of(gone), 1);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(PIPEDRIVE.seen()).singleElement().satisfies(s -> assertThat(s.method()).isEqualTo("DELETE"));
    }
}
