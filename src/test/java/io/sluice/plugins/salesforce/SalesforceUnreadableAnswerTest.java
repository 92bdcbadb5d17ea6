package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A 2xx whose body the plugin cannot read shows nothing delivered: every record of the request is a retryable failure. */
class SalesforceUnreadableAnswerTest extends SalesforceTestBase {

    @Test
    void anHtmlPageAnswered200ToACollectionsRequestFailsEveryRecordRetryably() {
        SalesforceConnection connection = open();
        await(connection.check());
        fake.gatewayPageNext(1);

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE),
                create("c1", contact("Lovelace", "ada@example.com")), create("c2", contact("Hopper", "grace@example.com")));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.appIdentifier()).isNull();
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("status").asInt()).isEqualTo(200);
            assertThat(o.result().path("error").asText()).isEqualTo("Salesforce answered no result array for 2 records");
            assertThat(o.result().path("body").asText()).contains("Gateway Timeout");
        });
    }

    @Test
    void anHtmlPageAnswered200ToTheCreationOfABulkJobFailsEveryRecordRetryably() {
        SalesforceConnection connection = open("bulk-threshold", "5");
        await(connection.check());
        fake.gatewayPageNext(1);

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE),
                IntStream.rangeClosed(1, 5).mapToObj(i -> create("b" + i, contact("Bulk" + i, "b" + i + "@example.com"))).toList());

        assertThat(fake.jobs()).isEmpty();
        assertThat(outcomes).hasSize(5).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.result().path("error").asText()).isEqualTo("could not create the bulk job");
            assertThat(o.result().path("status").asInt()).isEqualTo(200);
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        });
    }
}
