package io.sluice.plugins.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The JSON tree model helpers the plugin needs. Tree model only: no POJO binding, so nothing to register for native images. */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strict about trailing garbage, so {@code {"a":1} oops} is text, not JSON. */
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {
    }

    /** Parses {@code text} as JSON; throws with Jackson's message (no source excerpt) when it is not JSON. */
    static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** A JSON value as plain Java values (maps, lists, strings, numbers, booleans, null) for Jinja. */
    static Object toJava(JsonNode node) {
        return io.sluice.template.JsonValues.toJava(node);
    }
}
