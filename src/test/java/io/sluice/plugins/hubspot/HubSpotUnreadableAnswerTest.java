package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 2xx whose body the plugin cannot read shows nothing delivered: every record of the request is a retryable failure. */
class HubSpotUnreadableAnswerTest extends HubSpotTestBase {
    private static final String PROXY_PAGE = "<html><body><h1>Bad Gateway</h1><p>upstream timed out</p></body></html>";

    @Test
    void anHtmlPageAnswered200ToACreateFailsEveryRecordRetryably() {
        fake.answer200(1, "text/html", PROXY_PAGE);
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.UPSERT),
                create("c1", contact("ada@example.com", "Ada")), create("c2", contact("bob@example.com", "Bob")));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.appIdentifier()).isNull();
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("status").asInt()).isEqualTo(200);
            assertThat(o.result().path("error").asText()).contains("connection 'hubspot'", "HTTP 200", "not a JSON object");
            assertThat(o.result().path("body").asText()).isEqualTo(PROXY_PAGE);
        });
    }

    @Test
    void aJsonAnswerWithoutResultsToAnUpdateFailsEveryRecordRetryably() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        fake.answer200(1, "application/json", "{\"status\": \"PENDING\"}");
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.UPSERT), update("u1", ada, contact("ada@example.com", "Ada B")));

        RecordOutcome outcome = outcome(outcomes, "u1");
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.result().path("retryable").asBoolean()).isTrue();
        assertThat(outcome.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(outcome.result().path("error").asText()).contains("no results array");
    }

    @Test
    void anHtmlPageAnswered200ToAnArchiveIsNotASuccess() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        fake.answer200(1, "text/html", PROXY_PAGE);
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.MIRROR), delete("d1", ada, contact("ada@example.com", "Ada")));

        assertThat(outcome(outcomes, "d1").success()).isFalse();
        assertThat(outcome(outcomes, "d1").result().path("retryable").asBoolean()).isTrue();
        assertThat(outcome(outcomes, "d1").status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(fake.count("contacts")).as("the proxy answered; HubSpot never archived it").isEqualTo(1);
    }

    @Test
    void anHtmlPageAnswered200ToTheLookupOfADeleteByIdPropertyIsNotNothingToArchive() {
        fake.seed("contacts", contact("ada@example.com", "Ada"));
        fake.answer200(1, "text/html", PROXY_PAGE);
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.DELETE, "id-property", "email"),
                delete("x1", null, contact("ada@example.com", "Ada")));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::path).containsExactly("/crm/v3/objects/contacts/batch/read");
        assertThat(outcome(outcomes, "x1").success()).isFalse();
        assertThat(outcome(outcomes, "x1").result().path("retryable").asBoolean()).isTrue();
        assertThat(outcome(outcomes, "x1").status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
    }
}
