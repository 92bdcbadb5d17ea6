package io.sluice.apps.klaviyo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
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
 * The shipped {@code klaviyo} definition against {@link FakeKlaviyo}. The suite's records are profiles (email,
 * external id, first name: Klaviyo refuses attributes it does not know, such as {@code name}); updates and deletes
 * address profiles the fake holds, as a real account would hold them.
 */
class KlaviyoContractTest extends AppDefinitionContractTest {
    private static final FakeKlaviyo KLAVIYO = new FakeKlaviyo();

    @AfterAll
    static void stop() {
        KLAVIYO.close();
    }

    @Override
    protected String app() {
        return "klaviyo";
    }

    @Override
    protected FakeApi fake() {
        return KLAVIYO;
    }

    /**
     * Everything but BATCH_SPLITTING (Create or Update Profile takes one profile per request; Klaviyo's bulk import is
     * an asynchronous job without per-profile results, so the definition sends no batches) and VALIDATE (nothing a
     * definition can check without the app: Klaviyo validates emails and phone numbers itself).
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING, Capability.VALIDATE));
    }

    @Override
    protected ObjectNode fields(String identifier) {
        return JsonNodeFactory.instance.objectNode()
                .put("external_id", identifier)
                .put("email", identifier + "@example.com")
                .put("first_name", "Profile " + identifier);
    }

    @Override
    protected String seedInFake(ObjectNode fields) {
        return KLAVIYO.seed(fields);
    }

    @Test
    void aProfileSentAgainIsUpdatedInPlaceUnderTheSameKlaviyoId() {
        OutboundRecord first = record("same-1", Action.CREATE);
        ObjectNode renamed = first.record().deepCopy().put("first_name", "Renamed");

        RecordOutcome created = sendInBatches(Strategy.UPSERT, List.of(first), 1).get(0);
        RecordOutcome updated = sendInBatches(Strategy.UPSERT, List.of(new OutboundRecord("same-1", Action.UPDATE, renamed,
                first.record(), created.appIdentifier())), 1).get(0);

        assertThat(updated.success()).as("update: %s", updated.result()).isTrue();
        assertThat(updated.appIdentifier()).as("Klaviyo id after the update").isEqualTo(created.appIdentifier());
        assertThat(KLAVIYO.profile(created.appIdentifier()).path("first_name").asText()).isEqualTo("Renamed");
    }

    @Test
    void aDeleteRequestsTheDeletionOfTheProfileByItsKlaviyoId() {
        OutboundRecord gone = record("gone-1", Action.DELETE);

        RecordOutcome outcome = sendInBatches(Strategy.MIRROR, List.of(gone), 1).get(0);

        assertThat(outcome.success()).as("delete: %s", outcome.result()).isTrue();
        assertThat(KLAVIYO.deletionRequested(gone.appIdentifier())).as("deletion job for %s", gone.appIdentifier()).isTrue();
        assertThat(KLAVIYO.profile(gone.appIdentifier())).isNull();
    }

    @Test
    void aDeleteWithoutAKlaviyoIdIsRefusedBeforeAnyRequest() {
        OutboundRecord unknown = new OutboundRecord("never-sent", Action.DELETE, record("never-sent", Action.CREATE).record(), null, null);
        int before = KLAVIYO.requests();

        List<String> problems = connection().validate(target(Strategy.MIRROR), unknown);

        assertThat(problems).as("problems of a delete without Klaviyo id").singleElement().asString().contains("app identifier");
        assertThat(KLAVIYO.requests()).isEqualTo(before);
    }

    @Test
    void everyRequestCarriesTheRevisionSetAndTheJsonApiMediaType() {
        Vertx vertx = Vertx.vertx();
        try (AppConnection pinned = open(plugin(), KLAVIYO, MutableClock.atDefaultStart(), vertx, Map.of("revision", "2026-10-15"))) {
            List<RecordOutcome> outcomes = pinned.send(new SendBatch(target(Strategy.UPSERT), List.of(record("rev-1", Action.CREATE))))
                    .await().atMost(WAIT);

            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
            assertThat(KLAVIYO.seen()).last().satisfies(r -> {
                assertThat(r.header("revision")).isEqualTo("2026-10-15");
                assertThat(r.header("Content-Type")).startsWith("application/vnd.api+json");
                assertThat(r.json().at("/data/type").asText()).isEqualTo("profile");
            });
        } finally {
            vertx.closeAndAwait();
        }
    }

    @Test
    void anUpdateNamesTheProfileByItsKlaviyoIdSoAChangedEmailChangesThatProfile() {
        OutboundRecord before = record("moved-1", Action.UPDATE);
        ObjectNode moved = before.record().deepCopy().put("email", "new-address@example.com");

        RecordOutcome outcome = sendInBatches(Strategy.UPSERT, List.of(new OutboundRecord("moved-1", Action.UPDATE, moved,
                before.record(), before.appIdentifier())), 1).get(0);

        assertThat(outcome.success()).as("update: %s", outcome.result()).isTrue();
        assertThat(outcome.appIdentifier()).isEqualTo(before.appIdentifier());
        assertThat(KLAVIYO.profile(before.appIdentifier()).path("email").asText()).isEqualTo("new-address@example.com");
        assertThat(KLAVIYO.seen()).last().satisfies(r -> assertThat(r.json().at("/data/id").asText()).isEqualTo(before.appIdentifier()));
    }
}
