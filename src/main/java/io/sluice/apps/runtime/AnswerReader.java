package io.sluice.apps.runtime;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.model.ResponseSpec;
import io.sluice.plugin.Action;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an action's answers as record outcomes, in the terms its {@link ResponseSpec} declares (the same
 * classification as the Java plugins):
 * <ul>
 *   <li>a success status (and {@code success-when}): {@code SUCCESS} with the answer (or the record's result element) as
 *       result and the app identifier at {@code app-identifier}; but {@code TRANSIENT} when the answer cannot be read
 *       where a pointer needs it, or lacks the app identifier a record needs (a create, or a record without one yet): an
 *       answer that does not show delivery is never a success;</li>
 *   <li>a value at {@code error} (in the answer or the record's result), or an element of {@code errors} for the record:
 *       {@code REJECTED} with that message;</li>
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
        if (spec.isSuccess(status)) {
            JsonNode document = ResponseJson.container(answer.body()).orElse(null);
            return success(record, status, answer.body(), document, document == null);
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
        if (!spec.isSuccess(status)) {
            if (isRetryable(answer)) {
                throw new RetryableException("connection '" + connection + "': " + answer.describe() + " for a batch of " + sent.size()
                        + (sent.size() == 1 ? " record" : " records") + ResponseJson.snippet(answer.body()));
            }
            if (spec.batchRejected().contains(status) && sent.size() > 1) {
                throw new BatchRejectedException("connection '" + connection + "': " + answer.describe() + " for a batch of " + sent.size()
                        + " records" + ResponseJson.snippet(answer.body()));
            }
            ObjectNode result = ResponseJson.statusAndBody(status, answer.body());
            errorMessage(ResponseJson.container(answer.body()).orElse(null)).ifPresent(m -> result.put("error", m));
            return sent.stream().map(r -> RecordOutcome.rejected(r.identifier(), result)).toList();
        }
        JsonNode document = ResponseJson.container(answer.body()).orElse(null);
        if (spec.successWhen() != null) {
            Optional<ObjectNode> unmet = unmet(status, answer.body(), document);
            if (unmet.isPresent()) {
                return sent.stream().map(r -> RecordOutcome.transientFailure(r.identifier(), unmet.get())).toList();
            }
        }
        JsonNode results = results(document);
        Map<Integer, JsonNode> errors = errors(sent, document);
        List<RecordOutcome> outcomes = new ArrayList<>(sent.size());
        Map<String, JsonNode> byKey = spec.match() == ResponseSpec.Match.KEY && results != null ? byKey(results, spec.key().result()) : Map.of();
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
                element = byKey.get(keyOf(record, spec.key().record()));
            }
            if (element != null) {
                outcomes.add(success(record, status, element.toString(), element, false));
            } else if (results != null || spec.results() != null || needsIdentifier(record)) {
                outcomes.add(RecordOutcome.transientFailure(record.identifier(), problem(status, answer.body(), results == null
                        ? "the HTTP " + status + " answer has no array of results" + (spec.results() == null ? "" : " at '" + spec.results() + "'")
                        : "the HTTP " + status + " answer has no result for this record (" + (spec.match() == ResponseSpec.Match.KEY
                                ? "none whose '" + spec.key().result() + "' is the record's " + spec.key().record()
                                : results.size() + " results for " + sent.size() + " records, matched by position") + ")")));
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
        boolean needsDocument = needsId || spec.error() != null || spec.successWhen() != null;
        if (document == null) {
            boolean empty = body == null || body.isBlank();
            if (needsId || spec.successWhen() != null && !(empty && record.action() == Action.DELETE) || spec.error() != null && !empty) {
                return RecordOutcome.transientFailure(record.identifier(), problem(status, body, "the HTTP " + status + " answer "
                        + (empty ? "is empty" : "is not a JSON object or array") + ", so it does not show the record delivered"));
            }
            return RecordOutcome.success(record.identifier(), ResponseJson.statusAndBody(status, body), record.appIdentifier());
        }
        Optional<String> error = errorMessage(document);
        if (error.isPresent()) {
            return RecordOutcome.rejected(record.identifier(), rejection(document, spec.error()));
        }
        if (spec.successWhen() != null && !unreadable) {
            Optional<ObjectNode> unmet = unmet(status, body, document);
            if (unmet.isPresent()) {
                return RecordOutcome.transientFailure(record.identifier(), unmet.get());
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

    private Optional<ObjectNode> unmet(int status, String body, JsonNode document) {
        ResponseSpec.Condition when = spec.successWhen();
        if (document == null) {
            return Optional.of(problem(status, body, "the HTTP " + status + " answer is not JSON, so success-when '" + when.pointer() + "' cannot be read"));
        }
        JsonNode found = document.at(when.pointer());
        String text = found.isValueNode() ? found.asText() : found.isMissingNode() ? null : found.toString();
        if (text == null || !text.equals(when.equals())) {
            return Optional.of(problem(status, body, "the HTTP " + status + " answer has " + (text == null ? "nothing" : "'" + ResponseJson.oneLine(text, 100) + "'")
                    + " at success-when '" + when.pointer() + "', not '" + when.equals() + "'"));
        }
        return Optional.empty();
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

    /** The per-record errors of a batch answer by the position of their record. */
    private Map<Integer, JsonNode> errors(List<OutboundRecord> sent, JsonNode document) {
        ResponseSpec.Errors errors = spec.errors();
        if (errors == null || document == null || !document.at(errors.at()).isArray()) {
            return Map.of();
        }
        Map<Integer, JsonNode> out = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        if (errors.key() != null) {
            for (int i = 0; i < sent.size(); i++) {
                String key = keyOf(sent.get(i), errors.key().record());
                if (key != null) {
                    positions.putIfAbsent(key, i);
                }
            }
        }
        for (JsonNode error : document.at(errors.at())) {
            Integer position = null;
            if (errors.index() != null && error.at(errors.index()).canConvertToInt()) {
                position = error.at(errors.index()).intValue();
            } else if (errors.key() != null) {
                position = positions.get(normalised(error.at(errors.key().result())));
            }
            if (position != null && position >= 0 && position < sent.size()) {
                out.putIfAbsent(position, error);
            }
        }
        return out;
    }

    private static Map<String, JsonNode> byKey(JsonNode results, JsonPointer pointer) {
        Map<String, JsonNode> out = new HashMap<>();
        results.forEach(r -> {
            String key = normalised(r.at(pointer));
            if (key != null) {
                out.putIfAbsent(key, r);
            }
        });
        return out;
    }

    /** The record's key field, or null; keys compare without case (apps lower-case emails). */
    private static String keyOf(OutboundRecord record, String field) {
        return record.record() == null ? null : normalised(record.record().path(field));
    }

    private static String normalised(JsonNode value) {
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText().toLowerCase(Locale.ROOT) : null;
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
