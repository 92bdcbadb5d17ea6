package io.sluice.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the app answered for one record. A plugin returns exactly one outcome per record it was given; a
 * record without an outcome counts as rejected ("the plugin returned no outcome for this record").
 *
 * <p>The engine reads the {@link Status}, never the result JSON: a {@code "retryable"} member a plugin keeps in the
 * result is for users reading history only.
 *
 * @param identifier    the {@link OutboundRecord#identifier()} this outcome answers
 * @param status        what became of the record
 * @param result        the app's response or error as JSON (kept in record state and history); never null
 * @param appIdentifier the app's identifier for the object, when the app returned one; otherwise {@code null}
 */
public record RecordOutcome(String identifier, Status status, JsonNode result, String appIdentifier) {

    /** What became of a record; see the package documentation for what the engine does with each. */
    public enum Status {
        /** The app accepted the record: it counts as delivered ({@code SUCCESS}). */
        SUCCESS,
        /**
         * The app refused the record because of the record (a validation error, a missing object): sending it again
         * now would only repeat the answer. A {@code DESTINATION_FAILURE}, sent again by the next run.
         */
        REJECTED,
        /**
         * The record did not get through for a reason that may pass (throttling, 5xx, timeout, an answer that shows
         * nothing delivered): the engine sends it again within the run after a backoff, and if it still fails records
         * a {@code DESTINATION_FAILURE}, sent again by the next run.
         */
        TRANSIENT
    }

    public RecordOutcome {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(status, "status");
        result = result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /** Whether the app accepted the record. */
    public boolean success() {
        return status == Status.SUCCESS;
    }

    public static RecordOutcome success(String identifier, JsonNode result, String appIdentifier) {
        return new RecordOutcome(identifier, Status.SUCCESS, result, appIdentifier);
    }

    /** The app refused the record ({@link Status#REJECTED}). */
    public static RecordOutcome rejected(String identifier, JsonNode result) {
        return new RecordOutcome(identifier, Status.REJECTED, result, null);
    }

    /** A rejection whose result is {@code {"error": message}}. */
    public static RecordOutcome rejected(String identifier, String message) {
        return rejected(identifier, error(message));
    }

    /** The record did not get through for a reason that may pass ({@link Status#TRANSIENT}). */
    public static RecordOutcome transientFailure(String identifier, JsonNode result) {
        return new RecordOutcome(identifier, Status.TRANSIENT, result, null);
    }

    /** A transient failure whose result is {@code {"error": message}}. */
    public static RecordOutcome transientFailure(String identifier, String message) {
        return transientFailure(identifier, error(message));
    }

    private static ObjectNode error(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }
}
