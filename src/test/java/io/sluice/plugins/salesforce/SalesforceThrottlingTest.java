package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Throttling that outlasts the retries, a wait past the deadline on a later request of a batch, and the org's API usage in
 * every result. That a 429 with Retry-After is waited out, a 503 retried and a first request past the deadline fails
 * the batch is pinned by {@link SalesforceContractTest}.
 */
class SalesforceThrottlingTest extends SalesforceTestBase {

    @Test
    void throttlingThatOutlastsTheRetriesFailsTheRecordsAsRetryable() {
        SalesforceConnection connection = open("retry.max-attempts", "2");
        fake.throttleNext(5, 503, 1);

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), create("a", contact("A", "a@example.com")),
                create("b", contact("B", "b@example.com")));

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.result().path("status").asInt()).isEqualTo(503);
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        });
    }

    @Test
    void apiUsageFromSforceLimitInfoIsInEveryResultAndExposed() {
        SalesforceConnection connection = open();
        fake.require("Contact", "LastName");

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), create("ok", contact("O", "o@example.com")),
                create("bad", JSON.createObjectNode().put("Email", "x")));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.result().path("apiUsage").asText()).matches("\\d+/15000"));
        assertThat(connection.apiUsage()).hasValueSatisfying(u -> {
            assertThat(u.max()).isEqualTo(15000);
            assertThat(u.used()).isEqualTo(1);
            assertThat(u.text()).isEqualTo("1/15000");
        });
    }

    @Test
    void theLimitInfoHeaderIsReadAmongOtherLimits() {
        assertThat(ApiUsage.parse("api-usage=25/15000")).hasValue(new ApiUsage.Reading(25, 15000));
        assertThat(ApiUsage.parse("per-app-api-usage=2/250(appName=sluice); api-usage=18/5000")).hasValue(new ApiUsage.Reading(18, 5000));
        assertThat(ApiUsage.parse("nonsense")).isEmpty();
        assertThat(ApiUsage.parse(null)).isEmpty();
    }

    @Test
    void aLaterRequestThatCannotBeSentFailsOnlyItsRecordsAndKeepsWhatWasWritten() {
        String toUpdate = fake.seed("Contact", contact("U", "u@example.com"));
        SalesforceConnection connection = open();
        await(connection.check());
        fake.throttleNext(1, 429, 3600, "PATCH");

        List<RecordOutcome> outcomes = await(connection.send(new SendBatch(target(Strategy.MIRROR), List.of(
                create("created", contact("C", "c@example.com")),
                existing("updated", Action.UPDATE, contact("U2", "u@example.com"), toUpdate)), clock.instant().plusSeconds(60))));

        assertThat(outcome(outcomes, "created").success()).isTrue();
        assertThat(outcome(outcomes, "created").appIdentifier()).isNotNull();
        RecordOutcome notSent = outcome(outcomes, "updated");
        assertThat(notSent.success()).isFalse();
        assertThat(notSent.result().path("retryable").asBoolean()).isTrue();
        assertThat(notSent.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(notSent.result().path("error").asText()).startsWith("not sent: RateLimitDeadlineException");
    }
}
