package io.sluice.plugins.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON tree model helpers the plugin needs. Tree model only: no POJO binding, so nothing to register for native images. */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strict about trailing garbage, so {@code {"a":1} oops} is text, not JSON. */
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    static final int MAX_TEXT = 2000;

    private Json() {
    }

    /** Parses {@code text} as JSON; throws with Jackson's message (no source excerpt) when it is not JSON. */
    static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** The JSON object or array in {@code text}, or empty when the text is blank, a bare scalar, or not JSON. */
    static Optional<JsonNode> container(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isContainerNode() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** {@code {"status": status, "body": <JSON, or text cut to 2000 characters>}}. */
    static ObjectNode statusAndBody(int status, String body) {
        ObjectNode result = NODES.objectNode().put("status", status);
        container(body).ifPresentOrElse(json -> result.set("body", json), () -> result.put("body", truncate(body)));
        return result;
    }

    static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    /** {@code ": <first 200 characters on one line>"} for messages, or "" when there is no body. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
    }

    /** A JSON value as plain Java values (maps, lists, strings, numbers, booleans, null) for Jinja. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(e -> list.add(toJava(e)));
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
