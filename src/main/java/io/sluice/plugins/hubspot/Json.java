package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.plugin.support.ResponseJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON tree helpers the plugin needs (tree model only, no POJO binding). */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** HubSpot's error messages are kept longer than other snippets: they name the property and the value. */
    private static final int MAX_MESSAGE = 300;

    private Json() {
    }

    /**
     * A one-line summary of a HubSpot error body for messages: {@code CATEGORY: message} (the fields of
     * HubSpot's error object, all optional), or the start of the text when it is not one.
     */
    static String errorSummary(String body) {
        Optional<JsonNode> json = ResponseJson.container(body).filter(JsonNode::isObject);
        if (json.isPresent()) {
            String category = text(json.get(), "category").orElseGet(() -> text(json.get(), "errorType").orElse(null));
            String policy = text(json.get(), "policyName").orElse(null);
            String message = text(json.get(), "message").orElse(null);
            if (category != null || message != null) {
                return (category == null ? "" : category + (policy == null ? "" : " " + policy) + (message == null ? "" : ": "))
                        + (message == null ? "" : ResponseJson.oneLine(message, MAX_MESSAGE));
            }
        }
        return body == null || body.isBlank() ? "(no body)" : ResponseJson.oneLine(body, MAX_MESSAGE);
    }

    /** A non-blank text field, or empty. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The strings of a JSON array field (HubSpot's {@code context} values), empty when absent. */
    static List<String> strings(JsonNode node, String field) {
        JsonNode array = node == null ? null : node.get(field);
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(e -> {
                if (e.isValueNode() && !e.isNull()) {
                    out.add(e.asText());
                }
            });
        } else if (array != null && array.isValueNode() && !array.isNull()) {
            out.add(array.asText());
        }
        return out;
    }
}
