package io.sluice.apps.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.apps.load.DefinitionParser;
import io.sluice.apps.model.ActionKind;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.support.HttpAnswer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an action's answers become record outcomes, in the terms of its {@code response}. */
class AnswerReaderTest {
    private static final OutboundRecord A = record("a");
    private static final OutboundRecord B = record("b");
    private static final OutboundRecord C = record("c");

    private static OutboundRecord record(String id) {
        return new OutboundRecord(id, Action.UPDATE, JsonNodeFactory.instance.objectNode().put("email", id + "@example.com"), null, id + "-app");
    }

    /** The reader of an update action whose {@code response} is {@code response} (YAML flow mapping); a batch action when {@code batch}. */
    private static AnswerReader reader(boolean batch, String response) {
        String action = batch
                ? "    method: POST\n    path: /people/batch\n    batch: { max: 10, body: '[]' }\n"
                : "    method: PATCH\n    path: \"/people/{{ app_identifier }}\"\n";
        String yaml = "app: acme\ntitle: Acme\ndocs: [https://acme.example.com/docs]\nbase-url: https://acme.example.com\nauth: { type: none }\n"
                + "actions:\n  update:\n" + action + "    response: " + response + "\n";
        return new AnswerReader("acme-1", "update", new DefinitionParser().parse("apps/acme.yaml", "acme", yaml).actions().get(ActionKind.UPDATE).response());
    }

    private static HttpAnswer answer(int status, String body) {
        return new HttpAnswer("POST", "https://acme.example.com/people", status, Map.of(), body);
    }

    @Test
    void aTwoHundredOutsideTheSuccessStatusesIsTransientNotRejected() {
        RecordOutcome outcome = reader(false, "{ success: [201] }").forRecord(A, answer(200, "<html>proxy</html>"));

        assertThat(outcome.status()).as("%s", outcome.result()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(catchThrowable(() -> reader(true, "{ success: [201] }").forBatch(List.of(A, B), answer(200, "{}"))))
                .isInstanceOf(RetryableException.class).hasMessageContaining("not one of the action's success statuses");
    }

    @Test
    void anUnreadableTwoHundredIsNotDeliveredWhenTheDefinitionReadsTheAnswer() {
        assertThat(reader(true, "{ error: /error }").forBatch(List.of(A, B), answer(200, "<html>proxy</html>")))
                .extracting(RecordOutcome::status).containsOnly(RecordOutcome.Status.TRANSIENT);
        assertThat(reader(false, "{ app-identifier: /id }").forRecord(A, answer(200, "<html>proxy</html>")).status())
                .as("an update whose record has its app identifier, with an app-identifier pointer").isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(reader(false, "{ error: /error }").forRecord(A, answer(204, "")).status())
                .as("an empty answer passes where nothing is needed from it").isEqualTo(RecordOutcome.Status.SUCCESS);
        assertThat(reader(true, "{ success: [200] }").forBatch(List.of(A, B), answer(200, "queued")))
                .as("nothing read: any 200 is delivery").extracting(RecordOutcome::status).containsOnly(RecordOutcome.Status.SUCCESS);
    }

    @Test
    void errorWhenRejectsAResultByItsValueWithItsMessage() {
        AnswerReader reader = reader(true, "{ results: /data, app-identifier: /details/id, error-when: { pointer: /status, equals: error, message: /message } }");

        List<RecordOutcome> outcomes = reader.forBatch(List.of(A, B), answer(207, """
                {"data": [{"code": "SUCCESS", "details": {"id": "1"}, "status": "success"},
                          {"code": "RECORD_LOCKED", "details": {}, "message": "the record is locked", "status": "error"}]}"""));

        assertThat(outcomes.get(0).status()).isEqualTo(RecordOutcome.Status.SUCCESS);
        assertThat(outcomes.get(1).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(outcomes.get(1).result().path("error").asText()).isEqualTo("the record is locked");
    }

    @Test
    void aPartialStatusAnswersPerRecordThroughItsErrors() {
        AnswerReader reader = reader(true, "{ success: [200], partial: [400], errors: { at: /failed_records, index: /index, message: /message } }");

        List<RecordOutcome> outcomes = reader.forBatch(List.of(A, B, C), answer(400, """
                {"code": 400, "error": "some data points failed", "failed_records": [{"index": 1, "message": "'time' is invalid"}],
                 "num_records_imported": 2, "status": "Bad Request"}"""));

        assertThat(outcomes).extracting(RecordOutcome::status)
                .containsExactly(RecordOutcome.Status.SUCCESS, RecordOutcome.Status.REJECTED, RecordOutcome.Status.SUCCESS);
        assertThat(outcomes.get(1).result().path("error").asText()).isEqualTo("'time' is invalid");
        assertThat(catchThrowable(() -> reader.forBatch(List.of(A, B), answer(400, "{\"error\": \"invalid JSON\"}"))))
                .as("a 400 without the errors array is still a refusal of the batch").isInstanceOf(BatchRejectedException.class);
    }

    @Test
    void aFailedSuccessWhenMeansWhatOtherwiseSays() {
        String answer = "{\"status\": 0, \"error\": \"no valid update\"}";
        assertThat(reader(true, "{ success-when: { pointer: /status, equals: '1' }, error: /error }").forBatch(List.of(A, B), answer(200, answer)))
                .as("default").extracting(RecordOutcome::status).containsOnly(RecordOutcome.Status.TRANSIENT);
        assertThat(catchThrowable(() -> reader(true, "{ success-when: { pointer: /status, equals: '1', otherwise: batch-rejected }, error: /error }")
                .forBatch(List.of(A, B), answer(200, answer)))).isInstanceOf(BatchRejectedException.class);

        RecordOutcome alone = reader(true, "{ success-when: { pointer: /status, equals: '1', otherwise: batch-rejected }, error: /error }")
                .forBatch(List.of(A), answer(200, answer)).get(0);
        assertThat(alone.status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(alone.result().path("error").asText()).isEqualTo("no valid update");
        assertThat(reader(false, "{ success-when: { pointer: /ok, equals: 'true', otherwise: rejected } }").forRecord(A, answer(200, "{\"ok\": false}")).status())
                .isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(reader(true, "{ success-when: { pointer: /status, equals: '1', otherwise: batch-rejected } }").forBatch(List.of(A, B), answer(200, "<html>")))
                .as("an answer that cannot be read says nothing: transient").extracting(RecordOutcome::status).containsOnly(RecordOutcome.Status.TRANSIENT);
    }

    @Test
    void valuesInAnyAnswerCanMeanRefusedCredentialsOrTryAgain() {
        AnswerReader reader = reader(false, "{ unavailable-when: { pointer: /error, in: [invalid_auth, token_revoked] }, "
                + "retryable-when: { pointer: /error, in: [internal_error, ratelimited] }, error: /error }");

        assertThat(catchThrowable(() -> reader.forRecord(A, answer(200, "{\"ok\": false, \"error\": \"token_revoked\"}"))))
                .isInstanceOf(AppUnavailableException.class).hasMessageContaining("token_revoked");
        assertThat(reader.forRecord(A, answer(200, "{\"ok\": false, \"error\": \"internal_error\"}")).status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(reader.forRecord(A, answer(200, "{\"ok\": false, \"error\": \"channel_not_found\"}")).status()).isEqualTo(RecordOutcome.Status.REJECTED);
    }
}
