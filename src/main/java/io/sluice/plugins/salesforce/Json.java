package io.sluice.plugins.salesforce;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The JSON tree helpers the plugin needs (tree model only, nothing to register for native images). */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The JSON in {@code text}, or empty when it is blank or not JSON. */
    static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * What Salesforce said about a whole request: {@code {"status": N, "errors": [...]}} when the body is its
     * usual error array ({@code [{"errorCode", "message", "fields"}]}), otherwise {@code {"status", "body"}}
     * with the text cut to 2000 characters.
     */
    static ObjectNode requestError(int status, String body) {
        ObjectNode result = NODES.objectNode().put("status", status);
        Optional<JsonNode> json = parse(body);
        if (json.isPresent() && json.get().isArray()) {
            result.set("errors", json.get());
        } else if (json.isPresent() && json.get().isContainerNode()) {
            result.set("body", json.get());
        } else {
            result.put("body", ResponseJson.truncate(body));
        }
        return result;
    }

}
