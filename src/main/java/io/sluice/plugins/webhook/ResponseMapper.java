package io.sluice.plugins.webhook;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.support.HttpAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads HTTP answers as record outcomes.
 *
 * <ul>
 *   <li>2xx: success, unless {@link DeliveryCheck} finds that the answer does not show delivery in the terms the
 *       connection declares ({@code id-pointer}, {@code success-pointer}): then a failure with {@code "retryable": true}.
 *       The result is the JSON body (object or array), otherwise {@code {"status", "body"}} with the text cut to 2000
 *       characters; the app identifier is read at {@code id-pointer}, falling back to the one the record already had.</li>
 *   <li>429 and 5xx: transient. In record mode a failed outcome with {@code "retryable": true} (the batch's
 *       other records may have succeeded); in batch mode a {@link RetryableException} for the whole batch.</li>
 *   <li>Other statuses: failure with {@code {"status", "body"}}; in batch mode for every record of the request.</li>
 * </ul>
 */
final class ResponseMapper {
    private final String connection;
    private final JsonPointer batchErrorPointer;
    private final DeliveryCheck delivery;

    ResponseMapper(WebhookSettings settings) {
        this.connection = settings.connection();
        this.batchErrorPointer = settings.batchErrorPointer();
        this.delivery = new DeliveryCheck(settings);
    }

    /** The outcome of one record's own request (record mode). */
    RecordOutcome forRecord(OutboundRecord record, HttpAnswer answer) {
        if (answer.isSuccess()) {
            Optional<JsonNode> json = ResponseJson.container(answer.body());
            Optional<ObjectNode> undelivered = delivery.problem(record, answer.status(), answer.body(), json.orElse(null));
            if (undelivered.isPresent()) {
                return RecordOutcome.transientFailure(record.identifier(), undelivered.get());
            }
            JsonNode result = json.orElseGet(() -> ResponseJson.statusAndBody(answer.status(), answer.body()));
            return RecordOutcome.success(record.identifier(), result, appIdentifier(json.orElse(null), record));
        }
        ObjectNode result = ResponseJson.statusAndBody(answer.status(), answer.body());
        if (answer.isTransient()) {
            return RecordOutcome.transientFailure(record.identifier(), markRetryable(result, answer.header("Retry-After")));
        }
        return RecordOutcome.rejected(record.identifier(), result);
    }

    /** The outcome of a record whose request never got an answer (timeout, connection refused or reset). */
    RecordOutcome transportFailure(OutboundRecord record, RetryableException failure) {
        ObjectNode result = Json.NODES.objectNode().put("error", failure.getMessage());
        return RecordOutcome.transientFailure(record.identifier(), markRetryable(result, null));
    }

    /** A record that was never sent because its request could not be built (template or URL problem). */
    static RecordOutcome invalid(OutboundRecord record, RequestBuilder.InvalidRecordException problem) {
        ObjectNode result = Json.NODES.objectNode().put("error", problem.getMessage());
        if (problem.line() > 0) {
            result.put("line", problem.line());
        }
        return RecordOutcome.rejected(record.identifier(), result);
    }

    /**
     * The outcomes of one batch request, in the order of {@code sent}.
     *
     * @throws RetryableException for 429 and 5xx, naming the status and Retry-After
     * @throws BatchRejectedException for another non-2xx answer to several records, so the engine splits the batch
     */
    List<RecordOutcome> forBatch(List<OutboundRecord> sent, HttpAnswer answer) {
        if (answer.isTransient()) {
            throw new RetryableException("connection '" + connection + "': " + answer.describe() + " for a batch of " + sent.size()
                    + (sent.size() == 1 ? " record" : " records") + ResponseJson.snippet(answer.body()));
        }
        List<RecordOutcome> outcomes = new ArrayList<>(sent.size());
        if (!answer.isSuccess() && sent.size() > 1) {
            throw new BatchRejectedException("connection '" + connection + "': " + answer.describe() + " for a batch of " + sent.size()
                    + " records" + ResponseJson.snippet(answer.body()));
        }
        if (!answer.isSuccess()) {
            ObjectNode result = ResponseJson.statusAndBody(answer.status(), answer.body());
            sent.forEach(r -> outcomes.add(RecordOutcome.rejected(r.identifier(), result)));
            return outcomes;
        }
        Optional<JsonNode> json = ResponseJson.container(answer.body());
        if (json.isPresent() && json.get().isArray() && json.get().size() == sent.size()) {
            for (int i = 0; i < sent.size(); i++) {
                outcomes.add(forElement(sent.get(i), answer.status(), json.get().get(i)));
            }
            return outcomes;
        }
        // any other 2xx means the app took the whole batch without saying more per record
        JsonNode result = json.filter(JsonNode::isObject).orElseGet(() -> ResponseJson.statusAndBody(answer.status(), answer.body()));
        for (OutboundRecord r : sent) {
            Optional<ObjectNode> undelivered = delivery.wholeBatchProblem(r, answer.status(), answer.body(), json.orElse(null));
            outcomes.add(undelivered.map(problem -> RecordOutcome.transientFailure(r.identifier(), problem))
                    .orElseGet(() -> RecordOutcome.success(r.identifier(), result, r.appIdentifier())));
        }
        return outcomes;
    }

    private RecordOutcome forElement(OutboundRecord record, int status, JsonNode element) {
        if (isTruthy(element.at(batchErrorPointer))) {
            return RecordOutcome.rejected(record.identifier(), element);
        }
        Optional<ObjectNode> undelivered = delivery.problem(record, status, element.toString(), element);
        if (undelivered.isPresent()) {
            return RecordOutcome.transientFailure(record.identifier(), undelivered.get());
        }
        return RecordOutcome.success(record.identifier(), element, appIdentifier(element, record));
    }

    private String appIdentifier(JsonNode body, OutboundRecord record) {
        return delivery.appIdentifier(body).orElse(record.appIdentifier());
    }

    /** Present and not null, false, "" or empty: the element reports an error. */
    private static boolean isTruthy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return !node.textValue().isBlank();
        }
        return !node.isContainerNode() || !node.isEmpty();
    }

    private static ObjectNode markRetryable(ObjectNode result, String retryAfter) {
        result.put("retryable", true);
        if (retryAfter != null) {
            result.put("retry_after", retryAfter);
        }
        return result;
    }
}
