package io.sluice.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the app answered for one record. A plugin returns exactly one outcome per record it was given; a
 * record without an outcome counts as a failure ("the plugin did not answer for this record").
 *
 * @param identifier    the {@link OutboundRecord#identifier()} this outcome answers
 * @param success       whether the app accepted the record
 * @param result        the app's response or error as JSON (kept in record state and history); never null
 * @param appIdentifier the app's identifier for the object, when the app returned one; otherwise {@code null}
 */
public record RecordOutcome(String identifier, boolean success, JsonNode result, String appIdentifier) {
    public RecordOutcome {
        Objects.requireNonNull(identifier, "identifier");
        result = result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    public static RecordOutcome success(String identifier, JsonNode result, String appIdentifier) {
        return new RecordOutcome(identifier, true, result, appIdentifier);
    }

    public static RecordOutcome failure(String identifier, JsonNode result) {
        return new RecordOutcome(identifier, false, result, null);
    }

    /** A failure whose result is {@code {"error": message}}. */
    public static RecordOutcome failure(String identifier, String message) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("error", message);
        return failure(identifier, error);
    }
}
