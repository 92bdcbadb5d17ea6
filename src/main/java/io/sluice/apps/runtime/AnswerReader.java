package io.sluice.apps.runtime;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.model.ResponseSpec;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an action's answers as record outcomes, in the terms its {@link ResponseSpec} declares (the same
 * classification as the Java plugins):
 * <ul>
 *   <li>a value at {@code unavailable-when} (any status): {@link AppUnavailableException}, the credentials are refused; at
 *       {@code retryable-when}: as a retryable status;</li>
 *   <li>a success status (and {@code success-when}): {@code SUCCESS} with the answer (or the record's result element) as
 *       result and the app identifier at {@code app-identifier}; but {@code TRANSIENT} when the answer cannot be read
 *       where a pointer needs it, or lacks the app identifier a record needs (a create, or a record without one yet): an
 *       answer that does not show delivery is never a success;</li>
 *   <li>a value at {@code error} or an {@code error-when} that holds (in the answer or the record's result), or an element of
 *       {@code errors} for the record (also in a {@code partial} status's answer): {@code REJECTED} with that message;</li>
 *   <li>a {@code success-when} that does not hold: what its {@code otherwise} says ({@code TRANSIENT} by default);</li>
 *   <li>a 2xx that is not a success status: {@code TRANSIENT} (an unexpected answer, a proxy's page, shows no delivery);</li>
 *   <li>a {@code retryable} status or 429/5xx: {@code TRANSIENT} (record mode), a {@link RetryableException} (batch);</li>
 *   <li>a {@code batch-rejected} status for several records: {@link BatchRejectedException}, so the engine splits the batch;</li>
 *   <li>any other status: {@code REJECTED} with {@code {"status", "body"}}.</li>
 * </ul>
 * Answers come scrubbed of secrets by the HTTP client. 401 and 403 never get here (the connection handles them).
 */
final class AnswerReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String connection;
    private final String action;
    private final ResponseSpec spec;

    AnswerReader(String connection, String action, ResponseSpec spec) {
        this.connection = connection;
        this.action = action;
        this.spec = spec;
    }

    /** The outcome of one record's own request. */
    RecordOutcome forRecord(OutboundRecord record, HttpAnswer answer) {
        int status = answer.status();
        JsonNode document = ResponseJson.container(answer.body()).orElse(null);
        Optional<String> retry = signals(answer, document);
        if (retry.isPresent()) {
            return RecordOutcome.transientFailure(record.identifier(), problem(status, answer.body(), retry.get()));
        }
        if (spec.isSuccess(status)) {
            return success(record, status, answer.body(), document, document == null);
        }
        if (answer.isSuccess()) {
            return RecordOutcome.transientFailure(record.identifier(), problem(status, answer.body(), unexpected(status)));
        }
        ObjectNode result = ResponseJson.statusAndBody(status, answer.body());
        if (isRetryable(answer)) {
            result.put("retryable", true);
            return RecordOutcome.transientFailure(record.identifier(), result);
        }
        errorMessage(ResponseJson.container(answer.body()).orElse(null)).ifPresent(m -> result.put("error", m));
        return RecordOutcome.rejected(record.identifier(), result);
    }

    /**
     * The outcomes of one batch request, in the order of {@code sent}.
     *
     * @throws RetryableException     for a retryable status
     * @throws BatchRejectedException for a {@code batch-rejected} status answering several records
     */
    List<RecordOutcome> forBatch(List<OutboundRecord> sent, HttpAnswer answer) {
        int status = answer.status();
        JsonNode document = ResponseJson.container(answer.body()).orElse(null);
        Optional<String> retry = signals(answer, document);
        if (retry.isPresent()) {
            throw new RetryableException("connection '" + connection + "': " + retry.get() + " for a batch of " + sent.size()
                    + (sent.size() == 1 ? " record" : " records") + ResponseJson.snippet(answer.body()));
        }
        // a partial-failure status whose answer names the failed records answers per record, like a success
        boolean partial = spec.partial().contains(status) && spec.errors() != null && document != null
                && document.at(spec.errors().at()).isArray();
        if (!spec.isSuccess(status) && !partial) {
            if (isRetryable(answer) || answer.isSuccess()) {
                throw new RetryableException("connection '" + connection + "': " + (answer.isSuccess() ? unexpected(status) : answer.describe())
                        + " for a batch of " + sent.size() + (sent.size() == 1 ? " record" : " records") + ResponseJson.snippet(answer.body()));
            }
            if (spec.batchRejected().contains(status) && sent.size() > 1) {
                throw new BatchRejectedException("connection '" + connection + "': " + answer.describe() + " for a batch of " + sent.size()
                        + " records" + ResponseJson.snippet(answer.body()));
            }
            ObjectNode result = ResponseJson.statusAndBody(status, answer.body());
            errorMessage(document).ifPresent(m -> result.put("error", m));
            return sent.stream().map(r -> RecordOutcome.rejected(r.identifier(), result)).toList();
        }
        if (spec.successWhen() != null && !partial) {
            Optional<String> unmet = BodyValues.unmet(spec.successWhen(), status, document);
            if (unmet.isPresent()) {
                return unmetBatch(sent, status, answer, document, unmet.get());
            }
        }
        JsonNode results = results(document);
        Map<Integer, JsonNode> errors = BatchMatching.errors(spec.errors(), sent, document);
        List<RecordOutcome> outcomes = new ArrayList<>(sent.size());
        Map<String, JsonNode> byKey = spec.match() == ResponseSpec.Match.KEY && results != null ? BatchMatching.byKey(results, spec.key().result()) : Map.of();
        boolean positional = spec.match() == ResponseSpec.Match.POSITION && results != null && results.size() == sent.size();
        for (int i = 0; i < sent.size(); i++) {
            OutboundRecord record = sent.get(i);
            JsonNode error = errors.get(i);
            if (error != null) {
                outcomes.add(RecordOutcome.rejected(record.identifier(), rejection(error, spec.errors().message())));
                continue;
            }
            JsonNode element = null;
            if (positional) {
                element = results.get(i);
            } else if (!byKey.isEmpty()) {
                element = byKey.get(BatchMatching.keyOf(record, spec.key().record()));
            }
            if (element != null) {
                outcomes.add(success(record, status, element.toString(), element, false));
            } else if (results != null || spec.results() != null || needsIdentifier(record)) {
                outcomes.add(RecordOutcome.transientFailure(record.identifier(), problem(status, answer.body(), results == null
                        ? "the HTTP " + status + " answer has no array of results" + (spec.results() == null ? "" : " at '" + spec.results() + "'")
                        : "the HTTP " + status + " answer has no result for this record (" + (spec.match() == ResponseSpec.Match.KEY
                                ? "none whose '" + spec.key().result() + "' is the record's " + spec.key().record()
                                : results.size() + " results for " + sent.size() + " records, matched by position") + ")")));
            } else if (document == null && answer.body() != null && !answer.body().isBlank() && readsBody()) {
                outcomes.add(RecordOutcome.transientFailure(record.identifier(), problem(status, answer.body(), "the HTTP " + status
                        + " answer is not a JSON object or array, so it does not show the record delivered")));
            } else {
                // the app took the whole batch without a word per record
                JsonNode result = document != null && document.isObject() ? document : ResponseJson.statusAndBody(status, answer.body());
                outcomes.add(RecordOutcome.success(record.identifier(), result, record.appIdentifier()));
            }
        }
        return outcomes;
    }

    /** A success status's outcome for one record, read from {@code document} (its element, in batch mode). */
    private RecordOutcome success(OutboundRecord record, int status, String body, JsonNode document, boolean unreadable) {
        boolean needsId = needsIdentifier(record);
        boolean needsDocument = needsId || readsBody();
        if (document == null) {
            // an empty body passes where nothing is needed from it (as the webhook plugin's DeliveryCheck)
            boolean empty = body == null || body.isBlank();
            if (needsId || spec.successWhen() != null && !(empty && record.action() == Action.DELETE) || readsBody() && !empty) {
                return RecordOutcome.transientFailure(record.identifier(), problem(status, body, "the HTTP " + status + " answer "
                        + (empty ? "is empty" : "is not a JSON object or array") + ", so it does not show the record delivered"));
            }
            return RecordOutcome.success(record.identifier(), ResponseJson.statusAndBody(status, body), record.appIdentifier());
        }
        Optional<String> error = errorMessage(document);
        if (error.isPresent()) {
            return RecordOutcome.rejected(record.identifier(), rejection(document, spec.error()));
        }
        ResponseSpec.ErrorWhen errorWhen = spec.errorWhen();
        if (errorWhen != null && errorWhen.equals().equals(BodyValues.at(document, errorWhen.pointer()))) {
            return RecordOutcome.rejected(record.identifier(), rejection(document, errorWhen.message() != null ? errorWhen.message() : spec.error()));
        }
        if (spec.successWhen() != null && !unreadable) {
            Optional<String> unmet = BodyValues.unmet(spec.successWhen(), status, document);
            if (unmet.isPresent()) {
                return spec.successWhen().otherwise() == ResponseSpec.Otherwise.TRANSIENT
                        ? RecordOutcome.transientFailure(record.identifier(), problem(status, body, unmet.get()))
                        : RecordOutcome.rejected(record.identifier(), refusal(status, body, document, unmet.get()));
            }
        }
        Optional<String> appId = text(document, spec.appIdentifier());
        if (needsId && appId.isEmpty()) {
            return RecordOutcome.transientFailure(record.identifier(), problem(status, body, "the HTTP " + status
                    + " answer has no app identifier at '" + spec.appIdentifier() + "'"));
        }
        return RecordOutcome.success(record.identifier(), needsDocument || document.isContainerNode() ? document : ResponseJson.statusAndBody(status, body),
                appId.orElse(record.appIdentifier()));
    }

    /** A record needs the answer's app identifier when it is created, or has none yet (a later update or delete could not address it). */
    private boolean needsIdentifier(OutboundRecord record) {
        if (spec.appIdentifier() == null || record.action() == Action.DELETE) {
            return false;
        }
        return record.action() == Action.CREATE || record.appIdentifier() == null || record.appIdentifier().isBlank();
    }

    private boolean isRetryable(HttpAnswer answer) {
        return answer.isTransient() || spec.retryable().contains(answer.status());
    }

    /** Whether the definition reads anything in a success's body, which must then be JSON to show delivery. */
    private boolean readsBody() {
        return spec.error() != null || spec.errorWhen() != null || spec.appIdentifier() != null || spec.results() != null
                || spec.successWhen() != null || spec.errors() != null;
    }

    private static String unexpected(int status) {
        return "the HTTP " + status + " answer is not one of the action's success statuses, so it does not show the record delivered";
    }

    /**
     * The answer's {@code unavailable-when} and {@code retryable-when} signals.
     *
     * @return why the request may succeed when sent again, if the answer says so
     * @throws AppUnavailableException when the answer says the connection's credentials are refused
     */
    private Optional<String> signals(HttpAnswer answer, JsonNode document) {
        Optional<String> refused = BodyValues.in(spec.unavailableWhen(), document);
        if (refused.isPresent()) {
            throw new AppUnavailableException("connection '" + connection + "': the app refuses the credentials: HTTP " + answer.status()
                    + " with '" + ResponseJson.oneLine(refused.get(), 100) + "' at unavailable-when '" + spec.unavailableWhen().pointer() + "'", null);
        }
        return BodyValues.in(spec.retryableWhen(), document).map(v -> "the HTTP " + answer.status() + " answer has '" + ResponseJson.oneLine(v, 100)
                + "' at retryable-when '" + spec.retryableWhen().pointer() + "'");
    }

    /** A batch answer whose {@code success-when} does not hold, as its {@code otherwise} says. */
    private List<RecordOutcome> unmetBatch(List<OutboundRecord> sent, int status, HttpAnswer answer, JsonNode document, String unmet) {
        // otherwise speaks of an answer that says no; one that cannot be read (a proxy's page) says nothing
        switch (document == null ? ResponseSpec.Otherwise.TRANSIENT : spec.successWhen().otherwise()) {
            case TRANSIENT:
                return sent.stream().map(r -> RecordOutcome.transientFailure(r.identifier(), problem(status, answer.body(), unmet))).toList();
            case BATCH_REJECTED:
                if (sent.size() > 1) {
                    throw new BatchRejectedException("connection '" + connection + "': " + unmet + " for a batch of " + sent.size() + " records"
                            + ResponseJson.snippet(answer.body()));
                }
                // fall through: a lone record's refusal is its own
            default:
                ObjectNode result = refusal(status, answer.body(), document, unmet);
                return sent.stream().map(r -> RecordOutcome.rejected(r.identifier(), result)).toList();
        }
    }

    /** A refusal read from a 2xx answer: the app's message at {@code error} when it has one, else what was not met. */
    private ObjectNode refusal(int status, String body, JsonNode document, String unmet) {
        ObjectNode result = ResponseJson.statusAndBody(status, body);
        result.put("error", errorMessage(document).orElse("connection '" + connection + "', action " + action + ": " + unmet));
        return result;
    }

    private Optional<String> errorMessage(JsonNode document) {
        if (spec.error() == null || document == null) {
            return Optional.empty();
        }
        JsonNode found = document.at(spec.error());
        if (found.isMissingNode() || found.isNull() || found.isBoolean() && !found.booleanValue()
                || found.isTextual() && found.textValue().isBlank() || found.isContainerNode() && found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.isValueNode() ? found.asText() : found.toString());
    }

    /** The element (a result or an error) as the rejected record's result, with its message as {@code error}. */
    private static ObjectNode rejection(JsonNode element, JsonPointer message) {
        ObjectNode result = NODES.objectNode();
        if (message != null) {
            JsonNode m = element.at(message);
            if (!m.isMissingNode() && !m.isNull()) {
                result.put("error", m.isValueNode() ? m.asText() : m.toString());
            }
        }
        result.set("answer", element);
        return result;
    }

    private JsonNode results(JsonNode document) {
        if (document == null) {
            return null;
        }
        JsonNode found = spec.results() == null ? document : document.at(spec.results());
        return found.isArray() ? found : null;
    }

    private static Optional<String> text(JsonNode document, JsonPointer pointer) {
        if (pointer == null) {
            return Optional.empty();
        }
        JsonNode id = document.at(pointer);
        return id.isValueNode() && !id.isNull() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }

    private ObjectNode problem(int status, String body, String problem) {
        ObjectNode result = NODES.objectNode()
                .put("error", "connection '" + connection + "', action " + action + ": " + problem
                        + "; not counted as delivered, sent again (within the run, then next run)")
                .put("status", status)
                .put("body", ResponseJson.excerpt(body));
        result.put("retryable", true);
        return result;
    }
}
