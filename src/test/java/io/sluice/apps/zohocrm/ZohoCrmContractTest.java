package io.sluice.apps.zohocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.apps.model.AppDefinition;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
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
 * The shipped Zoho CRM definition against {@link FakeZohoCrm}: Contacts upserted on Email in batches of 100, an access
 * token from the refresh-token grant on the fake's accounts server. Updates and deletes address records the fake holds.
 * The fake takes only the documented {@code Authorization: Zoho-oauthtoken} header.
 */
class ZohoCrmContractTest extends AppDefinitionContractTest {
    static final FakeZohoCrm ZOHO = new FakeZohoCrm();

    @AfterAll
    static void stop() {
        ZOHO.close();
    }

    @Override
    protected String app() {
        return "zoho-crm";
    }

    @Override
    protected FakeApi fake() {
        return ZOHO;
    }

    /** Not THROTTLING nor DEADLINE_DELAYS: Zoho's 429 (TOO_MANY_REQUESTS) names no wait; it is retried with backoff. */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.THROTTLING, Capability.DEADLINE_DELAYS));
    }

    @Override
    protected ObjectNode fields(String identifier) {
        return JsonNodeFactory.instance.objectNode()
                .put("First_Name", "Contact")
                .put("Last_Name", identifier)
                .put("Email", identifier + "@example.com");
    }

    @Override
    protected String seedInFake(ObjectNode fields) {
        return ZOHO.seed("Contacts", fields);
    }

    /** A delete without the id Zoho gave the record: nothing to address it by. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord delete = record(identifier, Action.DELETE);
        return new OutboundRecord(identifier, Action.DELETE, delete.record(), delete.previous(), null);
    }

    @Test
    void anUpsertOfAKnownEmailUpdatesThatRecordAndResultsAreMatchedByPosition() {
        String known = ZOHO.seed("Contacts", JsonNodeFactory.instance.objectNode().put("Last_Name", "old").put("Email", "known-2@example.com"));

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records("known", 3, Action.CREATE), 100);

        assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(byIdentifier(outcomes).get("known-2").appIdentifier()).isEqualTo(known);
        assertThat(byIdentifier(outcomes).get("known-2").result().path("action").asText()).isEqualTo("update");
        assertThat(ZOHO.records("Contacts")).hasSize(3);
        assertThat(ZOHO.records("Contacts").get(known).path("Last_Name").asText()).isEqualTo("known-2");
    }

    @Test
    void aRecordZohoRefusesIsRejectedNamingTheFieldWhileTheOthersAreUpserted() {
        OutboundRecord nameless = record("nameless-2", Action.CREATE);
        nameless.record().remove("Last_Name");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(record("nameless-1", Action.CREATE), nameless), 100);

        RecordOutcome refused = byIdentifier(outcomes).get("nameless-2");
        assertThat(refused.status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(refused.result().path("error").asText()).isEqualTo("required field not found");
        assertThat(refused.result().path("answer").path("code").asText()).isEqualTo("MANDATORY_NOT_FOUND");
        assertThat(refused.result().path("answer").path("details").path("api_name").asText()).isEqualTo("Last_Name");
        assertThat(byIdentifier(outcomes).get("nameless-1").success()).isTrue();
    }

    @Test
    void aRecordErrorThatNamesNoFieldIsRejectedByItsStatus() {
        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, List.of(record("open-1", Action.CREATE), record("locked-2", Action.CREATE)), 100);

        RecordOutcome locked = byIdentifier(outcomes).get("locked-2");
        assertThat(locked.status()).as("%s", locked.result()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(locked.result().path("error").asText()).isEqualTo("the record is locked and cannot be updated");
        assertThat(locked.result().path("answer").path("code").asText()).isEqualTo("RECORD_LOCKED");
        assertThat(byIdentifier(outcomes).get("open-1").success()).isTrue();
    }

    @Test
    void aBatchWhoseEveryRecordFailsIsAnswered400SoItIsSplitAndEachRecordRejected() {
        List<OutboundRecord> nameless = records("all-bad", 2, Action.CREATE);
        nameless.forEach(r -> r.record().remove("Last_Name"));

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, nameless, 100);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().toString()).contains("MANDATORY_NOT_FOUND");
        });
        assertThat(ZOHO.records("Contacts")).isEmpty();
    }

    @Test
    void aRefreshTokenZohoRefusesMakesTheConnectionUnavailableWithoutShowingIt() {
        Vertx vertx = Vertx.vertx();
        try (AppConnection revoked = open(plugin(), ZOHO, MutableClock.atDefaultStart(), vertx, Map.of("refresh_token", "1000.revoked"))) {
            Throwable failure = catchThrowable(() -> revoked.send(new SendBatch(target(Strategy.UPSERT),
                    List.of(record("revoked-1", Action.CREATE)))).await().atMost(WAIT));

            assertThat(failure).isInstanceOf(AppUnavailableException.class);
            assertThat(failure.getMessage()).contains("invalid_code").doesNotContain("1000.revoked").doesNotContain(FakeZohoCrm.CLIENT_SECRET);
        } finally {
            vertx.closeAndAwait();
        }
    }

    @Test
    void theAccessTokenIsFetchedOnceWithTheRefreshTokenGrantAndReused() {
        sendInBatches(Strategy.UPSERT, records("token", 3, Action.CREATE), 1);

        assertThat(ZOHO.tokenRequests()).isEqualTo(1);
        FakeApi.Seen token = ZOHO.seen().get(0);
        assertThat(token.path()).isEqualTo("/oauth/v2/token");
        assertThat(token.form()).containsEntry("grant_type", "refresh_token").containsEntry("client_id", FakeZohoCrm.CLIENT_ID)
                .containsEntry("client_secret", FakeZohoCrm.CLIENT_SECRET).containsEntry("refresh_token", FakeZohoCrm.REFRESH_TOKEN);
    }

    @Test
    void theDuplicateCheckFieldsAndWorkflowSettingsShapeTheRequest() {
        sendInBatches(Strategy.UPSERT, records("dcf", 2, Action.CREATE), 100);

        FakeApi.Seen upsert = ZOHO.seen().stream().filter(s -> s.path().equals("/crm/v8/Contacts/upsert")).findFirst().orElseThrow();
        assertThat(upsert.json().path("duplicate_check_fields").toString()).isEqualTo("[\"Email\"]");
        assertThat(upsert.json().has("trigger")).as("workflows run by default: no trigger list").isFalse();
        assertThat(upsert.json().path("data")).hasSize(2);
    }

    @Test
    void theDataCenterPicksTheApiDomainAndTheAccountsServer() {
        AppDefinition zoho = shipped("zoho-crm");
        Map<String, Object> eu = Map.of("settings", Map.of("data_center", "eu", "client_id", "c", "client_secret", "s", "refresh_token", "r"));

        assertThat(zoho.baseUrl().render(eu)).isEqualTo("https://www.zohoapis.eu");
        assertThat(zoho.auth().tokenUrl().render(eu)).isEqualTo("https://accounts.zoho.eu/oauth/v2/token");
        assertThat(zoho.auth().tokenUrl().render(Map.of("settings", Map.of("data_center", "eu", "accounts_server", "https://accounts.zoho.com"))))
                .isEqualTo("https://accounts.zoho.com/oauth/v2/token");
        Map<String, Object> canada = Map.of("settings", Map.of("data_center", "ca"));
        assertThat(zoho.baseUrl().render(canada)).isEqualTo("https://www.zohoapis.ca");
        assertThat(zoho.auth().tokenUrl().render(canada)).isEqualTo("https://accounts.zohocloud.ca/oauth/v2/token");
    }

    /** Zoho documents {@code Authorization: Zoho-oauthtoken <token>} (auth.scheme). */
    @Test
    void theAccessTokenGoesInAZohoOauthtokenHeader() {
        sendInBatches(Strategy.UPSERT, records("header", 1, Action.CREATE), 100);

        FakeApi.Seen upsert = ZOHO.seen().stream().filter(s -> s.path().endsWith("/upsert")).findFirst().orElseThrow();
        assertThat(upsert.header("Authorization")).startsWith("Zoho-oauthtoken 1000.");
    }
}
