package io.sluice.plugin.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Turning an app's answer into what results and messages keep: its JSON when it has some, else its text cut
 * to a readable size. Shared by every HTTP plugin so that results look alike whatever the app.
 */
public final class ResponseJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Most characters of a non-JSON body kept in a result. */
    public static final int MAX_TEXT = 2000;
    /** Most characters of an unreadable answer quoted in a result, by {@link #excerpt}. */
    public static final int EXCERPT = 300;
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ResponseJson() {
    }

    /** The JSON object or array in {@code text}, or empty when the text is blank, a bare scalar, or not JSON. */
    public static Optional<JsonNode> container(String text) {
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

    /** {@code {"status": status, "body": <JSON, or text cut to MAX_TEXT characters>}}. */
    public static ObjectNode statusAndBody(int status, String body) {
        ObjectNode result = NODES.objectNode().put("status", status);
        container(body).ifPresentOrElse(json -> result.set("body", json), () -> result.put("body", truncate(body)));
        return result;
    }

    /** At most {@link #MAX_TEXT} characters; "" for null. */
    public static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    /**
     * {@code body} on one line, cut to {@link #EXCERPT} characters, or "" when there is none: what a failure's result
     * quotes of an answer it cannot read, enough to recognise an error page.
     */
    public static String excerpt(String body) {
        return body == null || body.isBlank() ? "" : oneLine(body, EXCERPT);
    }

    /** {@code ": <first 200 characters on one line>"} for messages, or "" when there is no body. */
    public static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + oneLine(body, 200);
    }

    /** The text on one line (runs of white space as one space), cut to {@code max} characters with "...". */
    public static String oneLine(String text, int max) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }
}
