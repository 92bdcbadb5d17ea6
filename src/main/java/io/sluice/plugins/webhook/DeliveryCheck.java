package io.sluice.plugins.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.support.ResponseJson;
import java.util.Optional;

/**
 * Whether a 2xx answer shows that a record was delivered, in the terms the connection declares (SEMANTICS.md,
 * "What counts as delivered"). Proxies and gateways answer 200 with an HTML error page, and some APIs answer 200
 * with an error body; neither may become a success. A 2xx answer fails, retryably, when:
 * <ul>
 *   <li>{@code success-pointer} or {@code id-pointer} is set and the body is not a JSON object or array (an empty
 *       body passes where nothing is needed from it: a delete, or an update of a record whose app identifier is
 *       known, unless {@code success-pointer} is set and the action is not a delete);</li>
 *   <li>{@code success-pointer} has no value (missing or null) there, or not {@code success-value} when that is set;</li>
 *   <li>{@code id-pointer} has no app identifier there while the record needs one: a create, or any record but a
 *       delete without an app identifier yet (a later update or delete could not address it).</li>
 * </ul>
 * The failure's result names the setting and pointer and keeps a short excerpt of the answer, already scrubbed of
 * secrets by {@link io.sluice.plugin.support.AppHttpClient}.
 */
final class DeliveryCheck {
    /** Characters of a found value quoted in a message. */
    private static final int QUOTED = 100;

    private final String connection;
    private final Optional<JsonPointer> idPointer;
    private final Optional<JsonPointer> successPointer;
    private final Optional<String> successValue;

    DeliveryCheck(WebhookSettings settings) {
        this.connection = settings.connection();
        this.idPointer = settings.idPointer();
        this.successPointer = settings.successPointer();
        this.successValue = settings.successValue();
    }

    /**
     * Why the 2xx answer {@code document} (the JSON body in record mode, the record's element in batch mode;
     * {@code null} when the body is not JSON) does not show {@code record} delivered, as a failure result.
     *
     * @param body the answer's text (the element's, in batch mode), for the excerpt
     */
    Optional<ObjectNode> problem(OutboundRecord record, int status, String body, JsonNode document) {
        return successProblem(record, status, body, document).or(() -> {
            if (!needsIdentifier(record)) {
                return Optional.empty();
            }
            if (document == null) {
                return Optional.of(unreadable(status, body, "id-pointer", idPointer.get()));
            }
            if (appIdentifier(document).isEmpty()) {
                return Optional.of(failure(status, body, "id-pointer", idPointer.get(),
                        "the HTTP " + status + " answer has no app identifier at id-pointer '" + idPointer.get() + "'"));
            }
            return Optional.empty();
        });
    }

    /**
     * Like {@link #problem}, for a batch answer that has no element per record: the success condition is read on
     * the whole answer, and a record that needs an app identifier cannot get one from it.
     */
    Optional<ObjectNode> wholeBatchProblem(OutboundRecord record, int status, String body, JsonNode document) {
        return successProblem(record, status, body, document).or(() -> needsIdentifier(record)
                ? Optional.of(failure(status, body, "id-pointer", idPointer.get(), "the HTTP " + status
                        + " answer to the batch has no element per record, so id-pointer '" + idPointer.get() + "' gives this record no app identifier"))
                : Optional.empty());
    }

    /** The app identifier at {@code id-pointer} in {@code document}, when there is one. */
    Optional<String> appIdentifier(JsonNode document) {
        if (document == null || idPointer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode id = document.at(idPointer.get());
        return id.isValueNode() && !id.isNull() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }

    private Optional<ObjectNode> successProblem(OutboundRecord record, int status, String body, JsonNode document) {
        if (successPointer.isEmpty()) {
            return document == null && idPointer.isPresent() && !isEmpty(body)
                    ? Optional.of(unreadable(status, body, "id-pointer", idPointer.get())) : Optional.empty();
        }
        JsonPointer pointer = successPointer.get();
        if (document == null) {
            return isEmpty(body) && record.action() == Action.DELETE ? Optional.empty() : Optional.of(unreadable(status, body, "success-pointer", pointer));
        }
        JsonNode found = document.at(pointer);
        if (found.isMissingNode() || found.isNull()) {
            return Optional.of(failure(status, body, "success-pointer", pointer,
                    "the HTTP " + status + " answer has no value at success-pointer '" + pointer + "'"));
        }
        String text = found.isValueNode() ? found.asText() : found.toString();
        if (successValue.isPresent() && !successValue.get().equals(text)) {
            return Optional.of(failure(status, body, "success-pointer", pointer, "the HTTP " + status + " answer has '"
                    + ResponseJson.oneLine(text, QUOTED) + "' at success-pointer '" + pointer + "', not success-value '" + successValue.get() + "'"));
        }
        return Optional.empty();
    }

    private boolean needsIdentifier(OutboundRecord record) {
        if (idPointer.isEmpty() || record.action() == Action.DELETE) {
            return false;
        }
        // a recreate or update of a known object may keep its identifier; a create's only source is the answer
        return record.action() == Action.CREATE || record.appIdentifier() == null || record.appIdentifier().isBlank();
    }

    private ObjectNode unreadable(int status, String body, String setting, JsonPointer pointer) {
        String what = isEmpty(body) ? "is empty" : "is not a JSON object or array";
        return failure(status, body, setting, pointer, "the HTTP " + status + " answer " + what + ", so " + setting + " '" + pointer + "' cannot be read");
    }

    private ObjectNode failure(int status, String body, String setting, JsonPointer pointer, String problem) {
        ObjectNode result = Json.NODES.objectNode()
                .put("error", "connection '" + connection + "': " + problem + "; not counted as delivered, sent again (within the run, then next run)")
                .put("setting", setting)
                .put("pointer", pointer.toString())
                .put("status", status)
                .put("body", ResponseJson.excerpt(body));
        result.put("retryable", true);
        return result;
    }

    private static boolean isEmpty(String body) {
        return body == null || body.isBlank();
    }
}
